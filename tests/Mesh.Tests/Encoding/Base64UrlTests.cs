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

    [Fact]
    public void Accepts_exactly_the_canonical_encodings_of_every_short_tail()
    {
        // Every 2- and 3-character string of the alphabet, after a full group: accepted exactly
        // when it is what encoding its decoded bytes gives back.
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var accepted = 0;
        foreach (var a in alphabet)
            foreach (var b in alphabet)
                foreach (var tail in new[] { $"{a}{b}", $"{a}{b}A", $"{a}{b}B", $"{a}{b}E", $"{a}{b}_" })
                {
                    var text = "QUJD" + tail;
                    var ok = Base64Url.TryDecode(text, out var data);
                    if (ok) accepted++;
                    Assert.Equal(ok, ok && Base64Url.Encode(data) == text);
                    Assert.Equal(ok, Convert.TryFromBase64String(text.Replace('-', '+').Replace('_', '/') + new string('=', 4 - tail.Length), new byte[8], out _)
                        && Base64Url.Encode(Convert.FromBase64String(text.Replace('-', '+').Replace('_', '/') + new string('=', 4 - tail.Length))) == text);
                }
        // 4 of 64 second characters are canonical after 2; "A" and "E" third characters after 3 (16 of 64).
        Assert.Equal(64 * 4 + 64 * 64 * 2, accepted);
    }
}
