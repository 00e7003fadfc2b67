using System.Text.Json;
using Mesh.Cryptography;
using Mesh.Encoding;
using Mesh.Escrow;
using Mesh.Jose;
using Mesh.Profiles;
using Mesh.Schema;
using Mesh.Schema.Json;
using Mesh.Tests.Profiles;

namespace Mesh.Tests.Escrow;

public class OfflineEscrowTests
{
    private static readonly DateTimeOffset Now = TestUser.Now;
    private static readonly DateTimeOffset Later = Now.AddDays(400);

    [Fact]
    public void The_entry_is_a_dir_jwe_of_the_key_set_named_by_its_digest_and_the_shares_are_S_udfs()
    {
        using var alice = new TestUser();
        var escrow = OfflineEscrow.Create(alice.Master, shares: 5, quorum: 3);

        Assert.Equal(UdfType.DigestSha2, Udf.Parse(escrow.Entry.Identifier!).Type);
        Assert.Equal(5, escrow.Shares.Count);
        Assert.All(escrow.Shares, s => Assert.Equal(UdfType.Share, Udf.Parse(s).Type));
        Assert.Equal(5, escrow.Shares.Distinct().Count());
        var message = JweMessage.Parse(JsonSerializer.Serialize(escrow.Entry.EncryptedData!, MeshJsonContext.Default.JoseWebEncryption));
        Assert.Equal("EscrowedKeySet", message.ContentType);
        Assert.Equal(JweEncryption.A256Gcm, message.Encryption);
        Assert.Equal("dir", Assert.Single(escrow.Entry.EncryptedData!.Recipients!).Header!.Value.GetProperty("alg").GetString());
        Assert.Equal(UdfType.DigestSha2, Udf.Parse(message.KeyIds[0]!).Type);

        var another = OfflineEscrow.Create(alice.Master, shares: 5, quorum: 3);
        Assert.NotEqual(escrow.Entry.Identifier, another.Entry.Identifier);
        Assert.Empty(escrow.Shares.Intersect(another.Shares));
    }

    [Fact]
    public void Exactly_a_quorum_of_shares_recovers_a_master_that_signs_a_profile_that_verifies()
    {
        using var alice = new TestUser(devices: 2);
        var original = alice.Verify();
        var escrow = OfflineEscrow.Create(alice.Master, shares: 5, quorum: 3);

        using var recovered = OfflineEscrow.Recover(escrow.Entry, [escrow.Shares[1], escrow.Shares[4], escrow.Shares[2]], original.Master, Later);

        Assert.Equal(alice.Master.SigningKey.PublicKey, recovered.SigningKey.PublicKey);
        Assert.Equal(alice.Master.EscrowKeys.Select(k => k.PublicKey), recovered.EscrowKeys.Select(k => k.PublicKey));
        Assert.Equal(alice.Master.OnlineKeys.Select(k => k.PublicKey), recovered.OnlineKeys.Select(k => k.PublicKey));
        Assert.Equal(KeyExportPolicy.AllowExport, recovered.SigningKey.ExportPolicy);

        // The recovered master signs a new personal profile, which verifies on its own and as the successor of the original.
        var next = PersonalProfiles.Create(recovered, original.Devices.Select(d => d.SignedForm), Later);
        var verified = ProfileVerifier.Verify(TaggedJson.Serialize(next), original, Later);
        Assert.Equal(original.Identifier, verified.Identifier);
        Assert.Equal(2, verified.Devices.Count);
    }

    [Fact]
    public void More_than_a_quorum_recovers_too()
    {
        using var alice = new TestUser();
        var escrow = OfflineEscrow.Create(alice.Master, shares: 5, quorum: 3);
        using var recovered = OfflineEscrow.Recover(escrow.Entry, escrow.Shares, alice.Verify().Master, Now);
        Assert.Equal(alice.Master.SigningKey.PublicKey, recovered.SigningKey.PublicKey);
    }

