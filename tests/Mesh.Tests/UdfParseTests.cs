
namespace Mesh.Tests;

public class UdfParseTests
{
    private const string Vector = "MDDK-7N6A-727A-JZNO-STRX-XKS7-DJAF";
    private const string Vector260 = "MDDK-7N6A-727A-JZNO-STRX-XKS7-DJAF-XI6O-ZSLU-2VOA-TZQ6-JMHP-TSXP";

    [Theory]
    [InlineData("mddk-7n6a-727a-jzno-strx-xks7-djaf")]
    [InlineData("MDDK7N6A727AJZNOSTRXXKS7DJAF")]
    [InlineData("MdDk-7N6a727a-JZ-NO-STRX-XKS7-DJAF-")]
    public void Parse_accepts_any_case_and_dashes(string text)
    {
        var udf = Udf.Parse(text);
        Assert.Equal(Vector, udf.Text);
        Assert.Equal(Vector, udf.ToString());
        Assert.True(Udf.AreEqual(text, Vector));
    }

    [Theory]
    [InlineData("MDDK-7N6A-727A-JZNO-STRX-XKS7-DJA0", "'0' at position 34")]
    [InlineData("MDDK-7N6A-727A-JZNO-STRX-XKS7-DJA1", "'1' at position 34")]
    [InlineData("MDDK 7N6A-727A-JZNO-STRX-XKS7-DJAF", "U+0020 at position 5")]
    [InlineData("MDDK-7N6A-727A-JZNO-STRX-XKS7-DJAF!", "'!' at position 35")]
    [InlineData("", "empty")]
    [InlineData("----", "empty")]
    [InlineData("MDDK-7N6A-727A-JZNO-STR", "too short")]
    [InlineData("MDDK-7N6A-727A-JZNO-STRX-X", "whole groups of 4")]
    [InlineData("MDDK-7N6A-727A-JZNO-STRX-XKS7-DJAF-XI6O-ZSLU-2VOA-TZQ6-JMHP-TSXP-TSXP-TSXP-TSXP-TSXP-TSXP-TSXP-TSXP-TSXP-TSXP-TSXP", "100 to 440 bits")]
    [InlineData("BDDK-7N6A-727A-JZNO-STRX-XKS7-DJAF", "unknown type byte 8")]
    [InlineData("MZDK-7N6A-727A-JZNO-STRX-XKS7-DJAF", "unknown type byte 102")]
    [InlineData("EAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAA", "symmetric key UDF has 28 or 53 symbols")]
    [InlineData("EAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAB", "unused bits are not zero")]
    [InlineData("SAYC-UW4N-56UI-VTTZ-62UN-J6FP-ETD3", "secret share UDF has 29 or 55 symbols")]
    [InlineData("NDD7-6CMX-H2FW-ISAL-K4VB-DQ3E-PEDM", "unused bits are not zero")]
    [InlineData("NAAA-AAAA-AAAA-AAAA-AAAA-AAAA", "nonce UDF has 28 to 104 symbols")]
    public void Parse_rejects_with_a_clear_message(string text, string because)
    {
        var e = Assert.Throws<MeshException>(() => Udf.Parse(text));
        Assert.Equal(MeshStatus.BadRequest, e.Status);
        Assert.Contains(because, e.Message, StringComparison.Ordinal);
        Assert.False(Udf.TryParse(text, out var value, out var error));
        Assert.Null(value);
        Assert.Equal(e.Message, error);
    }

    [Fact]
    public void Null_is_misuse_for_parse_and_false_for_try_parse()
    {
        Assert.Throws<ArgumentNullException>(() => Udf.Parse(null!));
        Assert.False(Udf.TryParse(null, out _));
        Assert.False(Udf.AreEqual(null, null));
    }

    [Fact]
    public void Parser_throws_nothing_but_mesh_exception_on_garbage()
    {
        var random = new Random(7);
        const string symbols = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz234567-----01!é\u0000";
        var samples = new[] { Vector260, Udf.Nonce(512), Udf.RandomSymmetricKey(), Udf.Keyed("k", "text/plain", "x"u8) };
        for (var i = 0; i < 5000; i++)
        {
            var text = i % 2 == 0
                ? new string([.. Enumerable.Range(0, random.Next(0, 120)).Select(_ => symbols[random.Next(symbols.Length)])])
                : Mutate(samples[random.Next(samples.Length)], random, symbols);
            try
            {
                var udf = Udf.Parse(text);
                Assert.True(Udf.AreEqual(udf.Text, text));
            }
            catch (MeshException)
            {
                Assert.False(Udf.TryParse(text, out _));
            }
        }
    }

    [Fact]
    public void Equality_ignores_case_and_dashes_only()
    {
        Assert.True(Udf.AreEqual(Vector, Vector.ToLowerInvariant().Replace("-", "", StringComparison.Ordinal)));
        Assert.False(Udf.AreEqual(Vector, Vector260));
        Assert.False(Udf.AreEqual(Vector, Udf.ContentDigest("text/plain", "other"u8)));
        Assert.False(Udf.AreEqual("", ""));
        Assert.False(Udf.AreEqual("not a udf", "not a udf"));
        Assert.Equal(Udf.Parse(Vector), Udf.Parse(Vector.ToLowerInvariant()));
        Assert.Equal(Udf.Parse(Vector).GetHashCode(), Udf.Parse(Vector.ToLowerInvariant()).GetHashCode());
    }

    [Fact]
    public void Shorter_udf_matches_the_longer_udf_of_the_same_data()
    {
        var data = System.Text.Encoding.UTF8.GetBytes("UDF Data Value");
        Assert.True(Udf.Matches(Vector, Vector260));
        Assert.True(Udf.Matches(Vector.ToLowerInvariant(), Vector260));
        Assert.True(Udf.Matches(Vector, Vector));
        Assert.True(Udf.Matches(Udf.ContentDigest("text/plain", data, 100), Udf.ContentDigest("text/plain", data, 440)));
        Assert.False(Udf.Matches(Vector260, Vector));
        Assert.False(Udf.Matches(Vector, Udf.ContentDigest("text/plain", "other"u8, 260)));
        Assert.False(Udf.Matches(Vector, Udf.ContentDigest("text/plain", data, 260, UdfAlgorithm.Sha3)));
        Assert.False(Udf.Matches("MDDK-7N6A", Vector260));
    }

    [Fact]
    public void Fixed_length_udfs_match_only_when_equal()
    {
        var key = Udf.RandomSymmetricKey(128);
        Assert.True(Udf.Matches(key, key.ToLowerInvariant()));
        Assert.False(Udf.Matches(key, Udf.RandomSymmetricKey(128)));
        // Even when the 128-bit key's text is a prefix of the 256-bit one's.
        var shortKey = Udf.SymmetricKey(new byte[16]);
        var longKey = Udf.SymmetricKey(new byte[32]);
        Assert.StartsWith(shortKey, longKey, StringComparison.Ordinal);
        Assert.False(Udf.Matches(shortKey, longKey));
    }

    private static string Mutate(string text, Random random, string symbols)
    {
        var chars = text.ToCharArray().ToList();
        switch (random.Next(3))
        {
            case 0: chars[random.Next(chars.Count)] = symbols[random.Next(symbols.Length)]; break;
            case 1: chars.RemoveAt(random.Next(chars.Count)); break;
            default: chars.Insert(random.Next(chars.Count), symbols[random.Next(symbols.Length)]); break;
        }
        return new string([.. chars]);
    }
}
