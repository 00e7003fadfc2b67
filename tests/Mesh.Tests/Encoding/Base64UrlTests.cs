using Mesh.Encoding;

namespace Mesh.Tests.Encoding;

public class Base64UrlTests
{
    [Theory]
    [InlineData("", new byte[0])]
    [InlineData("-_8", new byte[] { 0xFB, 0xFF })]
    [InlineData("AA\r\nAA", new byte[] { 0, 0, 0 })]
    public void Decodes_unpadded_base64url_skipping_whitespace(string text, byte[] expected)
    {
        Assert.True(Base64Url.TryDecode(text, out var data));
        Assert.Equal(expected, data);
    }

    [Theory]
    [InlineData("AB")]     // non-zero trailing bits: not the canonical encoding of any value
    [InlineData("AA==")]   // padding
    [InlineData("+/8")]    // the standard alphabet
    [InlineData("A")]      // impossible length
    [InlineData("AA.A")]
    public void Rejects_anything_else_without_throwing(string text)
    {
        Assert.False(Base64Url.TryDecode(text, out _));
        Assert.Throws<MeshException>(() => Base64Url.Decode(text));
    }

    [Fact]
    public void Round_trips_every_length()
    {
        for (var n = 0; n < 70; n++)
        {
            var data = Enumerable.Range(0, n).Select(i => (byte)(i * 37)).ToArray();
            Assert.Equal(data, Base64Url.Decode(Base64Url.Encode(data)));
        }
    }
}
