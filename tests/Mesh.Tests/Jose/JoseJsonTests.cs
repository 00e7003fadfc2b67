using Mesh.Jose;

namespace Mesh.Tests.Jose;

public class JoseJsonTests
{
    [Theory]
    [InlineData("""{"\udfff":1}""")]          // a lone escaped surrogate as a member name
    [InlineData("""{"a":1,"a":2}""")]
    [InlineData("""{"a":""")]
    public void Malformed_json_is_a_mesh_exception(string json)
    {
        Assert.Throws<MeshException>(() => JoseJson.Parse(json, "test object"));
    }

    [Fact]
    public void Invalid_utf8_is_a_mesh_exception()
    {
        byte[] bytes = [.. "{\"a\":\""u8, 0xFF, .. "\"}"u8];
        Assert.Throws<MeshException>(() => JoseJson.Parse(bytes, "test object"));
    }
}
