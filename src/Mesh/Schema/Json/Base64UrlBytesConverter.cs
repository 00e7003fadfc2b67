using System.Text.Json;
using System.Text.Json.Serialization;
using Mesh.Encoding;

namespace Mesh.Schema.Json;

/// <summary>Binary fields as base64url without padding (NOTES.md section 1); whitespace inside is skipped.</summary>
public sealed class Base64UrlBytesConverter : JsonConverter<byte[]>
{
    /// <inheritdoc/>
    public override byte[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String) throw new JsonException("A binary value must be a base64url string.");
        return Base64Url.TryDecode(reader.GetString()!, out var data)
            ? data
            : throw new JsonException("A binary value is not valid base64url (RFC 4648 section 5, without padding).");
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, byte[] value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(Base64Url.Encode(value));
    }
}
