using Mesh.Cryptography;
using Mesh.Encoding;
using Mesh.Profiles;
using Mesh.Schema;
using Mesh.Schema.Json;
using Mesh.X509;

namespace Mesh.Tests.Profiles;

/// <summary>Each forgery of the chain of trust fails with its own reason.</summary>
public class ChainOfTrustForgeryTests
{
    private static readonly DateTimeOffset Now = TestUser.Now;

    private static ProfileFailure FailureOf(SignedPersonalProfile forged, VerifiedPersonalProfile? previous = null)
    {
        Assert.False(ProfileVerifier.TryVerify(TaggedJson.Serialize(forged), previous, Now, out _, out var problem));
        return problem!.Failure;
    }

    [Fact]
    public void A_forged_master_signature_is_refused()
    {
        using var alice = new TestUser();
        var v = alice.Verify();
        using var mallory = KeyPair.Generate(KeyAlgorithm.Ed25519);
        var forgedMaster = new SignedMasterProfile { Identifier = v.Master.Identifier, SignedData = SignedPayload.Sign(v.Master.Profile, mallory) };
        var forged = PersonalProfiles.Sign(v.Profile with { SignedMasterProfile = forgedMaster }, alice.Master.OnlineKeys[0]);
        Assert.Equal(ProfileFailure.MasterSignatureInvalid, FailureOf(forged));
    }

    [Fact]
    public void A_personal_profile_signed_by_an_unlisted_key_is_refused()
    {
        using var alice = new TestUser();
        using var mallory = KeyPair.Generate(KeyAlgorithm.Ed25519);
        Assert.Equal(ProfileFailure.SignerNotListed, FailureOf(PersonalProfiles.Sign(alice.Verify().Profile, mallory)));
    }

    [Fact]
    public void A_device_profile_signed_by_another_key_is_refused()
    {
        using var alice = new TestUser();
        var v = alice.Verify();
        using var mallory = KeyPair.Generate(KeyAlgorithm.Ed25519);
        var device = v.Devices[0];
        var forgedDevice = new SignedDeviceProfile { Identifier = device.Identifier, SignedData = SignedPayload.Sign(device.Profile with { Description = "evil" }, mallory) };
        var forged = PersonalProfiles.Sign(v.Profile with { Devices = [forgedDevice] }, alice.Master.OnlineKeys[0]);
        Assert.Equal(ProfileFailure.DeviceNotSelfSigned, FailureOf(forged));
    }

    [Fact]
    public void A_personal_identifier_that_is_not_the_master_key_udf_is_refused()
    {
        using var alice = new TestUser();
        var v = alice.Verify();
        var forged = PersonalProfiles.Sign(v.Profile with { Identifier = Udf.ContentDigest("text/plain", "x"u8) }, alice.Master.OnlineKeys[0]);
        Assert.Equal(ProfileFailure.IdentifierMismatch, FailureOf(forged));
    }

    [Fact]
    public void A_device_identifier_that_is_not_its_signature_key_udf_is_refused()
    {
        using var alice = new TestUser();
        var v = alice.Verify();
        var device = alice.Devices[0];
        var renamed = v.Devices[0].Profile with { Identifier = alice.Devices[0].AuthenticationKey.PublicKey.Udf() };
        var forgedDevice = new SignedDeviceProfile { Identifier = renamed.Identifier, SignedData = SignedPayload.Sign(renamed, device.SignatureKey) };
        var forged = PersonalProfiles.Sign(v.Profile with { Devices = [forgedDevice] }, alice.Master.OnlineKeys[0]);
        Assert.Equal(ProfileFailure.IdentifierMismatch, FailureOf(forged));
    }

    [Fact]
    public void A_key_whose_udf_is_not_its_fingerprint_is_refused()
    {
        using var alice = new TestUser();
        var v = alice.Verify();
        var device = alice.Devices[0];
        var wrong = v.Devices[0].Profile with { DeviceEncryptiontionKey = v.Devices[0].Profile.DeviceEncryptiontionKey! with { UDF = device.Identifier } };
        var forgedDevice = new SignedDeviceProfile { Identifier = device.Identifier, SignedData = SignedPayload.Sign(wrong, device.SignatureKey) };
        var forged = PersonalProfiles.Sign(v.Profile with { Devices = [forgedDevice] }, alice.Master.OnlineKeys[0]);
        Assert.Equal(ProfileFailure.IdentifierMismatch, FailureOf(forged));
    }

