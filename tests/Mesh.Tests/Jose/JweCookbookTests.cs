// RFC 7520 section 5 (JWE examples) and the Curve25519 ECDH-ES example of the JOSE cookbook.
using System.Security.Cryptography;
using System.Text.Json;
using Mesh.Cryptography;
using Mesh.Encoding;
using Mesh.Jose;

namespace Mesh.Tests.Jose;

public class JweCookbookTests
{
    public static TheoryData<string, string> Supported => new()
    {
        { "5_2", "compact" }, { "5_2", "json" }, { "5_2", "json_flat" },
        { "5_6", "compact" }, { "5_6", "json" }, { "5_6", "json_flat" },
        { "5_8", "compact" }, { "5_8", "json" }, { "5_8", "json_flat" },
        { "5_10", "json" }, { "5_10", "json_flat" },
        { "5_11", "json" }, { "5_11", "json_flat" },
        { "5_12", "json" }, { "5_12", "json_flat" },
    };

    [Theory]
    [MemberData(nameof(Supported))]
    public void Supported_examples_decrypt_to_their_plaintext(string number, string form)
    {
        var vector = JweVectors.Cookbook(number);
        var jwe = JweVectors.Output(vector, form);
        var kid = JweVectors.InputKey(vector).GetProperty("kid").GetString();
        Assert.Equal(JweVectors.Plaintext(vector), Decrypt(vector, jwe, null));
        Assert.Equal(JweVectors.Plaintext(vector), Decrypt(vector, jwe, kid));
    }

    [Theory]
    [InlineData("compact")]
    [InlineData("json")]
    [InlineData("json_flat")]
    public void Curve25519_ECDH_ES_example_decrypts(string form)
    {
        // The file's "encrypting_key.epk" is stale (it is RFC 7748's Alice key); the protected header's epk is the one used.
        var vector = JweVectors.Load("cookbook/curve25519/ecdh-es.json");
        using var bob = KeyPair.ImportJwk(JweVectors.InputKey(vector).GetRawText());
        var message = JweMessage.Parse(JweVectors.Output(vector, form));
        Assert.Equal(JweEncryption.A128Gcm, message.Encryption);
        Assert.Equal(JweVectors.Plaintext(vector), System.Text.Encoding.UTF8.GetString(message.Decrypt(bob, "Bob")));
    }

    [Theory]
    [InlineData("5_6")]
    [InlineData("5_8")]
    public void Deterministic_compact_examples_are_reproduced_byte_for_byte(string number)
    {
        var vector = JweVectors.Cookbook(number);
        var input = vector.GetProperty("input");
        var algorithm = input.GetProperty("alg").GetString() == "dir" ? JweKeyManagement.Direct : JweKeyManagement.A128Kw;
        var recipient = JweRecipient.ForSymmetricKey(JweVectors.SymmetricKey(vector), JweVectors.InputKey(vector).GetProperty("kid").GetString()!, algorithm);
        var options = new JweOptions
        {
            Encryption = JweEncryption.A128Gcm,
            TestCek = algorithm == JweKeyManagement.Direct ? null : JweVectors.Generated(vector, "cek"),
            TestIv = JweVectors.Generated(vector, "iv"),
        };
        Assert.Equal(JweVectors.Output(vector, "compact"), Jwe.EncryptCompact(JweVectors.PlaintextBytes(vector), recipient, options));
    }

    [Fact]
    public void Example_5_2_RSA_OAEP_is_reproduced_but_for_the_randomized_encrypted_key()
    {
        var vector = JweVectors.Cookbook("5_2");
        using var key = KeyPair.ImportJwk(JweVectors.InputKey(vector).GetRawText());
        var recipient = JweRecipient.ForPublicKey(key.PublicKey, "samwise.gamgee@hobbiton.example", JweKeyManagement.RsaOaep);
        var options = new JweOptions { TestCek = JweVectors.Generated(vector, "cek"), TestIv = JweVectors.Generated(vector, "iv") };
        var ours = Jwe.EncryptCompact(JweVectors.PlaintextBytes(vector), recipient, options).Split('.');
        var theirs = JweVectors.Output(vector, "compact").Split('.');
        Assert.Equal([theirs[0], theirs[2], theirs[3], theirs[4]], [ours[0], ours[2], ours[3], ours[4]]);
        Assert.Equal(JweVectors.PlaintextBytes(vector), Jwe.Decrypt(string.Join('.', ours), key));
    }