    [Fact]
    public void One_share_short_of_the_quorum_fails()
    {
        using var alice = new TestUser();
        var escrow = OfflineEscrow.Create(alice.Master, shares: 5, quorum: 3);
        var e = Assert.Throws<MeshException>(() => OfflineEscrow.Recover(escrow.Entry, escrow.Shares.Take(2), alice.Verify().Master, Now));
        Assert.Contains("Too few shares", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupted_share_among_exactly_a_quorum_fails_as_the_wrong_key()
    {
        using var alice = new TestUser();
        var escrow = OfflineEscrow.Create(alice.Master, shares: 3, quorum: 2);
        var corrupted = Corrupt(escrow.Shares[0]);

        var e = Assert.Throws<MeshException>(() => OfflineEscrow.Recover(escrow.Entry, [corrupted, escrow.Shares[1]], alice.Verify().Master, Now));
        Assert.Equal(MeshStatus.ClientUnauthorized, e.Status);
        Assert.Contains("do not recover this escrow's key", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupted_share_among_more_than_a_quorum_is_reported()
    {
        using var alice = new TestUser();
        var escrow = OfflineEscrow.Create(alice.Master, shares: 3, quorum: 2);
        var e = Assert.Throws<MeshException>(() =>
            OfflineEscrow.Recover(escrow.Entry, [escrow.Shares[0], escrow.Shares[1], Corrupt(escrow.Shares[2])], alice.Verify().Master, Now));
        Assert.Contains("do not agree", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_share_is_reported()
    {
        using var alice = new TestUser();
        var escrow = OfflineEscrow.Create(alice.Master, shares: 3, quorum: 2);
        var e = Assert.Throws<MeshException>(() => OfflineEscrow.Recover(escrow.Entry, [escrow.Shares[0], "not a share"], alice.Verify().Master, Now));
        Assert.Equal(MeshStatus.BadRequest, e.Status);
    }

    [Fact]
    public void Shares_of_another_escrow_fail_alone_or_mixed()
    {
        using var alice = new TestUser();
        var master = alice.Verify().Master;
        var first = OfflineEscrow.Create(alice.Master, shares: 3, quorum: 2);
        var second = OfflineEscrow.Create(alice.Master, shares: 3, quorum: 2);

        var alone = Assert.Throws<MeshException>(() => OfflineEscrow.Recover(first.Entry, second.Shares.Take(2), master, Now));
        Assert.Equal(MeshStatus.ClientUnauthorized, alone.Status);
        var mixed = Assert.Throws<MeshException>(() => OfflineEscrow.Recover(first.Entry, [first.Shares[0], second.Shares[1]], master, Now));
        Assert.Equal(MeshStatus.ClientUnauthorized, mixed.Status);
        using var recovered = OfflineEscrow.Recover(second.Entry, second.Shares.Skip(1), master, Now);
    }

    [Fact]
    public void Another_profiles_escrow_does_not_recover_this_master()
    {
        using var alice = new TestUser();
        using var bob = new TestUser();
        var bobs = OfflineEscrow.Create(bob.Master, shares: 2, quorum: 2);

        var e = Assert.Throws<MeshException>(() => OfflineEscrow.Recover(bobs.Entry, bobs.Shares, alice.Verify().Master, Now));
        Assert.Equal(MeshStatus.ClientUnauthorized, e.Status);
        Assert.Contains("another profile's escrow", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_damaged_entry_is_reported()
    {
        using var alice = new TestUser();
        var escrow = OfflineEscrow.Create(alice.Master, shares: 2, quorum: 2);
        var jwe = escrow.Entry.EncryptedData!;
        var ciphertext = Base64Url.Decode(jwe.Ciphertext!, "ciphertext");
        ciphertext[^1] ^= 0x80;
        var damaged = escrow.Entry with { EncryptedData = jwe with { Ciphertext = Base64Url.Encode(ciphertext) } };

        var e = Assert.Throws<MeshException>(() => OfflineEscrow.Recover(damaged, escrow.Shares, alice.Verify().Master, Now));
        Assert.Equal(MeshStatus.BadRequest, e.Status);
        Assert.Contains("damaged", e.Message, StringComparison.Ordinal);
        Assert.Throws<MeshException>(() => OfflineEscrow.Recover(escrow.Entry with { EncryptedData = null }, escrow.Shares, alice.Verify().Master, Now));
    }

    [Fact]
    public void The_entry_survives_its_tagged_json()
    {
        using var alice = new TestUser();
        var escrow = OfflineEscrow.Create(alice.Master, shares: 2, quorum: 2);
        var read = TaggedJson.Deserialize<OfflineEscrowEntry>(TaggedJson.Serialize(escrow.Entry));
        using var recovered = OfflineEscrow.Recover(read, escrow.Shares, alice.Verify().Master, Now);
        Assert.Equal(alice.Master.SigningKey.PublicKey, recovered.SigningKey.PublicKey);
    }

    [Fact]
    public void Online_keys_rotated_after_the_escrow_are_replaced_by_a_new_one()
    {
        using var alice = new TestUser();
        var escrow = OfflineEscrow.Create(alice.Master, shares: 2, quorum: 2);
        var newOnline = KeyPair.Generate(KeyAlgorithm.Ed25519, KeyExportPolicy.AllowExport);
        using var rotated = MasterSecrets.FromKeys(alice.Master.SigningKey, alice.Master.EscrowKeys, [newOnline], Now);
        var rotatedMaster = ProfileVerifier.VerifyMaster(rotated.Profile, Now);

        using var recovered = OfflineEscrow.Recover(escrow.Entry, escrow.Shares, rotatedMaster, Now);
        Assert.Equal(alice.Master.SigningKey.PublicKey, recovered.SigningKey.PublicKey);
        var online = Assert.Single(recovered.OnlineKeys);
        Assert.NotEqual(alice.Master.OnlineKeys[0].PublicKey, online.PublicKey);
        Assert.NotEqual(newOnline.PublicKey, online.PublicKey);
        ProfileVerifier.Verify(TaggedJson.Serialize(PersonalProfiles.Create(recovered, [], Now)), null, Now);
    }

    [Fact]
    public void Misuse_is_refused()
    {
        using var alice = new TestUser();
        Assert.ThrowsAny<ArgumentException>(() => OfflineEscrow.Create(alice.Master, shares: 3, quorum: 1));
        Assert.ThrowsAny<ArgumentException>(() => OfflineEscrow.Create(alice.Master, shares: 2, quorum: 3));
        Assert.ThrowsAny<ArgumentException>(() => OfflineEscrow.Create(alice.Master, shares: 16, quorum: 2));
    }

    // Changes one symbol of the share's value, keeping it a well-formed share.
    private static string Corrupt(string share)
    {
        var chars = share.ToCharArray();
        var i = chars.Length - 6;
        chars[i] = chars[i] == 'A' ? 'B' : 'A';
        var corrupted = new string(chars);
        Assert.True(Mesh.Secrets.SecretShare.TryParse(corrupted, out _));
        return corrupted;
    }
}
