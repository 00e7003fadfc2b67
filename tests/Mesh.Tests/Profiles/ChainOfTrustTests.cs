using Mesh.Cryptography;
using Mesh.Profiles;
using Mesh.Schema;
using Mesh.Schema.Json;

namespace Mesh.Tests.Profiles;

public class ChainOfTrustTests
{
    private static readonly DateTimeOffset Now = TestUser.Now;

    [Fact]
    public void A_new_profile_verifies_from_its_bytes_alone()
    {
        using var alice = new TestUser(devices: 2);
        var verified = alice.Verify();

        Assert.Equal(alice.Master.SigningKey.PublicKey.Udf(), verified.Identifier);
        Assert.Equal("Master" + verified.Identifier, verified.Master.Identifier);
        Assert.Equal(2, verified.Devices.Count);
        Assert.Equal(alice.Devices[0].SignatureKey.PublicKey.Udf(), verified.Devices[0].Identifier);
        Assert.Equal(alice.Devices[0].AuthenticationKey.PublicKey, verified.Devices[0].AuthenticationKey);
        Assert.Equal(alice.Devices[0].EncryptionKey.PublicKey, verified.Devices[0].EncryptionKey);
        Assert.Equal(alice.Master.OnlineKeys[0].PublicKey, verified.Signer);
        Assert.Single(verified.Master.EscrowKeys);
    }

    [Fact]
    public void Adding_and_removing_devices_makes_profiles_that_verify_against_the_previous_one()
    {
        using var alice = new TestUser();
        var v1 = alice.Verify();
        using var phone = DeviceSecrets.Create("phone", Now);

        alice.Update(PersonalProfiles.AddDevice(v1, phone.Profile, alice.Master.OnlineKeys[0], Now));
        var v2 = alice.Verify(v1);
        Assert.Equal(2, v2.Devices.Count);
        Assert.True(v2.Updated > v1.Updated);

        alice.Update(PersonalProfiles.RemoveDevice(v2, phone.Identifier, alice.Master.OnlineKeys[0], Now));
        var v3 = alice.Verify(v2);
        Assert.Null(v3.FindDevice(phone.Identifier));
        Assert.True(v3.Updated > v2.Updated);
    }

    [Fact]
    public void Rotating_the_online_key_makes_a_profile_that_verifies_and_the_old_key_no_longer_can_sign()
    {
        using var alice = new TestUser();
        var v1 = alice.Verify();
        var newOnline = KeyPair.Generate(KeyAlgorithm.Ed25519, KeyExportPolicy.AllowExport);
        using var rotated = MasterSecrets.FromKeys(alice.Master.SigningKey, alice.Master.EscrowKeys, [newOnline], Now.AddMinutes(1));

        alice.Update(PersonalProfiles.ReplaceMaster(v1, rotated, Now.AddMinutes(1)));
        var v2 = alice.Verify(v1);
        Assert.Equal(newOnline.PublicKey, v2.Signer);

        // The retired online key can no longer sign a profile built on the new master profile.
        alice.Update(PersonalProfiles.Sign(v2.Profile with { Updated = Now.AddMinutes(2) }, alice.Master.OnlineKeys[0]));
        Assert.False(ProfileVerifier.TryVerify(alice.Bytes, v2, Now, out _, out var problem));
        Assert.Equal(ProfileFailure.SignerNotListed, problem!.Failure);
        newOnline.Dispose();
    }

    [Fact]
    public void Replacing_a_compromised_device_key_drops_the_old_device()
    {
        using var alice = new TestUser(devices: 2);
        var v1 = alice.Verify();
        var compromised = alice.Devices[1];
        using var replacement = DeviceSecrets.Create("laptop, new keys", Now);

        var removed = ProfileVerifier.Verify(TaggedJson.Serialize(
            PersonalProfiles.RemoveDevice(v1, compromised.Identifier, alice.Master.OnlineKeys[0], Now)), v1, Now);
        alice.Update(PersonalProfiles.AddDevice(removed, replacement.Profile, alice.Master.OnlineKeys[0], Now));
        var v3 = alice.Verify(removed);

        Assert.Null(v3.FindDevice(compromised.Identifier));
        Assert.NotNull(v3.FindDevice(replacement.Identifier));
    }

    [Fact]
    public void Updates_within_the_same_instant_still_move_forward()
    {
        using var alice = new TestUser();
        var v1 = alice.Verify();
        using var phone = DeviceSecrets.Create("phone", Now);
        alice.Update(PersonalProfiles.AddDevice(v1, phone.Profile, alice.Master.OnlineKeys[0], v1.Updated));
        Assert.True(alice.Verify(v1).Updated > v1.Updated);
    }

    [Fact]
    public void A_device_restores_from_its_private_profile()
    {
        using var device = DeviceSecrets.Create("laptop", Now);
        var stored = TaggedJson.Deserialize<DevicePrivateProfile>(TaggedJson.Serialize(device.ExportPrivate()));
        using var restored = DeviceSecrets.Import(stored, device.Profile, Now);
        Assert.Equal(device.AuthenticationKey.PublicKey, restored.AuthenticationKey.PublicKey);

        using var other = DeviceSecrets.Create("other", Now);
        Assert.Throws<MeshException>(() => DeviceSecrets.Import(stored, other.Profile, Now));
    }

    [Fact]
    public void An_application_may_name_its_devices_in_any_case_with_or_without_dashes()
    {
        using var alice = new TestUser(devices: 2);
        var v = alice.Verify();
        var signer = v.Devices[0].Identifier.ToLowerInvariant();
        var reader = v.Devices[1].Identifier.Replace("-", "", StringComparison.Ordinal);
        var app = new ApplicationProfileEntry { Identifier = "A1", Type = "PasswordProfile", SignID = [signer], DecryptID = [reader] };
        alice.Update(PersonalProfiles.WithApplications(v, [app], alice.Master.OnlineKeys[0], Now));

        var verified = alice.Verify(v);
        Assert.Same(verified.Devices[0], verified.FindDevice(signer));
        Assert.Same(verified.Devices[1], verified.FindDevice(reader));
    }
}
