// docs/protocol.md section 3: the protected header as writers serialize it, and as readers authenticate it.
using System.Security.Cryptography;
using System.Text.Json;
using Mesh.Cryptography;
using Mesh.Encoding;
using Mesh.Jose;

namespace Mesh.Tests.Jose;

public sealed class JweProtectedHeaderTests
{
    private static readonly byte[] Plaintext = """{"PasswordProfilePrivate":{}}"""u8.ToArray();

    [Fact]
    public void Writers_serialize_the_protected_header_as_enc_then_cty_without_whitespace()
    {
        using var key = KeyPair.Generate(KeyAlgorithm.X25519);
        var jwe = Jwe.Encrypt(Plaintext, [JweRecipient.ForPublicKey(key.PublicKey, "k", JweKeyManagement.EcdhEsA256Kw)],
            new JweOptions { ContentType = "PasswordProfilePrivate" });

        var encoded = JsonDocument.Parse(jwe).RootElement.GetProperty("protected").GetString()!;
        Assert.Equal("""{"enc":"A256GCM","cty":"PasswordProfilePrivate"}""", System.Text.Encoding.UTF8.GetString(Base64Url.Decode(encoded)));
    }

    [Theory]
    [InlineData("{ \"cty\" : \"PasswordProfilePrivate\",\n  \"enc\" : \"A256GCM\" }")] // whitespace and another member order
    [InlineData("{\"cty\":\"PasswordProfilePrivate\",\"enc\":\"A256GCM\"}")]
    public void A_header_written_another_way_decrypts_because_the_received_text_is_the_AAD(string header)
    {
        var cek = RandomNumberGenerator.GetBytes(32);
        var encoded = Base64Url.Encode(System.Text.Encoding.UTF8.GetBytes(header));
        var jwe = Seal(encoded, cek);

        Assert.Equal(Plaintext, Jwe.Decrypt(jwe, cek));
        Assert.Equal("PasswordProfilePrivate", JweMessage.Parse(jwe).ContentType);

        // The same content under the header re-serialized canonically is not authenticated: the AAD is the text received.
        var canonical = Base64Url.Encode("""{"enc":"A256GCM","cty":"PasswordProfilePrivate"}"""u8);
        var swapped = jwe.Replace(encoded, canonical, StringComparison.Ordinal);
        Assert.Throws<MeshException>(() => Jwe.Decrypt(swapped, cek));
    }

    /// <summary>A JWE made by hand (RFC 7516 5.1 with "dir"): AES-256-GCM with the ASCII of <paramref name="encodedProtected"/> as AAD.</summary>
    private static string Seal(string encodedProtected, byte[] cek)
    {
        var iv = RandomNumberGenerator.GetBytes(12);
        var ciphertext = new byte[Plaintext.Length];
        var tag = new byte[16];
        using (var gcm = new AesGcm(cek, 16))
            gcm.Encrypt(iv, Plaintext, ciphertext, tag, System.Text.Encoding.ASCII.GetBytes(encodedProtected));
        return $$$"""{"protected":"{{{encodedProtected}}}","recipients":[{"header":{"alg":"dir","kid":"k"}}],"iv":"{{{Base64Url.Encode(iv)}}}","ciphertext":"{{{Base64Url.Encode(ciphertext)}}}","tag":"{{{Base64Url.Encode(tag)}}}"}""";
    }
}
