using System.Text.Json;

namespace Mesh.Schema.Json;

/// <summary>
/// Reads and writes Mesh objects in the tagged JSON of NOTES.md section 1 through the one
/// source-generated <see cref="MeshJsonContext"/>. Reading untrusted bytes fails only with
/// <see cref="MeshException"/> (400, or 413 when too large), with a message naming the problem.
/// </summary>
public static class TaggedJson
{
    /// <summary>The deepest nesting accepted; Mesh objects nest a dozen levels at most.</summary>
    public const int MaxDepth = 48;

    // Messages are data, never embedded in HTML: escape only what JSON requires, so that text
    // such as StatusDescription stays readable.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes a value as a tagged object, UTF-8.</summary>
    public static byte[] Serialize<T>(T value) where T : class
    {
        ArgumentNullException.ThrowIfNull(value);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            new TaggedConverter<T>().Write(writer, value, MeshJsonContext.Default.Options);
        return buffer.ToArray();
    }

    /// <summary>Writes a value as a tagged object, as a string.</summary>
    public static string SerializeToString<T>(T value) where T : class => System.Text.Encoding.UTF8.GetString(Serialize(value));

    /// <summary>Reads a tagged object that must be a <typeparamref name="T"/> or a type derived from it.</summary>
    /// <param name="utf8">the untrusted bytes</param>
    /// <param name="maxBytes">the most bytes accepted (413 beyond)</param>
    public static T Deserialize<T>(ReadOnlySpan<byte> utf8, int maxBytes = 16 * 1024 * 1024) where T : class
    {
        if (utf8.Length > maxBytes) throw new MeshException(MeshStatus.TooLarge, $"The message is larger than {maxBytes} bytes.");
        if (utf8.IsEmpty) throw new MeshException("The message is empty.");
        // The reader checks UTF-8 and escapes only in the strings it decodes, not in those it keeps
        // as a JsonElement (a JWS's unprotected header), which then could not be written back.
        if (!System.Text.Unicode.Utf8.IsValid(utf8)) throw new MeshException("The message is not valid UTF-8.");
        if (global::Mesh.Encoding.JsonEscapes.HasLoneSurrogate(utf8)) throw new MeshException("The message has an escaped surrogate that is not half of a pair.");
        // Multiple values are allowed only so that trailing content gets our own clear error below.
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = MaxDepth, AllowMultipleValues = true });
        try
        {
            if (!reader.Read()) throw new JsonException("The message is empty.");
            var value = new TaggedConverter<T>().Read(ref reader, typeof(T), MeshJsonContext.Default.Options);
            if (reader.Read()) throw new JsonException("There is more after the end of the message.");
            return value;
        }
        catch (JsonException e)
        {
            var where = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" (at {e.Path})";
            throw new MeshException($"{Describe(e)}{where}", e);
        }
        catch (InvalidOperationException e)
        {
            // Utf8JsonReader reports some malformed input (e.g. a number too big for its type) this way.
            throw new MeshException($"The message is malformed: {e.Message}", e);
        }
    }

    /// <summary>Reads a tagged object that must be a <typeparamref name="T"/> or a type derived from it.</summary>
    public static T Deserialize<T>(string json) where T : class
    {
        ArgumentNullException.ThrowIfNull(json);
        return Deserialize<T>(System.Text.Encoding.UTF8.GetBytes(json));
    }

    private static string Describe(JsonException e) =>
        e.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal)
            ? "A field has the wrong type."
            : e.Message.Split(" Path:", 2)[0];
}