    [Fact]
    public void Example_5_10_with_AAD_is_reproduced()
    {
        var vector = JweVectors.Cookbook("5_10");
        var recipient = JweRecipient.ForSymmetricKey(JweVectors.SymmetricKey(vector), "81b20965-8332-43d9-a468-82160ad91ac8", JweKeyManagement.A128Kw);
        var options = new JweOptions
        {
            Encryption = JweEncryption.A128Gcm,
            AdditionalData = System.Text.Encoding.UTF8.GetBytes(vector.GetProperty("input").GetProperty("aad").GetString()!),
            TestCek = JweVectors.Generated(vector, "cek"),
            TestIv = JweVectors.Generated(vector, "iv"),
        };
        // Its layout (everything protected, plus AAD) is the flattened form of our compact layout.
        var parts = JweEncryptor.Encrypt(JweVectors.PlaintextBytes(vector), [recipient], options, singleHeader: true);
        var expected = vector.GetProperty("output").GetProperty("json_flat");
        Assert.Equal(expected.GetProperty("protected").GetString(), parts.EncodedProtected);
        Assert.Equal(expected.GetProperty("aad").GetString(), parts.EncodedAad);
        Assert.Equal(expected.GetProperty("encrypted_key").GetString(), Base64Url.Encode(parts.Recipients[0].EncryptedKey!));
        Assert.Equal(expected.GetProperty("iv").GetString(), Base64Url.Encode(parts.Iv));
        Assert.Equal(expected.GetProperty("ciphertext").GetString(), Base64Url.Encode(parts.Ciphertext));
        Assert.Equal(expected.GetProperty("tag").GetString(), Base64Url.Encode(parts.Tag));
    }

    [Fact]
    public void Example_5_11_is_reproduced_by_the_general_serialization()
    {
        // 5.11 protects only "enc", as our general serialization does; it puts alg and kid in the shared
        // unprotected header where we put them in the recipient's, which the tag does not cover.
        var vector = JweVectors.Cookbook("5_11");
        var recipient = JweRecipient.ForSymmetricKey(JweVectors.SymmetricKey(vector), "81b20965-8332-43d9-a468-82160ad91ac8", JweKeyManagement.A128Kw);
        var options = new JweOptions { Encryption = JweEncryption.A128Gcm, TestCek = JweVectors.Generated(vector, "cek"), TestIv = JweVectors.Generated(vector, "iv") };
        using var ours = JsonDocument.Parse(Jwe.Encrypt(JweVectors.PlaintextBytes(vector), [recipient], options));
        var expected = vector.GetProperty("output").GetProperty("json");
        foreach (var member in new[] { "protected", "iv", "ciphertext", "tag" })
            Assert.Equal(expected.GetProperty(member).GetString(), ours.RootElement.GetProperty(member).GetString());
        Assert.Equal(
            expected.GetProperty("recipients")[0].GetProperty("encrypted_key").GetString(),
            ours.RootElement.GetProperty("recipients")[0].GetProperty("encrypted_key").GetString());
        var header = ours.RootElement.GetProperty("recipients")[0].GetProperty("header");
        Assert.Equal("""{"alg":"A128KW","kid":"81b20965-8332-43d9-a468-82160ad91ac8"}""", header.GetRawText());
    }

    [Fact]
    public void Example_5_4_P384_is_rejected_as_an_unsupported_curve_but_its_KDF_and_key_wrap_check_out()
    {
        var vector = JweVectors.Cookbook("5_4");
        // We have no P-384 keys: the epk is refused with a clear message, whatever key we hold.
        using var p256 = KeyPair.Generate(KeyAlgorithm.P256);
        var e = Assert.Throws<MeshException>(() => Jwe.Decrypt(JweVectors.Output(vector, "compact"), p256));
        Assert.Contains("P-384", e.Message, StringComparison.Ordinal);
        Assert.Contains("not supported", e.Message, StringComparison.Ordinal);

        // The steps after the agreement are curve-independent: check them with .NET's P-384 ECDH.
        var z = P384Agree(JweVectors.InputKey(vector), vector.GetProperty("encrypting_key").GetProperty("epk"));
        var kek = ConcatKdf.Derive(z, "ECDH-ES+A128KW", [], [], 16);
        var encryptedKey = Base64Url.Decode(vector.GetProperty("encrypting_key").GetProperty("encrypted_key").GetString()!);
        var cek = AesKeyWrap.Unwrap(kek, encryptedKey);
        Assert.Equal(JweVectors.Generated(vector, "cek"), cek);
        var content = vector.GetProperty("encrypting_content");
        var plaintext = JweContent.Decrypt(JweEncryption.A128Gcm, cek, JweVectors.Generated(vector, "iv"),
            Base64Url.Decode(content.GetProperty("ciphertext").GetString()!), Base64Url.Decode(content.GetProperty("tag").GetString()!),
            JweContent.AdditionalData(content.GetProperty("protected_b64u").GetString()!, null));
        Assert.Equal(JweVectors.PlaintextBytes(vector), plaintext);
    }

