using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Mesh.Encoding;
using Mesh.Schema;
using Mesh.Schema.Json;
using Mesh.Tests.Schema;

namespace Mesh.Tests.Properties;

/// <summary>The tagged JSON reader refuses anything malformed with MeshException alone, and what it reads it writes back the same.</summary>
public sealed class TaggedJsonProperties
{
    /// <summary>A sample of every schema type, written as tagged JSON: the messages to mutate.</summary>
    private static readonly byte[][] Valid = [.. SchemaTypes.All.Select(t => TaggedJson.Serialize(SampleValues.Create(t)))];

    [Property(MaxTest = 300)]
    public Property Arbitrary_text_is_refused_only_with_MeshException() => Prop.ForAll(Inputs.AnyString, text =>
        Inputs.OnlyMeshException(() => TaggedJson.Deserialize<object>(Inputs.Utf8(text)))
        && Inputs.OnlyMeshException(() => TaggedJson.Deserialize<MeshRequest>(Inputs.Utf8(text))));

    [Property(MaxTest = 300)]
    public Property Arbitrary_bytes_are_refused_only_with_MeshException() => Prop.ForAll(Inputs.AnyBytes, bytes =>
        Inputs.OnlyMeshException(() => TaggedJson.Deserialize<object>(bytes)));

    [Property(MaxTest = 500)]
    public Property A_mutated_message_is_refused_only_with_MeshException_and_what_is_read_writes_back_the_same() =>
        Prop.ForAll(Inputs.MutationsOf(Valid), bytes =>
        {
            object value;
            try
            {
                value = TaggedJson.Deserialize<object>(bytes);
            }
            catch (MeshException)
            {
                return true;
            }
            var written = TaggedJson.Serialize(value);
            return written.AsSpan().SequenceEqual(TaggedJson.Serialize(TaggedJson.Deserialize<object>(written)));
        });

    private static readonly Gen<string?> Text = ArbMap.Default.GeneratorFor<string?>().Where(s => s is null || !JsonEscapes.HasLoneSurrogate(JsonSerializer.SerializeToUtf8Bytes(s)) && s.All(c => !char.IsSurrogate(c)));

    private static readonly Gen<DateTimeOffset?> Time = Gen.OneOf(
        Gen.Constant<DateTimeOffset?>(null),
        Gen.Choose(0, int.MaxValue).Select(n => (DateTimeOffset?)new DateTimeOffset(DateTimeOffset.UnixEpoch.UtcTicks + n * 10_000_019L, TimeSpan.Zero)));

    private static readonly Gen<long?> Number = Gen.OneOf(Gen.Constant<long?>(null), ArbMap.Default.GeneratorFor<long>().Select(n => (long?)n));

    private static readonly Gen<MeshRequest> Requests = Gen.OneOf(
        from account in Text
        from identifier in Text
        from key in Text
        from value in Text
        from notBefore in Time
        from max in Number
        from page in Text
        from multiple in ArbMap.Default.GeneratorFor<bool?>()
        select (MeshRequest)new GetRequest
        {
            Account = account, Identifier = identifier, Multiple = multiple,
            KeyValues = key is null ? null : [new KeyValue { Key = key, Value = value }],
            SearchConstraints = new SearchConstraints { NotBefore = notBefore, MaxEntries = max, PageKey = page },
        },
        from from_ in Number
        from to in Number
        select (MeshRequest)new StatusRequest { ConsistencyFrom = from_, ConsistencyTo = to },
        from account in Text
        from device in Text
        from portal in Text
        select (MeshRequest)new ConnectStatusRequest { AccountID = account, DeviceID = device, Portal = portal },
        from account in Text
        select (MeshRequest)new ValidateRequest { Account = account });

    [Property(MaxTest = 300)]
    public Property Generated_requests_round_trip() => Prop.ForAll(Arb.From(Requests), request =>
    {
        var written = TaggedJson.Serialize(request);
        var read = TaggedJson.Deserialize<MeshRequest>(written);
        return read.GetType() == request.GetType() && written.AsSpan().SequenceEqual(TaggedJson.Serialize(read));
    });

    [Property(MaxTest = 300)]
    public Property JsonEscapes_finds_exactly_the_strings_System_Text_Json_cannot_read() => Prop.ForAll(
        Arb.From(Gen.ArrayOf(Gen.OneOf(
            Gen.Elements("a", "\\n", "\\\\", "\\\\u", "\\\"", "u"),
            Gen.Choose(0xD7F0, 0xE010).Select(c => $"\\u{c:x4}"),
            Gen.Choose(0xD7F0, 0xE010).Select(c => $"\\u{c:X4}")))),
        parts =>
        {
            var json = System.Text.Encoding.UTF8.GetBytes("\"" + string.Concat(parts) + "\"");
            var reader = new Utf8JsonReader(json);
            reader.Read();
            bool readable;
            try
            {
                _ = reader.GetString();
                readable = true;
            }
            catch (InvalidOperationException)
            {
                readable = false;
            }
            return readable != JsonEscapes.HasLoneSurrogate(json);
        });
}
