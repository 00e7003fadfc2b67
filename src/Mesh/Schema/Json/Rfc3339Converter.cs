using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mesh.Schema.Json;

/// <summary>
/// DateTime fields as RFC 3339 in UTC (NOTES.md section 1): <c>2016-09-19T12:00:00Z</c>, with a
/// fraction of a second only when there is one, so that two updates within one second still order.
/// Readers accept any RFC 3339 offset and convert to UTC; anything else is rejected.
/// </summary>
public sealed class Rfc3339Converter : JsonConverter<DateTimeOffset>
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd't'HH:mm:ssK", "yyyy-MM-dd't'HH:mm:ss.FFFFFFFK",
    ];

    /// <summary>Formats a time as this converter writes it.</summary>
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture).TrimEnd('.') + "Z";

    /// <summary>Parses an RFC 3339 time; false when the text is not one.</summary>
    public static bool TryParse(string text, out DateTimeOffset value)
    {
        ArgumentNullException.ThrowIfNull(text);
        // 'z' and lowercase 't' are allowed by RFC 3339 section 5.6; .NET's K only reads 'Z'.
        var normalized = text.EndsWith('z') ? text[..^1] + "Z" : text;
        if (text.Length is < 20 or > 40 ||
            !DateTimeOffset.TryParseExact(normalized, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out value))
        {
            value = default;
            return false;
        }
        value = value.ToUniversalTime();
        return true;
    }

    /// <inheritdoc/>
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String) throw new JsonException("A date must be an RFC 3339 string.");
        return TryParse(reader.GetString()!, out var value)
            ? value
            : throw new JsonException("A date is not an RFC 3339 time such as 2016-09-19T12:00:00Z.");
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(Format(value));
    }
}
