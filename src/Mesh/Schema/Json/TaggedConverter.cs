using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mesh.Schema.Json;

/// <summary>
/// The tagged form of NOTES.md section 1: an object with exactly one member, named after the
/// concrete type, whose value holds the fields. Used for every top-level message and for fields
/// whose declared type is a base class (<see cref="Entry"/>, <see cref="Profile"/>, ...).
/// </summary>
/// <typeparam name="TBase">the declared type; the tag must name it or a type derived from it</typeparam>
public sealed class TaggedConverter<TBase> : JsonConverter<TBase> where TBase : class
{
    /// <inheritdoc/>
    public override TBase Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException($"A {typeof(TBase).Name} must be a tagged object such as {{\"{typeof(TBase).Name}\":{{...}}}}.");
        if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName)
            throw new JsonException($"A tagged {typeof(TBase).Name} must have exactly one member naming its type; this one is empty.");
        var tag = reader.GetString()!;
        var type = SchemaTypes.Find(tag) ?? throw new JsonException($"'{tag}' is not a Mesh type.");
        if (!typeof(TBase).IsAssignableFrom(type))
            throw new JsonException($"Expected a value of type {typeof(TBase).Name}, found a {tag}.");
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException($"The value of the tag '{tag}' must be an object.");
        var value = (TBase?)JsonSerializer.Deserialize(ref reader, options.GetTypeInfo(type))
            ?? throw new JsonException($"The {tag} is null.");
        if (!reader.Read() || reader.TokenType != JsonTokenType.EndObject)
            throw new JsonException($"A tagged {tag} must have exactly one member.");
        return value;
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, TBase value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        var type = value.GetType();
        writer.WriteStartObject();
        writer.WritePropertyName(type.Name);
        JsonSerializer.Serialize(writer, value, options.GetTypeInfo(type));
        writer.WriteEndObject();
    }
}
