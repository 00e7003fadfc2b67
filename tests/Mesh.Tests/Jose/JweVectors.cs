using System.Text.Json;
using Mesh.Cryptography;
using Mesh.Encoding;

namespace Mesh.Tests.Jose;

/// <summary>Loads the JOSE vectors (RFC 7520 cookbook, RFC appendices) copied next to the test binaries.</summary>
internal static class JweVectors
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Vectors", "jose");

    /// <summary>A vector file under Vectors/jose, by relative path.</summary>
    public static JsonElement Load(string relativePath)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, relativePath)));
        return document.RootElement.Clone();
    }

    /// <summary>An RFC 7520 section 5 example by its number, e.g. "5_8".</summary>
    public static JsonElement Cookbook(string number)
    {
        var file = Directory.GetFiles(Path.Combine(Folder, "cookbook", "jwe"), number + ".*.json").Single();
        using var document = JsonDocument.Parse(File.ReadAllText(file));
        return document.RootElement.Clone();
    }

    public static string Plaintext(JsonElement vector) => vector.GetProperty("input").GetProperty("plaintext").GetString()!;

    public static byte[] PlaintextBytes(JsonElement vector) => System.Text.Encoding.UTF8.GetBytes(Plaintext(vector));

    public static JsonElement InputKey(JsonElement vector) => vector.GetProperty("input").GetProperty("key");

    public static byte[] SymmetricKey(JsonElement vector) => Base64Url.Decode(InputKey(vector).GetProperty("k").GetString()!);

    public static byte[] Generated(JsonElement vector, string name) => Base64Url.Decode(vector.GetProperty("generated").GetProperty(name).GetString()!);

    /// <summary>An output serialization: "compact" as text, "json" or "json_flat" as JSON text.</summary>
    public static string Output(JsonElement vector, string form)
    {
        var value = vector.GetProperty("output").GetProperty(form);
        return value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
    }

    public static KeyPair X25519FromHex(string hex) => X25519KeyPair.FromRaw(Convert.FromHexString(hex), KeyExportPolicy.None);
}
