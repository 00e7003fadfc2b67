using System.Text.Json.Nodes;
using Mesh.Encoding;

namespace Mesh.Tests.Jose;

/// <summary>Edits of a JWE's JSON for negative tests.</summary>
internal static class JweMutation
{
    /// <summary>Parses the JWE JSON, applies the edit and writes it back.</summary>
    public static string Edit(string jwe, Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(jwe)!.AsObject();
        edit(root);
        return root.ToJsonString();
    }

    /// <summary>The decoded protected header as a JSON object.</summary>
    public static JsonObject ProtectedHeader(JsonObject root) =>
        JsonNode.Parse(Base64Url.Decode(root["protected"]!.GetValue<string>()))!.AsObject();

    /// <summary>Replaces the protected header with the given JSON text.</summary>
    public static void SetProtected(JsonObject root, string json) =>
        root["protected"] = Base64Url.Encode(System.Text.Encoding.UTF8.GetBytes(json));

    /// <summary>The header of recipient i of a general JWE.</summary>
    public static JsonObject RecipientHeader(JsonObject root, int i) => root["recipients"]![i]!["header"]!.AsObject();

    /// <summary>Flips one bit of a base64url member's value.</summary>
    public static string FlipBit(string encoded, int byteIndex = 0)
    {
        var bytes = Base64Url.Decode(encoded);
        bytes[byteIndex] ^= 1;
        return Base64Url.Encode(bytes);
    }
}
