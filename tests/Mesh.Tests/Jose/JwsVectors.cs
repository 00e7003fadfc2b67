using System.Text.Json;
using Mesh.Cryptography;

namespace Mesh.Tests.Jose;

/// <summary>Loads the JOSE vectors copied beside the test binaries (tests/Mesh.Tests/Vectors/jose).</summary>
internal static class JwsVectors
{
    public static JsonElement Load(string relativePath)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Vectors", "jose", relativePath);
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.Clone();
    }

    public static JsonElement Cookbook(string name) => Load(Path.Combine("cookbook", "jws", name));

    public static JsonElement At(JsonElement element, params string[] names)
    {
        foreach (var name in names) element = element.GetProperty(name);
        return element;
    }

    public static string Text(JsonElement element, params string[] names) => At(element, names).GetString()!;

    /// <summary>An element re-serialized without whitespace, as our writer writes.</summary>
    public static string Minified(JsonElement element)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer)) element.WriteTo(writer);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static byte[] Utf8(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    public static KeyPair PrivateKey(JsonElement jwk) => KeyPair.ImportJwk(jwk);

    public static PublicKeyInfo PublicKey(JsonElement jwk) => PublicKeyInfo.FromJwk(jwk);

    /// <summary>The RSA-2048 key of RFC 7520 (cookbook) section 3.4, used in 4.1, 4.2 and 4.8.</summary>
    public static KeyPair CookbookRsa() => PrivateKey(At(Cookbook("4_1.rsa_v15_signature.json"), "input", "key"));

    /// <summary>The Ed25519 key of RFC 8037 Appendix A.1.</summary>
    public static KeyPair Rfc8037Ed25519() => PrivateKey(At(Load("rfc-appendix.json"), "rfc8037_A", "ed25519_private_jwk"));

    /// <summary>The P-256 key of RFC 7515 Appendix A.3.</summary>
    public static KeyPair Rfc7515P256() => PrivateKey(At(Load("rfc-appendix.json"), "rfc7515_A3_ES256", "jwk"));
}
