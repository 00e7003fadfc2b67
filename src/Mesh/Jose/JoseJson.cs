using System.Text.Json;
using Mesh.Encoding;

namespace Mesh.Jose;

/// <summary>
/// Strict reading of untrusted JOSE JSON (serializations and headers): duplicate members are
/// rejected (RFC 7515 section 5.2 lets a recipient reject them; we always do), size and depth
/// are bounded, and every member is type-checked. Every failure is a <see cref="MeshException"/>.
/// </summary>
public static class JoseJson
{
    /// <summary>
    /// The most bytes of a JOSE object accepted: a JWS whose payload holds a JWE of
    /// <see cref="Jwe.MaxPlaintextLength"/> (base64url twice: 4/3 of 4/3), with room for its recipients.
    /// </summary>
    public const int MaxObjectLength = 8 * 1024 * 1024;

    /// <summary>The deepest JSON nesting accepted in a JOSE object or header.</summary>
    public const int MaxDepth = 16;

    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false, MaxDepth = MaxDepth };

    /// <summary>Parses JSON text strictly; <paramref name="what"/> names it in errors.</summary>
    public static JsonDocument Parse(ReadOnlyMemory<byte> utf8, string what)
    {
        if (utf8.Length > MaxObjectLength) throw new MeshException(MeshStatus.TooLarge, $"The {what} is larger than {MaxObjectLength} bytes.");
        // JsonDocument accepts invalid UTF-8 inside strings and only fails when they are read.
        if (!System.Text.Unicode.Utf8.IsValid(utf8.Span)) throw new MeshException($"The {what} is not valid UTF-8.");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, Strict);
        }
        catch (JsonException e)
        {
            throw new MeshException($"The {what} is not valid JSON: {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            // The duplicate-member check decodes names, and a lone escaped surrogate fails there.
            throw new MeshException($"The {what} is not valid JSON: {e.Message}", e);
        }
        // Nor is an escaped lone surrogate in a value refused until a string holding it is read.
        if (!JsonEscapes.HasLoneSurrogate(utf8.Span)) return document;
        document.Dispose();
        throw new MeshException($"The {what} contains text that is not valid UTF-8 or Unicode.");
    }

    /// <summary>Parses JSON text strictly.</summary>
    public static JsonDocument Parse(string json, string what)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (json.Length > MaxObjectLength) throw new MeshException(MeshStatus.TooLarge, $"The {what} is larger than {MaxObjectLength} bytes.");
        return Parse(System.Text.Encoding.UTF8.GetBytes(json), what);
    }

    /// <summary>Requires an object.</summary>
    public static JsonElement RequireObject(JsonElement element, string what) =>
        element.ValueKind == JsonValueKind.Object ? element : throw new MeshException($"The {what} must be a JSON object.");

    /// <summary>A string member, or null when absent; a member of another type is an error.</summary>
    public static string? OptionalString(JsonElement obj, string name, string what)
    {
        if (!obj.TryGetProperty(name, out var value)) return null;
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new MeshException($"The member '{name}' of the {what} must be a string.");
    }

    /// <summary>A required string member.</summary>
    public static string RequiredString(JsonElement obj, string name, string what) =>
        OptionalString(obj, name, what) ?? throw new MeshException($"The {what} has no member '{name}'.");

    /// <summary>An optional object member, or null when absent.</summary>
    public static JsonElement? OptionalObject(JsonElement obj, string name, string what)
    {
        if (!obj.TryGetProperty(name, out var value)) return null;
        return value.ValueKind == JsonValueKind.Object
            ? value
            : throw new MeshException($"The member '{name}' of the {what} must be a JSON object.");
    }

    /// <summary>A required array member.</summary>
    public static JsonElement RequiredArray(JsonElement obj, string name, string what) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value
            : throw new MeshException($"The {what} has no array member '{name}'.");
}
