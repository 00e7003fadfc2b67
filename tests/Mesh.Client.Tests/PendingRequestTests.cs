using Mesh.Profiles;
using Mesh.Schema;

namespace Mesh.Client.Tests;

/// <summary>What an administering device makes of a request as the portal lists it: never an exception.</summary>
public sealed class PendingRequestTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void A_request_listed_without_a_transaction_has_no_witness_code(string? transaction)
    {
        using var test = new TestHome();
        using var phone = DeviceSecrets.Create("phone", TestHome.Now);
        var profile = test.Device.Profile;
        var request = new ConnectionRequest { ParentUDF = profile.Identifier, Device = phone.Profile, DeviceNonce = Udf.Nonce() };
        var signed = new SignedConnectionRequest { Identifier = phone.Identifier, SignedData = SignedPayload.Sign(request, phone.SignatureKey) };

        var examined = PendingRequests.Examine(signed, transaction, profile, [], TestHome.Now);

        Assert.Equal(phone.Identifier, examined.DeviceId);
        Assert.Null(examined.Witness);
        Assert.Null(examined.Problem);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_request_without_a_nonce_UDF_has_no_witness_code_and_a_problem(bool otherUdf)
    {
        // A well-formed UDF of another type is not a nonce either.
        var nonce = otherUdf ? Udf.ContentDigest("text/plain", "hello"u8) : null;
        using var test = new TestHome();
        using var phone = DeviceSecrets.Create("phone", TestHome.Now);
        var profile = test.Device.Profile;
        var request = new ConnectionRequest { ParentUDF = profile.Identifier, Device = phone.Profile, DeviceNonce = nonce };
        var signed = new SignedConnectionRequest { Identifier = phone.Identifier, SignedData = SignedPayload.Sign(request, phone.SignatureKey) };

        var examined = PendingRequests.Examine(signed, "T1", profile, [], TestHome.Now);

        Assert.Null(examined.Witness);
        Assert.Contains("DeviceNonce", examined.Problem, StringComparison.Ordinal);
    }
}
