// RFC 7516 sections 5.1/5.2 and 7: our encryption, decrypted by our decryption, in every supported combination.
using System.Text.Json;
using Mesh.Cryptography;
using Mesh.Encoding;
using Mesh.Jose;

namespace Mesh.Tests.Jose;

public sealed class JweRoundTripTests : IDisposable
{
    private static readonly byte[] Plaintext = System.Text.Encoding.UTF8.GetBytes("""{"PersonalProfile":{"Identifier":"MB..."}}""");
    private readonly JweTestKeys _keys = new();

    public void Dispose() => _keys.Dispose();

    [Fact]
    public void Five_recipients_of_three_key_types_each_decrypt()
    {
        var jwe = Jwe.Encrypt(Plaintext, _keys.Recipients(), new JweOptions { ContentType = "PersonalProfile" });
        var message = JweMessage.Parse(jwe);
        Assert.Equal(JweSerialization.General, message.Serialization);
        Assert.Equal(JweEncryption.A256Gcm, message.Encryption);
        Assert.Equal("PersonalProfile", message.ContentType);
        Assert.Equal(_keys.KeyIds, message.KeyIds);
        foreach (var (kid, key) in _keys.All)
        {
            Assert.Equal(Plaintext, message.Decrypt(key, kid));
            Assert.Equal(Plaintext, message.Decrypt(key));
        }
    }

    [Fact]
    public void The_general_serialization_has_the_NOTES_layout()
    {
        using var document = JsonDocument.Parse(Jwe.Encrypt(Plaintext, _keys.Recipients()));
        var root = document.RootElement;
        Assert.Equal("""{"enc":"A256GCM"}""", System.Text.Encoding.UTF8.GetString(Base64Url.Decode(root.GetProperty("protected").GetString()!)));
        var recipients = root.GetProperty("recipients").EnumerateArray().ToList();
        Assert.Equal(5, recipients.Count);
        for (var i = 0; i < recipients.Count; i++)
        {
            var header = recipients[i].GetProperty("header");
            Assert.Equal(_keys.KeyIds[i], header.GetProperty("kid").GetString());
            var alg = header.GetProperty("alg").GetString();
            Assert.Equal(i == 4 ? "RSA-OAEP-256" : "ECDH-ES+A256KW", alg);
            Assert.Equal(i != 4, header.TryGetProperty("epk", out var epk));
            if (i < 2) Assert.Equal("X25519", epk.GetProperty("crv").GetString());
            if (i is 2 or 3) Assert.Equal("P-256", epk.GetProperty("crv").GetString());
            Assert.False(string.IsNullOrEmpty(recipients[i].GetProperty("encrypted_key").GetString()));
        }
        Assert.Equal(12, Base64Url.Decode(root.GetProperty("iv").GetString()!).Length);
        Assert.Equal(16, Base64Url.Decode(root.GetProperty("tag").GetString()!).Length);
        Assert.False(root.TryGetProperty("aad", out _));
    }

    [Fact]
    public void Each_ECDH_recipient_gets_its_own_ephemeral_key()
    {
        using var document = JsonDocument.Parse(Jwe.Encrypt(Plaintext, _keys.Recipients()));
        var epks = document.RootElement.GetProperty("recipients").EnumerateArray().Take(4)
            .Select(r => r.GetProperty("header").GetProperty("epk").GetProperty("x").GetString()).ToList();
        Assert.Equal(4, epks.Distinct().Count());
    }

