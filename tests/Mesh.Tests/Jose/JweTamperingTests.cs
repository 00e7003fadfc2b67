// RFC 7516 section 5.2: anything authenticated that was changed, and keys that do not belong, fail decryption clearly.
using System.Text.Json.Nodes;
using Mesh.Cryptography;
using Mesh.Encoding;
using Mesh.Jose;

namespace Mesh.Tests.Jose;

public sealed class JweTamperingTests : IDisposable
{
    private static readonly byte[] Plaintext = System.Text.Encoding.UTF8.GetBytes("attack at dawn");
    private const string DoesNotDecrypt = "The JWE does not decrypt: wrong key or tampered.";
    private readonly JweTestKeys _keys = new();
    private readonly string _jwe;

    public JweTamperingTests() => _jwe = Jwe.Encrypt(Plaintext, _keys.Recipients(), new JweOptions { AdditionalData = new byte[] { 1, 2, 3 } });

    public void Dispose() => _keys.Dispose();

    private MeshException DecryptFails(string jwe, int recipient = 0)
    {
        var (kid, key) = _keys.All[recipient];
        return Assert.Throws<MeshException>(() => Jwe.Decrypt(jwe, key, kid));
    }

    [Fact]
    public void The_untampered_JWE_decrypts() => Assert.Equal(Plaintext, Jwe.Decrypt(_jwe, _keys.X25519A, _keys.KeyIds[0]));

    [Theory]
    [InlineData("ciphertext")]
    [InlineData("tag")]
    [InlineData("iv")]
    [InlineData("aad")]
    public void A_changed_authenticated_member_does_not_decrypt(string member)
    {
        var jwe = JweMutation.Edit(_jwe, root => root[member] = JweMutation.FlipBit(root[member]!.GetValue<string>()));
        for (var i = 0; i < 5; i++) Assert.Equal(DoesNotDecrypt, DecryptFails(jwe, i).Message);
    }

    [Fact]
    public void A_changed_protected_header_does_not_decrypt()
    {
        // Same meaning, different bytes: the tag covers the encoded header exactly as sent.
        var jwe = JweMutation.Edit(_jwe, root => JweMutation.SetProtected(root, """{ "enc":"A256GCM"}"""));
        Assert.Equal(DoesNotDecrypt, DecryptFails(jwe).Message);
        jwe = JweMutation.Edit(_jwe, root => JweMutation.SetProtected(root, """{"enc":"A256GCM","cty":"x"}"""));
        Assert.Equal(DoesNotDecrypt, DecryptFails(jwe, 4).Message);
    }

    [Fact]
    public void Removed_aad_does_not_decrypt()
    {
        var jwe = JweMutation.Edit(_jwe, root => root.Remove("aad"));
        Assert.Equal(DoesNotDecrypt, DecryptFails(jwe, 2).Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(4)]
    public void A_changed_encrypted_key_fails(int recipient)
    {
        var jwe = JweMutation.Edit(_jwe, root =>
        {
            var entry = root["recipients"]![recipient]!.AsObject();
            entry["encrypted_key"] = JweMutation.FlipBit(entry["encrypted_key"]!.GetValue<string>(), 5);
        });
        var message = DecryptFails(jwe, recipient).Message;
        Assert.Contains(recipient == 4 ? "RSA-OAEP encrypted key does not decrypt" : "integrity check", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_changed_epk_fails_the_key_unwrap()
    {
        using var other = KeyPair.Generate(KeyAlgorithm.X25519);
        var jwe = JweMutation.Edit(_jwe, root => JweMutation.RecipientHeader(root, 0)["epk"] = JsonNode.Parse(other.PublicKey.ToJwk()));
        Assert.Contains("integrity check", DecryptFails(jwe).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Swapped_encrypted_keys_fail()
    {
        var jwe = JweMutation.Edit(_jwe, root =>
        {
            var a = root["recipients"]![0]!["encrypted_key"]!.GetValue<string>();
            var b = root["recipients"]![1]!["encrypted_key"]!.GetValue<string>();
            root["recipients"]![0]!["encrypted_key"] = b;
            root["recipients"]![1]!["encrypted_key"] = a;
        });
        Assert.Contains("integrity check", DecryptFails(jwe, 0).Message, StringComparison.Ordinal);
        Assert.Contains("integrity check", DecryptFails(jwe, 1).Message, StringComparison.Ordinal);
        var e = Assert.Throws<MeshException>(() => Jwe.Decrypt(jwe, _keys.X25519A));
        Assert.StartsWith("None of the JWE's 2 recipients that fit the given X25519 key decrypts with it", e.Message, StringComparison.Ordinal);
        Assert.Equal(Plaintext, Jwe.Decrypt(jwe, _keys.P256A)); // the others are untouched
    }

    [Fact]
    public void Swapped_kids_fail()
    {
        var jwe = JweMutation.Edit(_jwe, root =>
        {
            JweMutation.RecipientHeader(root, 0)["kid"] = _keys.KeyIds[1];
            JweMutation.RecipientHeader(root, 1)["kid"] = _keys.KeyIds[0];
        });
        Assert.Contains("integrity check", DecryptFails(jwe, 0).Message, StringComparison.Ordinal);
        Assert.Equal(Plaintext, Jwe.Decrypt(jwe, _keys.X25519A)); // without a kid, every fitting recipient is tried
    }

    [Fact]
    public void A_wrong_symmetric_key_fails()
    {
        var dir = Jwe.EncryptCompact(Plaintext, JweRecipient.ForSymmetricKey(_keys.Aes256, "d", JweKeyManagement.Direct));
        var e = Assert.Throws<MeshException>(() => Jwe.Decrypt(dir, new byte[32]));
        Assert.Equal(DoesNotDecrypt, e.Message);
        var kw = Jwe.EncryptCompact(Plaintext, JweRecipient.ForSymmetricKey(_keys.Aes256, "k", JweKeyManagement.A256Kw));
        e = Assert.Throws<MeshException>(() => Jwe.Decrypt(kw, new byte[32]));
        Assert.Contains("integrity check", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<MeshException>(() => Jwe.Decrypt(kw, new byte[16]));
        Assert.Contains("uses A256KW, which needs a 32-byte symmetric key, not the given 16-byte symmetric key", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tampered_compact_JWE_fails()
    {
        var compact = Jwe.EncryptCompact(Plaintext, _keys.Recipients()[2]);
        var parts = compact.Split('.');
        for (var i = 0; i < 5; i++)
        {
            var copy = (string[])parts.Clone();
            if (i == 0)
            {
                var header = System.Text.Encoding.UTF8.GetString(Base64Url.Decode(copy[0]));
                copy[0] = Base64Url.Encode(System.Text.Encoding.UTF8.GetBytes(header.Replace("\"enc\"", " \"enc\"", StringComparison.Ordinal)));
            }
            else
            {
                copy[i] = JweMutation.FlipBit(copy[i], i == 1 ? 9 : 0);
            }
            Assert.Throws<MeshException>(() => Jwe.Decrypt(string.Join('.', copy), _keys.P256A));
        }
    }
}