    [Fact]
    public void Example_5_5_ECDH_ES_P256_derives_its_CEK_though_its_enc_is_unsupported()
    {
        var vector = JweVectors.Cookbook("5_5");
        using var key = KeyPair.ImportJwk(JweVectors.InputKey(vector).GetRawText());
        var e = Assert.Throws<MeshException>(() => Jwe.Decrypt(JweVectors.Output(vector, "compact"), key));
        Assert.Contains("'A128CBC-HS256' is unsupported", e.Message, StringComparison.Ordinal);

        using var document = JsonDocument.Parse(vector.GetProperty("encrypting_content").GetProperty("protected").GetRawText());
        var cek = JweKeyAgreement.Receive(key, new JweHeader(document.RootElement, null, null), "A128CBC-HS256", 32);
        Assert.Equal(vector.GetProperty("encrypting_key").GetProperty("cek").GetString(), Base64Url.Encode(cek));
    }

    public static TheoryData<string, string, string> Unsupported => new()
    {
        { "5_1", "compact", "'A128CBC-HS256' is unsupported" }, { "5_1", "json", "'A128CBC-HS256' is unsupported" },
        { "5_3", "compact", "'A128CBC-HS256' is unsupported" }, { "5_3", "json_flat", "'A128CBC-HS256' is unsupported" },
        { "5_5", "json", "'A128CBC-HS256' is unsupported" },
        { "5_7", "compact", "'A128CBC-HS256' is unsupported" }, { "5_7", "json", "'A128CBC-HS256' is unsupported" },
        { "5_9", "compact", "compression ('zip': 'DEF'), which is unsupported" }, { "5_9", "json", "compression ('zip': 'DEF'), which is unsupported" },
        { "5_13", "json", "'A128CBC-HS256' is unsupported" },
    };

    [Theory]
    [MemberData(nameof(Unsupported))]
    public void Out_of_scope_examples_are_rejected_as_unsupported(string number, string form, string expected)
    {
        var jwe = JweVectors.Output(JweVectors.Cookbook(number), form);
        var e = Assert.Throws<MeshException>(() => JweMessage.Parse(jwe));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("RSA1_5")]
    [InlineData("PBES2-HS512+A256KW")]
    [InlineData("A256GCMKW")]
    [InlineData("ECDH-ES+A192KW")]
    [InlineData("none")]
    public void Out_of_scope_key_management_is_rejected_as_unsupported(string alg)
    {
        // The cookbook's examples of these also use an unsupported enc; put each alg in a supported JWE.
        var vector = JweVectors.Cookbook("5_8");
        var header = Base64Url.Encode(System.Text.Encoding.UTF8.GetBytes($$"""{"alg":"{{alg}}","enc":"A128GCM"}"""));
        var parts = JweVectors.Output(vector, "compact").Split('.');
        parts[0] = header;
        var e = Assert.Throws<MeshException>(() => Jwe.Decrypt(string.Join('.', parts), JweVectors.SymmetricKey(vector)));
        Assert.Contains($"'{alg}' is unsupported", e.Message, StringComparison.Ordinal);
    }

    private static string Decrypt(JsonElement vector, string jwe, string? kid)
    {
        var key = JweVectors.InputKey(vector);
        if (key.GetProperty("kty").GetString() == "oct")
            return System.Text.Encoding.UTF8.GetString(Jwe.Decrypt(jwe, JweVectors.SymmetricKey(vector), kid));
        using var pair = KeyPair.ImportJwk(key.GetRawText());
        return System.Text.Encoding.UTF8.GetString(Jwe.Decrypt(jwe, pair, kid));
    }

    private static byte[] P384Agree(JsonElement privateJwk, JsonElement peerJwk)
    {
        static byte[] B(JsonElement jwk, string name) => Base64Url.Decode(jwk.GetProperty(name).GetString()!);
        using var self = ECDiffieHellman.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP384,
            Q = new ECPoint { X = B(privateJwk, "x"), Y = B(privateJwk, "y") },
            D = B(privateJwk, "d"),
        });
        using var peer = ECDiffieHellman.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP384,
            Q = new ECPoint { X = B(peerJwk, "x"), Y = B(peerJwk, "y") },
        });
        return self.DeriveRawSecretAgreement(peer.PublicKey);
    }
}
