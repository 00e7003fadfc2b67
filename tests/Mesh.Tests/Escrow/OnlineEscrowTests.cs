using Mesh.Cryptography;
using Mesh.Encoding;
using Mesh.Escrow;
using Mesh.Profiles;
using Mesh.Schema;
using Mesh.Schema.Json;
using Mesh.Tests.Profiles;

namespace Mesh.Tests.Escrow;

public class OnlineEscrowTests
{
    private static readonly DateTimeOffset Now = TestUser.Now;

    [Fact]
    public void Keys_escrowed_to_the_master_escrow_key_are_recovered_with_it()
    {
        using var alice = new TestUser();
        var device = alice.Devices[0];
        var entry = OnlineEscrow.Create([device.SignatureKey, device.EncryptionKey], alice.Verify().Master);

        Assert.Equal(UdfType.DigestSha2, Udf.Parse(entry.Identifier!).Type);
        var recipient = Assert.Single(entry.EncryptedData!.Recipients!);
        Assert.Equal("ECDH-ES+A256KW", recipient.Header!.Value.GetProperty("alg").GetString());
        Assert.Equal(alice.Master.EscrowKeys[0].PublicKey.Udf(), recipient.Header.Value.GetProperty("kid").GetString());

        var read = TaggedJson.Deserialize<OnlineEscrowEntry>(TaggedJson.Serialize(entry));
        var keys = OnlineEscrow.Recover(read, alice.Master.EscrowKeys[0]);
        try
        {
            Assert.Equal([device.SignatureKey.PublicKey, device.EncryptionKey.PublicKey], keys.Select(k => k.PublicKey));
            Assert.All(keys, k => Assert.Equal(KeyExportPolicy.AllowExport, k.ExportPolicy));
            var signature = keys[0].Sign(SignatureScheme.Ed25519, [1, 2, 3]);
            Assert.True(device.SignatureKey.PublicKey.Verify(SignatureScheme.Ed25519, [1, 2, 3], signature));
        }
        finally
        {
            foreach (var k in keys) k.Dispose();
        }
    }

    [Fact]
    public void Every_escrow_key_of_the_master_can_recover()
    {
        using var master = MasterSecrets.Create(Now, escrowKeys: 2);
        using var key = KeyPair.Generate(KeyAlgorithm.X25519, KeyExportPolicy.AllowExport);
        var entry = OnlineEscrow.Create([key], ProfileVerifier.VerifyMaster(master.Profile, Now));

        foreach (var escrowKey in master.EscrowKeys)
        {
            var keys = OnlineEscrow.Recover(entry, escrowKey);
            Assert.Equal(key.PublicKey, Assert.Single(keys).PublicKey);
            keys[0].Dispose();
        }
    }

    [Fact]
    public void Another_key_cannot_recover()
    {
        using var alice = new TestUser();
        using var bob = new TestUser();
        var entry = OnlineEscrow.Create([alice.Devices[0].EncryptionKey], alice.Verify().Master);

        var e = Assert.Throws<MeshException>(() => OnlineEscrow.Recover(entry, bob.Master.EscrowKeys[0]));
        Assert.Equal(MeshStatus.ClientUnauthorized, e.Status);
        Assert.Throws<MeshException>(() => OnlineEscrow.Recover(entry, alice.Devices[0].EncryptionKey));
    }

    [Fact]
    public void A_damaged_entry_is_reported()
    {
        using var alice = new TestUser();
        var entry = OnlineEscrow.Create([alice.Devices[0].EncryptionKey], alice.Verify().Master);
        var tag = Base64Url.Decode(entry.EncryptedData!.Tag!, "tag");
        tag[0] ^= 1;
        var damaged = entry with { EncryptedData = entry.EncryptedData with { Tag = Base64Url.Encode(tag) } };

        var e = Assert.Throws<MeshException>(() => OnlineEscrow.Recover(damaged, alice.Master.EscrowKeys[0]));
        Assert.Equal(MeshStatus.BadRequest, e.Status);
    }

    [Fact]
    public void Misuse_is_refused()
    {
        using var alice = new TestUser();
        using var noEscrow = MasterSecrets.Create(Now, escrowKeys: 0);
        using var unexportable = KeyPair.Generate(KeyAlgorithm.Ed25519);
        Assert.Throws<ArgumentException>(() => OnlineEscrow.Create([], alice.Verify().Master));
        Assert.Throws<ArgumentException>(() => OnlineEscrow.Create([alice.Devices[0].EncryptionKey], ProfileVerifier.VerifyMaster(noEscrow.Profile, Now)));
        Assert.Throws<InvalidOperationException>(() => OnlineEscrow.Create([unexportable], alice.Verify().Master));
    }
}
