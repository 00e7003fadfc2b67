using Mesh.Schema;
using Mesh.Schema.Json;

namespace Mesh.Tests.Schema;

public class TaggedJsonRejectionTests
{
    [Theory]
    [InlineData("", "empty")]
    [InlineData("[]", "tagged object")]
    [InlineData("\"DeviceProfile\"", "tagged object")]
    [InlineData("{}", "exactly one member")]
    [InlineData("""{"NoSuchType":{}}""", "not a Mesh type")]
    [InlineData("""{"HelloRequest":{}}""", "Expected a value of type Profile")]
    [InlineData("""{"DeviceProfile":[]}""", "must be an object")]
    [InlineData("""{"DeviceProfile":{},"MasterProfile":{}}""", "exactly one member")]
    [InlineData("""{"DeviceProfile":{}} {}""", "more after the end")]
    [InlineData("""{"DeviceProfile":{"Updated":"yesterday"}}""", "RFC 3339")]
    [InlineData("""{"DeviceProfile":{"Updated":"2016-09-19 12:00:00"}}""", "RFC 3339")]
    [InlineData("""{"DeviceProfile":{"Updated":12}}""", "RFC 3339")]
    [InlineData("""{"DeviceProfile":{"DeviceSignatureKey":{"X509Certificate":"AB+/"}}}""", "base64url")]
    [InlineData("""{"DeviceProfile":{"DeviceSignatureKey":{"X509Certificate":"AA=="}}}""", "base64url")]
    [InlineData("""{"DeviceProfile":{"Identifier":5}}""", "wrong type")]
    [InlineData("""{"DeviceProfile":{"Names":"one"}}""", "wrong type")]
    [InlineData("""{"DeviceProfile":{"Identifier":"a","Identifier":"b"}}""", "Duplicate")]
    [InlineData("""{"DeviceProfile":{"Identifier":"a"}""", "")]
    public void Malformed_input_is_a_mesh_exception_with_a_reason(string json, string reason)
    {
        var e = Assert.Throws<MeshException>(() => TaggedJson.Deserialize<Profile>(json));
        Assert.Equal(MeshStatus.BadRequest, e.Status);
        Assert.Contains(reason, e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Integers_beyond_64_bits_are_rejected()
    {
        var e = Assert.Throws<MeshException>(() => TaggedJson.Deserialize<MeshResponse>("""{"MeshResponse":{"Status":99999999999999999999}}"""));
        Assert.Equal(MeshStatus.BadRequest, e.Status);
    }

    [Fact]
    public void A_base_typed_field_rejects_a_tag_of_the_wrong_family()
    {
        var e = Assert.Throws<MeshException>(() =>
            TaggedJson.Deserialize<MeshRequest>("""{"PublishRequest":{"Entry":{"HelloResponse":{}}}}"""));
        Assert.Contains("Expected a value of type Entry", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_nesting_is_rejected()
    {
        var json = """{"PublishRequest":{"Entry":{"DeviceProfile":{"Future":""" + new string('[', 200) + new string(']', 200) + "}}}}";
        Assert.Throws<MeshException>(() => TaggedJson.Deserialize<MeshRequest>(json));
    }

    [Fact]
    public void Oversized_input_is_413()
    {
        var e = Assert.Throws<MeshException>(() => TaggedJson.Deserialize<MeshRequest>(new byte[100], maxBytes: 10));
        Assert.Equal(MeshStatus.TooLarge, e.Status);
    }

    [Fact]
    public void Invalid_utf8_is_rejected()
    {
        byte[] bytes = [.. "{\"DeviceProfile\":{\"Identifier\":\""u8, 0xC3, 0x28, .. "\"}}"u8];
        Assert.Throws<MeshException>(() => TaggedJson.Deserialize<Profile>(bytes));
    }

    [Fact]
    public void An_abstract_tag_is_not_a_type()
    {
        Assert.Throws<MeshException>(() => TaggedJson.Deserialize<Entry>("""{"Entry":{}}"""));
    }

    [Theory]
    [InlineData("""{"PersonalProfile":{"Devices":[null]}}""")]
    [InlineData("""{"PersonalProfile":{"Applications":[{"Identifier":"a"},null]}}""")]
    [InlineData("""{"PersonalProfile":{"Names":["a",null]}}""")]
    [InlineData("""{"PasswordProfilePrivate":{"Entries":[{"Sites":[null]}]}}""")]
    [InlineData("""{"EscrowedKeySet":{"PrivateKeys":[null]}}""")]
    [InlineData("""{"PublishRequest":{"Entry":{"SignedPersonalProfile":{"SignedData":{"payload":"e30","signatures":[null]}}}}}""")]
    public void A_list_with_a_null_element_is_rejected(string json)
    {
        var e = Assert.Throws<MeshException>(() => TaggedJson.Deserialize<object>(json));
        Assert.Equal(MeshStatus.BadRequest, e.Status);
        Assert.Contains("null element", e.Message, StringComparison.Ordinal);
    }
}
