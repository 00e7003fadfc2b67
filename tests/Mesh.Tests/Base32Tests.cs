using Mesh.Encoding;

namespace Mesh.Tests;

public class Base32Tests
{
    // RFC 4648 section 10, without padding.
    [Theory]
    [InlineData("", "")]
    [InlineData("f", "MY")]
    [InlineData("fo", "MZXQ")]
    [InlineData("foo", "MZXW6")]
    [InlineData("foob", "MZXW6YQ")]
    [InlineData("fooba", "MZXW6YTB")]
    [InlineData("foobar", "MZXW6YTBOI")]
    public void Encodes_and_decodes_the_rfc_vectors(string text, string encoded)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(text);
        Assert.Equal(encoded, Base32.Encode(bytes));
        Assert.True(Base32.TryDecode(encoded.ToLowerInvariant(), out var decoded));
        Assert.Equal(bytes, decoded);
    }

    [Theory]
    [InlineData('A', true)]
    [InlineData('z', true)]
    [InlineData('2', true)]
    [InlineData('7', true)]
    [InlineData('0', false)]
    [InlineData('1', false)]
    [InlineData('8', false)]
    [InlineData('-', false)]
    [InlineData('=', false)]
    public void Knows_its_symbols(char c, bool symbol) => Assert.Equal(symbol, Base32.IsSymbol(c));
}
