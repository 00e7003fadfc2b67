using System.Security.Cryptography;

namespace Mesh.Tests;

public class UdfTests
{
    private static readonly byte[] Data = System.Text.Encoding.UTF8.GetBytes("UDF Data Value");

    public static TheoryData<int> Precisions() => [.. Enumerable.Range(0, 18).Select(i => 100 + 20 * i)];

    [Theory]
    [MemberData(nameof(Precisions))]
    public void Every_precision_prints_bits_over_5_symbols_and_parses_back(int bits)
    {
        foreach (var algorithm in new[] { UdfAlgorithm.Sha2, UdfAlgorithm.Sha3 })
        {
            var text = Udf.ContentDigest("text/plain", Data, bits, algorithm);
            var longest = Udf.ContentDigest("text/plain", Data, Udf.MaxBits, algorithm);

            Assert.Equal(bits / 5, text.Replace("-", "", StringComparison.Ordinal).Length);
            Assert.All(text.Split('-'), group => Assert.InRange(group.Length, 1, 4));
            Assert.StartsWith(text, longest, StringComparison.Ordinal);
            var parsed = Udf.Parse(text);
            Assert.Equal(bits, parsed.Bits);
            Assert.Equal(algorithm, parsed.Algorithm);
            Assert.Equal(text, parsed.Text);
        }
    }

    [Fact]
    public void Default_is_140_bits_of_sha2()
    {
        var text = Udf.ContentDigest("text/plain", Data);
        Assert.Equal("MDDK-7N6A-727A-JZNO-STRX-XKS7-DJAF", text);
        Assert.Equal(UdfType.DigestSha2, Udf.Parse(text).Type);
    }

    [Fact]
    public void Sha3_is_available_here()
    {
        Assert.True(SHA3_512.IsSupported);
        Assert.StartsWith("K", Udf.ContentDigest("text/plain", Data, algorithm: UdfAlgorithm.Sha3), StringComparison.Ordinal);
    }

    [Fact]
    public void Stream_and_span_of_a_large_input_agree()
    {
        var big = new byte[(1 << 20) + 7];
        new Random(1).NextBytes(big);
        foreach (var algorithm in new[] { UdfAlgorithm.Sha2, UdfAlgorithm.Sha3 })
            Assert.Equal(Udf.ContentDigest("application/octet-stream", big, 260, algorithm),
                Udf.ContentDigest("application/octet-stream", new MemoryStream(big), 260, algorithm));
    }

    [Fact]
    public void Stream_is_hashed_from_its_position()
    {
        var stream = new MemoryStream([.. "skip"u8, .. Data]) { Position = 4 };
        Assert.Equal(Udf.ContentDigest("text/plain", Data), Udf.ContentDigest("text/plain", stream));
    }

    [Fact]
    public void Content_type_is_part_of_the_digest()
    {
        Assert.NotEqual(Udf.ContentDigest("text/plain", Data), Udf.ContentDigest("application/json", Data));
        Assert.Equal("application/pkix-keyinfo", Udf.PkixKeyInfoContentType);
    }

    [Theory]
    [InlineData(19, 0)]
    [InlineData(20, 1)]
    [InlineData(29, 1)]
    [InlineData(30, 2)]
    [InlineData(39, 2)]
    [InlineData(40, 3)]
    [InlineData(49, 3)]
    [InlineData(50, 4)]
    [InlineData(512, 4)]
    public void Compression_counts_trailing_zero_bits(int zeros, int level)
    {
        var digest = Enumerable.Repeat((byte)0xFF, 64).ToArray();
        for (var bit = 0; bit < zeros; bit++) digest[63 - bit / 8] &= (byte)~(1 << (bit % 8));
        Assert.Equal(level, UdfDigest.Compression(digest));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(80)]
    [InlineData(130)]
    [InlineData(460)]
    public void Precision_out_of_range_is_misuse(int bits)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Udf.ContentDigest("text/plain", Data, bits));
        Assert.Throws<ArgumentOutOfRangeException>(() => Udf.Keyed("key", "text/plain", Data, bits));
    }

    [Fact]
    public void Missing_content_type_or_key_is_misuse()
    {
        Assert.Throws<ArgumentException>(() => Udf.ContentDigest("", Data));
        Assert.Throws<ArgumentNullException>(() => Udf.ContentDigest(null!, Data));
        Assert.Throws<ArgumentException>(() => Udf.Keyed("", "text/plain", Data));
    }

    [Fact]
    public void Keyed_udf_depends_on_the_key_and_is_never_compressed()
    {
        var a = Udf.Keyed("NDD7-6CMX-H2FW-ISAL-K4VB-DQ3E-PEDM", "text/plain", Data, 440);
        var b = Udf.Keyed("NDD7-6CMX-H2FW-ISAL-K4VB-DQ3E-PEDN", "text/plain", Data, 440);
        Assert.NotEqual(a, b);
        Assert.Equal(0, Udf.Parse(a).TypeByte);
        Assert.StartsWith("A", a, StringComparison.Ordinal);
    }

    [Fact]
    public void Nonce_is_random_and_round_trips()
    {
        var a = Udf.Parse(Udf.Nonce());
        var b = Udf.Parse(Udf.Nonce());
        Assert.Equal(UdfType.Nonce, a.Type);
        Assert.Equal(16, a.Payload.Length);
        Assert.Equal(28, a.Text.Replace("-", "", StringComparison.Ordinal).Length);
        Assert.NotEqual(a, b);
        Assert.Equal(64, Udf.Parse(Udf.Nonce(512)).Payload.Length);
        Assert.Equal(24, Udf.Parse(Udf.Nonce(192)).Payload.Length);
    }

    [Theory]
    [InlineData(64)]
    [InlineData(130)]
    [InlineData(520)]
    public void Nonce_of_unsupported_size_is_misuse(int bits) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Udf.Nonce(bits));

    [Theory]
    [InlineData(16, 28)]
    [InlineData(32, 53)]
    public void Symmetric_key_round_trips(int length, int symbols)
    {
        var key = RandomNumberGenerator.GetBytes(length);
        var text = Udf.SymmetricKey(key);
        var parsed = Udf.Parse(text.ToLowerInvariant());

        Assert.StartsWith("E", text, StringComparison.Ordinal);
        Assert.Equal(UdfType.SymmetricKey, parsed.Type);
        Assert.Equal(key, parsed.Payload.ToArray());
        Assert.Equal(symbols, parsed.Bits / 5);
        Assert.True(parsed.IsFixedLength);
    }

    [Fact]
    public void Random_symmetric_key_has_the_asked_size()
    {
        Assert.Equal(32, Udf.Parse(Udf.RandomSymmetricKey()).Payload.Length);
        Assert.Equal(16, Udf.Parse(Udf.RandomSymmetricKey(128)).Payload.Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => Udf.RandomSymmetricKey(192));
        Assert.Throws<ArgumentException>(() => Udf.SymmetricKey(new byte[20]));
    }
}
