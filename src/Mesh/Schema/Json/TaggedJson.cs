using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

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

    // Reading: the context's options, but a list may not hold null. Writers never write null, and
    // a reader that kept one would hand every consumer of the list (the profile verifier, the
    // vault, escrow) an element it does not expect.
    private static readonly JsonSerializerOptions ReaderOptions = new(MeshJsonContext.Default.Options)
    {
        TypeInfoResolver = MeshJsonContext.Default.WithAddedModifier(RejectNullElements),
    };

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
            var value = new TaggedConverter<T>().Read(ref reader, typeof(T), ReaderOptions);
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

    // Checks, once an object is read, that none of its lists of objects or strings holds a null.
    private static void RejectNullElements(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object) return;
        var lists = info.Properties
            .Where(p => p.Get is not null && typeof(System.Collections.IEnumerable).IsAssignableFrom(p.PropertyType)
                && p.PropertyType.IsGenericType && p.PropertyType.GetGenericArguments() is [{ IsValueType: false }])
            .Select(p => (p.Name, Get: p.Get!))
            .ToArray();
        if (lists.Length == 0) return;
        var previous = info.OnDeserialized;
        info.OnDeserialized = value =>
        {
            foreach (var (name, get) in lists)
                if (get(value) is System.Collections.IEnumerable items)
                    foreach (var item in items)
                        if (item is null) throw new JsonException($"The list {name} has a null element.");
            previous?.Invoke(value);
        };
    }

    private static string Describe(JsonException e) =>
        e.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal)
            ? "A field has the wrong type."
            : e.Message.Split(" Path:", 2)[0];
}
