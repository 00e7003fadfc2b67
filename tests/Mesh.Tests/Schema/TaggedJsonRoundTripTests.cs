using System.Reflection;
using System.Text.Json.Serialization.Metadata;
using Mesh.Schema;
using Mesh.Schema.Json;

namespace Mesh.Tests.Schema;

public class TaggedJsonRoundTripTests
{
    public static TheoryData<string> AllTypes()
    {
        var data = new TheoryData<string>();
        foreach (var t in SchemaTypes.All) data.Add(t.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void Every_type_round_trips_with_every_field(string tag)
    {
        var type = SchemaTypes.Find(tag)!;
        var sample = SampleValues.Create(type);

        var first = TaggedJson.Serialize<object>(sample);
        var read = TaggedJson.Deserialize<object>(first);
        var second = TaggedJson.Serialize(read);

        Assert.IsType(type, read);
        Assert.Equal(System.Text.Encoding.UTF8.GetString(first), System.Text.Encoding.UTF8.GetString(second));
        var text = System.Text.Encoding.UTF8.GetString(first);
        Assert.StartsWith($"{{\"{tag}\":{{", text, StringComparison.Ordinal);
        foreach (var property in type.GetProperties().Where(p => p.Name != "EqualityContract"))
        {
            var wireName = property.GetCustomAttribute<System.Text.Json.Serialization.JsonPropertyNameAttribute>()?.Name ?? property.Name;
            Assert.Contains($"\"{wireName}\":", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_public_record_in_the_schema_namespace_is_listed_and_generated()
    {
        var wire = typeof(Entry).Assembly.GetTypes()
            .Where(t => t is { IsPublic: true, IsAbstract: false, IsClass: true, Namespace: "Mesh.Schema" } && t != typeof(SchemaTypes))
            // The JOSE objects are plain RFC 7515/7516 JSON inside other types, never tagged.
            .Where(t => !t.Name.StartsWith("Jose", StringComparison.Ordinal));
        foreach (var t in wire)
        {
            Assert.Contains(t, SchemaTypes.All);
            Assert.NotNull(MeshJsonContext.Default.GetTypeInfo(t));
        }
    }

    [Fact]
    public void Absent_fields_are_omitted_not_null()
    {
        var json = TaggedJson.SerializeToString(new DeviceProfile { Identifier = "MABC" });
        Assert.Equal("""{"DeviceProfile":{"Identifier":"MABC"}}""", json);
    }

    [Fact]
    public void Binary_is_base64url_without_padding_and_dates_are_rfc3339_utc()
    {
        var json = TaggedJson.SerializeToString(new PublicKey { X509Certificate = [0xFB, 0xFF] });
        Assert.Equal("""{"PublicKey":{"X509Certificate":"-_8"}}""", json);
        var when = TaggedJson.SerializeToString(new Account { Created = new DateTimeOffset(2016, 9, 19, 14, 0, 0, TimeSpan.FromHours(2)) });
        Assert.Equal("""{"Account":{"Created":"2016-09-19T12:00:00Z"}}""", when);
    }

    [Fact]
    public void Draft_spelling_of_the_device_encryption_key_is_kept()
    {
        var json = TaggedJson.SerializeToString(new DeviceProfile { DeviceEncryptiontionKey = new PublicKey { UDF = "MX" } });
        Assert.Contains("\"DeviceEncryptiontionKey\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Base_typed_fields_hold_tagged_objects()
    {
        var request = new PublishRequest { Entry = new OfflineEscrowEntry { Identifier = "E1" } };
        var json = TaggedJson.SerializeToString(request);
        Assert.Equal("""{"PublishRequest":{"Entry":{"OfflineEscrowEntry":{"Identifier":"E1"}}}}""", json);
        var read = TaggedJson.Deserialize<MeshRequest>(json);
        Assert.IsType<OfflineEscrowEntry>(Assert.IsType<PublishRequest>(read).Entry);
    }

    [Fact]
    public void Whitespace_inside_binary_and_unknown_members_are_accepted()
    {
        var read = TaggedJson.Deserialize<PublicKey>("""{"PublicKey":{"X509Certificate":"-_8\r\n","Future":{"x":[1,2]}}}""");
        Assert.Equal(new byte[] { 0xFB, 0xFF }, read.X509Certificate);
    }

    [Fact]
    public void A_fraction_of_a_second_is_kept_so_updates_within_a_second_order()
    {
        var t = new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);
        var json = TaggedJson.SerializeToString(new DeviceProfile { Updated = t });
        Assert.Contains("2026-01-02T03:04:05.678Z", json, StringComparison.Ordinal);
        Assert.Equal(t, TaggedJson.Deserialize<DeviceProfile>(json).Updated);
    }

    [Fact]
    public void Type_info_comes_from_the_source_generated_context()
    {
        Assert.IsAssignableFrom<JsonTypeInfo>(MeshJsonContext.Default.GetTypeInfo(typeof(PersonalProfile)));
    }
}
