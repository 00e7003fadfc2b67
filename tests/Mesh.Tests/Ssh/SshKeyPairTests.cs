using System.Security.Cryptography;
using Mesh.Ssh;

namespace Mesh.Tests.Ssh;

public class SshKeyPairTests
{
    public static TheoryData<SshKeyType> Types => [SshKeyType.Ed25519, SshKeyType.EcdsaP256, SshKeyType.Rsa];

    [Fact]
    public void An_ed25519_signature_is_RFC_8032_test_1_in_an_ssh_blob()
    {
        // RFC 8032 section 7.1, TEST 1: the secret key, its public key and the signature of the empty message.
        using var key = SshKeyPair.FromEd25519Seed(Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        var expectedPublic = Convert.FromHexString("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        Assert.Equal([.. new SshWriter().Text("ssh-ed25519").Bytes(expectedPublic).ToArray()], key.PublicKey.Blob);
        var signature = Convert.FromHexString("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        Assert.Equal(new SshWriter().Text("ssh-ed25519").Bytes(signature).ToArray(), key.Sign([]));
        Assert.True(key.PublicKey.Verify([], key.Sign([])));
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void A_signature_verifies_and_a_changed_one_does_not(SshKeyType type)
    {
        using var key = SshKeyPair.Generate(type);
        var data = "session data"u8.ToArray();
        var signature = key.Sign(data, SshSignatureOptions.RsaSha512);
        Assert.True(key.PublicKey.Verify(data, signature));
        Assert.False(key.PublicKey.Verify("other data"u8, signature));
        signature[^1] ^= 1;
        Assert.False(key.PublicKey.Verify(data, signature));
        using var other = SshKeyPair.Generate(type);
        Assert.False(other.PublicKey.Verify(data, key.Sign(data, SshSignatureOptions.RsaSha256)));
    }

    [Fact]
    public void An_rsa_key_signs_with_the_hash_the_flags_ask_and_never_sha1()
    {
        using var key = SshKeyPair.Generate(SshKeyType.Rsa);
        Assert.Equal("rsa-sha2-256", new SshReader(key.Sign("x"u8, SshSignatureOptions.RsaSha256)).Text());
        Assert.Equal("rsa-sha2-512", new SshReader(key.Sign("x"u8, SshSignatureOptions.RsaSha512)).Text());
        Assert.Throws<NotSupportedException>(() => key.Sign("x"u8));
        Assert.Equal(3072, key.PublicKey.Bits);
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void Pkcs8_and_the_public_line_round_trip(SshKeyType type)
    {
        using var key = SshKeyPair.Generate(type);
        using var again = SshKeyPair.FromPkcs8(key.ExportPkcs8());
        Assert.Equal(key.PublicKey, again.PublicKey);
        Assert.True(key.PublicKey.Verify("d"u8, again.Sign("d"u8, SshSignatureOptions.RsaSha256)));
        Assert.True(SshPublicKey.TryParseLine(key.PublicKey.ToLine("alice@example.com  laptop\n"), out var parsed, out var comment, out _));
        Assert.Equal(key.PublicKey, parsed);
        Assert.Equal("alice@example.com  laptop", comment);
        Assert.StartsWith("SHA256:", key.PublicKey.Fingerprint, StringComparison.Ordinal);
        Assert.Equal(50, key.PublicKey.Fingerprint.Length);
    }

    [Fact]
    public void An_openssh_key_file_has_the_layout_of_PROTOCOL_key()
    {
        using var key = SshKeyPair.Generate(SshKeyType.Ed25519);
        var text = key.ExportOpenSsh("me@example.com");
        Assert.StartsWith("-----BEGIN OPENSSH PRIVATE KEY-----\n", text, StringComparison.Ordinal);
        Assert.EndsWith("\n-----END OPENSSH PRIVATE KEY-----\n", text, StringComparison.Ordinal);
        var lines = text.Split('\n')[1..^2];
        Assert.All(lines[..^1], l => Assert.Equal(70, l.Length));
        var body = Convert.FromBase64String(string.Concat(lines));
        Assert.Equal("openssh-key-v1\0"u8.ToArray(), body[..15]);
        var reader = new SshReader(body.AsSpan(15));
        Assert.Equal("none", reader.Text());
        Assert.Equal("none", reader.Text());
        Assert.Equal(0, reader.Bytes().Length);
        Assert.Equal(1u, reader.Number());
        Assert.Equal(key.PublicKey.Blob, reader.Bytes().ToArray());
        var section = reader.Bytes().ToArray();
        reader.End();
        Assert.Equal(0, section.Length % 8);
        var inner = new SshReader(section);
        Assert.Equal(inner.Number(), inner.Number());
        Assert.Equal("ssh-ed25519", inner.Text());
        var pub = inner.Bytes().ToArray();
        Assert.Equal(64, inner.Bytes().Length);
        Assert.Equal("me@example.com", inner.Text());
        var blob = new SshReader(key.PublicKey.Blob);
        blob.Text();
        Assert.Equal(blob.Bytes().ToArray(), pub);
    }

    [Fact]
    public void Weak_or_malformed_keys_are_refused_with_a_reason()
    {
        using (var small = RSA.Create(1024))
            Assert.Throws<FormatException>(() => SshKeyPair.FromRsa(small.ExportParameters(true)));
        using (var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384))
            Assert.Throws<FormatException>(() => SshKeyPair.FromEcdsa(p384.ExportParameters(true)));
        Assert.Throws<FormatException>(() => SshKeyPair.FromPkcs8([0x30, 0x03, 0x02, 0x01, 0x00]));
        Assert.Throws<FormatException>(() => SshKeyPair.FromEd25519Seed(new byte[31]));
        Assert.Throws<ArgumentOutOfRangeException>(() => SshKeyPair.Generate(SshKeyType.Rsa, 2048));

        using var weak = RSA.Create(1024);
        var p = weak.ExportParameters(false);
        var blob = new SshWriter().Text("ssh-rsa").MPInt(p.Exponent).MPInt(p.Modulus).ToArray();
        Assert.False(SshPublicKey.TryParseBlob(blob, out _, out var error));
        Assert.Contains("1024 bits", error, StringComparison.Ordinal);
        Assert.False(SshPublicKey.TryParseBlob(new SshWriter().Text("ssh-dss").ToArray(), out _, out error));
        Assert.Contains("not supported", error, StringComparison.Ordinal);
        Assert.False(SshPublicKey.TryParseBlob(new SshWriter().Text("ssh-ed25519").Bytes(new byte[31]).ToArray(), out _, out _));
        Assert.False(SshPublicKey.TryParseBlob(new SshWriter().Text("ecdsa-sha2-nistp256").Text("nistp256").Bytes(new byte[65]).ToArray(), out _, out _));
        Assert.False(SshPublicKey.TryParseBlob([0xff, 0xff, 0xff, 0xff, 1], out _, out _));
        Assert.False(SshPublicKey.TryParseLine("ssh-rsa " + Convert.ToBase64String(SshKeyPairTestsKeys.Ed25519Blob), out _, out _, out error));
        Assert.Contains("says ssh-rsa", error, StringComparison.Ordinal);
        Assert.False(SshPublicKey.TryParseLine("ssh-ed25519 not*base64", out _, out _, out _));
    }
}

internal static class SshKeyPairTestsKeys
{
    public static byte[] Ed25519Blob { get; } = new SshWriter().Text("ssh-ed25519").Bytes(new byte[32]).ToArray();
}