    [Fact]
    public void A_non_recipient_fails_clearly()
    {
        var jwe = Jwe.Encrypt(Plaintext, _keys.Recipients());
        using var stranger = KeyPair.Generate(KeyAlgorithm.X25519);
        var e = Assert.Throws<MeshException>(() => Jwe.Decrypt(jwe, stranger));
        Assert.StartsWith("None of the JWE's 2 recipients that fit the given X25519 key decrypts with it", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<MeshException>(() => Jwe.Decrypt(jwe, stranger, "MStranger"));
        Assert.Equal("The JWE has no recipient with key id 'MStranger'.", e.Message);
        // A recipient's key id with another recipient's key: the error is about that recipient.
        e = Assert.Throws<MeshException>(() => Jwe.Decrypt(jwe, stranger, _keys.KeyIds[0]));
        Assert.Contains("integrity check", e.Message, StringComparison.Ordinal);
        using var ed25519 = KeyPair.Generate(KeyAlgorithm.Ed25519);
        e = Assert.Throws<MeshException>(() => Jwe.Decrypt(jwe, ed25519));
        Assert.Equal("None of the JWE's 5 recipients uses an algorithm for the given Ed25519 key; they use ECDH-ES+A256KW, RSA-OAEP-256.", e.Message);
    }

    public static TheoryData<JweKeyManagement, JweEncryption> Combinations()
    {
        var data = new TheoryData<JweKeyManagement, JweEncryption>();
        foreach (var alg in Enum.GetValues<JweKeyManagement>())
            foreach (var enc in Enum.GetValues<JweEncryption>())
                data.Add(alg, enc);
        return data;
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public void Every_algorithm_round_trips_in_both_serializations(JweKeyManagement alg, JweEncryption enc)
    {
        var options = new JweOptions { Encryption = enc };
        foreach (var (recipient, decrypt) in _keys.ForAlgorithm(alg, enc))
        {
            var compact = Jwe.EncryptCompact(Plaintext, recipient, options);
            Assert.Equal(JweSerialization.Compact, JweMessage.Parse(compact).Serialization);
            Assert.Equal(Plaintext, decrypt(compact, recipient.KeyId));
            Assert.Equal(Plaintext, decrypt(compact, null));
            var general = Jwe.Encrypt(Plaintext, [recipient], options);
            Assert.Equal(Plaintext, decrypt(general, recipient.KeyId));
            Assert.Equal(alg.IsDirect(), !general.Contains("encrypted_key", StringComparison.Ordinal));
            Assert.Equal(alg.IsDirect(), compact.Split('.')[1].Length == 0);
        }
    }

    [Fact]
    public void The_compact_header_protects_alg_kid_and_epk()
    {
        var compact = Jwe.EncryptCompact(Plaintext, _keys.Recipients()[0], new JweOptions { ContentType = "text/plain" });
        using var header = JsonDocument.Parse(Base64Url.Decode(compact.Split('.')[0]));
        Assert.Equal(["alg", "kid", "epk", "enc", "cty"], header.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("ECDH-ES+A256KW", header.RootElement.GetProperty("alg").GetString());
        Assert.Equal("""{"kty":"OKP","crv":"X25519","x":""", header.RootElement.GetProperty("epk").GetRawText()[..32]);
    }

    [Fact]
    public void Additional_data_and_empty_plaintext_round_trip()
    {
        var aad = System.Text.Encoding.UTF8.GetBytes("bound, not secret");
        var jwe = Jwe.Encrypt([], _keys.Recipients(), new JweOptions { AdditionalData = aad });
        using (var document = JsonDocument.Parse(jwe))
        {
            Assert.Equal(Base64Url.Encode(aad), document.RootElement.GetProperty("aad").GetString());
            Assert.Equal("", document.RootElement.GetProperty("ciphertext").GetString());
        }
        foreach (var (kid, key) in _keys.All) Assert.Empty(Jwe.Decrypt(jwe, key, kid));
    }

    [Fact]
    public void A_megabyte_plaintext_to_64_recipients_is_within_the_reader_limits()
    {
        var plaintext = new byte[Jwe.MaxPlaintextLength];
        Random.Shared.NextBytes(plaintext);
        var recipients = Enumerable.Range(0, Jwe.MaxRecipients)
            .Select(i => JweRecipient.ForSymmetricKey(_keys.Aes256, $"k{i}", JweKeyManagement.A256Kw)).ToList();
        var jwe = Jwe.Encrypt(plaintext, recipients);
        Assert.Equal(plaintext, Jwe.Decrypt(jwe, _keys.Aes256, "k63"));
    }

    [Fact]
    public void A_low_order_recipient_key_is_refused()
    {
        var lowOrder = PublicKeyInfo.FromJwk($$"""{"kty":"OKP","crv":"X25519","x":"{{new string('A', 43)}}"}""");
        var e = Assert.Throws<MeshException>(() => Jwe.Encrypt(Plaintext, [JweRecipient.ForPublicKey(lowOrder, "zero")]));
        Assert.Equal("The X25519 peer key is degenerate (low order).", e.Message);
    }

    [Fact]
    public void Misuse_throws_ArgumentException()
    {
        using var ed25519 = KeyPair.Generate(KeyAlgorithm.Ed25519);
        var x25519 = _keys.Recipients()[0];
        Assert.Throws<ArgumentException>(() => JweRecipient.ForPublicKey(ed25519.PublicKey, "k"));
        Assert.Throws<ArgumentException>(() => JweRecipient.ForPublicKey(x25519.PublicKey!, "k", JweKeyManagement.RsaOaep256));
        Assert.Throws<ArgumentException>(() => JweRecipient.ForPublicKey(JweTestKeys.Rsa.PublicKey, "k", JweKeyManagement.EcdhEsA256Kw));
        Assert.Throws<ArgumentException>(() => JweRecipient.ForPublicKey(x25519.PublicKey!, ""));
        Assert.Throws<ArgumentException>(() => JweRecipient.ForSymmetricKey(new byte[16], "k", JweKeyManagement.A256Kw));
        Assert.Throws<ArgumentException>(() => JweRecipient.ForSymmetricKey(new byte[24], "k", JweKeyManagement.Direct));
        Assert.Throws<ArgumentException>(() => JweRecipient.ForSymmetricKey(new byte[32], "k", JweKeyManagement.EcdhEs));
        Assert.Throws<ArgumentException>(() => Jwe.Encrypt(Plaintext, []));
        Assert.Throws<ArgumentException>(() => Jwe.Encrypt(Plaintext, [x25519, x25519]));
        var direct = JweRecipient.ForPublicKey(x25519.PublicKey!, "direct", JweKeyManagement.EcdhEs);
        Assert.Throws<ArgumentException>(() => Jwe.Encrypt(Plaintext, [direct, _keys.Recipients()[1]]));
        var dir16 = JweRecipient.ForSymmetricKey(new byte[16], "dir", JweKeyManagement.Direct);
        Assert.Throws<ArgumentException>(() => Jwe.Encrypt(Plaintext, [dir16])); // A256GCM needs 32 bytes
        Assert.Throws<ArgumentException>(() => Jwe.EncryptCompact(Plaintext, x25519, new JweOptions { AdditionalData = new byte[1] }));
        Assert.Throws<ArgumentException>(() => Jwe.Encrypt(new byte[Jwe.MaxPlaintextLength + 1], [x25519]));
        Assert.Throws<ArgumentException>(() => Jwe.Encrypt(new byte[10 * 1024 * 1024], [x25519]));
        var many = Enumerable.Range(0, Jwe.MaxRecipients + 1).Select(i => JweRecipient.ForSymmetricKey(new byte[16], $"k{i}", JweKeyManagement.A128Kw)).ToList();
        Assert.Throws<ArgumentException>(() => Jwe.Encrypt(Plaintext, many));
        Assert.Throws<ArgumentException>(() => JweMessage.Parse(Jwe.EncryptCompact(Plaintext, x25519)).Decrypt([]));
    }
}