    [Fact]
    public void An_online_key_not_certified_by_the_master_key_is_refused()
    {
        using var alice = new TestUser();
        var v = alice.Verify();
        using var mallory = KeyPair.Generate(KeyAlgorithm.Ed25519);
        var malloryCa = CertifiedKeys.SelfSigned(mallory, Now);
        var rogue = CertifiedKeys.Issued(mallory, malloryCa, alice.Master.OnlineKeys[0].PublicKey, CertificateUse.Signature, Now);
        var master = v.Master.Profile with { OnlineSignatureKeys = [rogue] };
        var signedMaster = new SignedMasterProfile { Identifier = master.Identifier, SignedData = SignedPayload.Sign(master, alice.Master.SigningKey) };
        var forged = PersonalProfiles.Sign(v.Profile with { SignedMasterProfile = signedMaster }, alice.Master.OnlineKeys[0]);
        Assert.Equal(ProfileFailure.CertificateInvalid, FailureOf(forged));
    }

    [Fact]
    public void A_swapped_master_profile_is_refused()
    {
        using var alice = new TestUser();
        using var bob = new TestUser();
        var aliceV = alice.Verify();
        // Bob's own valid profile offered as the next version of Alice's.
        Assert.Equal(ProfileFailure.MasterProfileChanged, FailureOf(bob.Signed, aliceV));
        // Alice's devices under Bob's master profile, signed by Alice's online key.
        var swapped = PersonalProfiles.Sign(aliceV.Profile with { SignedMasterProfile = bob.Master.Profile }, alice.Master.OnlineKeys[0]);
        Assert.Equal(ProfileFailure.SignerNotListed, FailureOf(swapped));
    }

    [Fact]
    public void A_tampered_payload_is_refused()
    {
        using var alice = new TestUser();
        var v = alice.Verify();
        var altered = TaggedJson.Serialize(v.Profile with { Updated = Now.AddYears(1) });
        var jws = alice.Signed.SignedData! with { Payload = Base64Url.Encode(altered) };
        Assert.Equal(ProfileFailure.SignatureInvalid, FailureOf(alice.Signed with { SignedData = jws }));
    }

    [Fact]
    public void A_rolled_back_update_is_refused()
    {
        using var alice = new TestUser();
        var v1Bytes = alice.Bytes;
        var v1 = alice.Verify();
        using var phone = DeviceSecrets.Create("phone", Now);
        alice.Update(PersonalProfiles.AddDevice(v1, phone.Profile, alice.Master.OnlineKeys[0], Now.AddMinutes(5)));
        var v2 = alice.Verify(v1);

        Assert.False(ProfileVerifier.TryVerify(v1Bytes, v2, Now, out _, out var problem));
        Assert.Equal(ProfileFailure.RolledBack, problem!.Failure);
        Assert.Equal(MeshStatus.AlreadyExists, problem.Status);
    }

    [Fact]
    public void An_application_naming_an_unknown_device_is_refused()
    {
        using var alice = new TestUser();
        var v = alice.Verify();
        var app = new ApplicationProfileEntry { Identifier = "A1", Type = "PasswordProfile", DecryptID = [Udf.ContentDigest("text/plain", "ghost"u8)] };
        var forged = PersonalProfiles.Sign(v.Profile with { Applications = [app] }, alice.Master.OnlineKeys[0]);
        Assert.Equal(ProfileFailure.UnknownDevice, FailureOf(forged));
    }

    [Theory]
    [InlineData("")]
    [InlineData("""{"SignedPersonalProfile":{}}""")]
    [InlineData("""{"SignedPersonalProfile":{"SignedData":{"payload":"e30","signatures":[]}}}""")]
    [InlineData("""{"SignedDeviceProfile":{}}""")]
    public void Malformed_bytes_are_refused_as_malformed(string json)
    {
        Assert.False(ProfileVerifier.TryVerify(System.Text.Encoding.UTF8.GetBytes(json), null, Now, out _, out var problem));
        Assert.Equal(ProfileFailure.Malformed, problem!.Failure);
        Assert.Equal(MeshStatus.BadRequest, problem.ToMeshException().Status);
    }

    [Fact]
    public void A_validly_signed_profile_listing_a_null_device_or_application_is_refused_as_malformed()
    {
        using var alice = new TestUser();
        var v = alice.Verify();
        var nullDevice = PersonalProfiles.Sign(v.Profile with { Devices = [.. v.Profile.Devices!, null!] }, alice.Master.OnlineKeys[0]);
        var nullApplication = PersonalProfiles.Sign(v.Profile with { Applications = [null!] }, alice.Master.OnlineKeys[0]);
        Assert.Equal(ProfileFailure.Malformed, FailureOf(nullDevice));
        Assert.Equal(ProfileFailure.Malformed, FailureOf(nullApplication));
    }
}
