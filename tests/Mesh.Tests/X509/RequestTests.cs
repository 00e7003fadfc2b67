using Mesh.Cryptography;
using Mesh.X509;
using static Mesh.Tests.X509.TestPki;

namespace Mesh.Tests.X509;

public class RequestTests
{
    [Theory]
    [InlineData(KeyAlgorithm.Ed25519)]
    [InlineData(KeyAlgorithm.P256)]
    [InlineData(KeyAlgorithm.Rsa)]
    public void Request_round_trips_and_tampering_is_rejected(KeyAlgorithm algorithm)
    {
        using var key = NewKey(algorithm);
        var request = PersonalCertificates.CreateRequest(key, "Device key");
        Assert.Equal(key.PublicKey, PersonalCertificates.VerifyRequest(request));

        Assert.Throws<MeshException>(() => PersonalCertificates.VerifyRequest(ReplaceText(request, "Device key")));
        Assert.Throws<MeshException>(() => PersonalCertificates.VerifyRequest(FlipLastByte(request)));
        Assert.Throws<MeshException>(() => PersonalCertificates.VerifyRequest(request[..^1]));
    }

    [Fact]
    public void Certificate_is_not_a_request()
    {
        using var key = NewKey(KeyAlgorithm.Ed25519);
        Assert.Throws<MeshException>(() => PersonalCertificates.VerifyRequest(Ca(key)));
    }
}
