using System.Text.Json;

namespace Mesh.Tests;

/// <summary>Every example of Vectors/udf.json (draft-hallambaker-mesh-udf-13), recomputed.</summary>
public class UdfVectorTests
{
    private static JsonElement Vectors => UdfVectors.Root;

    public static TheoryData<int> ContentDigestCases() => Indexes("content_digest");

    public static TheoryData<int> KeyedCases() => Indexes("keyed");

    private static TheoryData<int> Indexes(string section) => [.. Enumerable.Range(0, Vectors.GetProperty(section).GetArrayLength())];

    [Fact]
    public void The_file_has_every_section()
    {
        Assert.Equal(9, Vectors.GetProperty("content_digest").GetArrayLength());
        Assert.Equal(1, Vectors.GetProperty("keyed").GetArrayLength());
        Assert.Equal(5, Vectors.GetProperty("shamir").GetProperty("shares_list").GetArrayLength());
    }

    [Theory]
    [MemberData(nameof(ContentDigestCases))]
    public void Content_digest_matches_the_vector(int index)
    {
        var v = Vectors.GetProperty("content_digest")[index];
        var algorithm = v.GetProperty("alg").GetString() switch
        {
            "SHA-2-512" => UdfAlgorithm.Sha2,
            "SHA-3-512" => UdfAlgorithm.Sha3,
            var other => throw new InvalidDataException(other),
        };
        var data = Data(v);
        var contentType = v.GetProperty("content_type").GetString()!;
        var bits = v.GetProperty("bits").GetInt32();
        var expected = v.GetProperty("udf").GetString()!;

        Assert.Equal(expected, Udf.ContentDigest(contentType, data, bits, algorithm));
        Assert.Equal(expected, Udf.ContentDigest(contentType, new MemoryStream(data), bits, algorithm));
        var parsed = Udf.Parse(expected);
        Assert.Equal(algorithm, parsed.Algorithm);
        Assert.Equal(bits, parsed.Bits);
    }

    [Fact]
    public void Compressed_vectors_have_compressed_type_bytes()
    {
        // s5.1.8 and s5.1.9: digests ending in 21 and 20 zero bits.
        Assert.Equal(0x61, Udf.Parse("MGHB-JWIZ-J3LA-EEWD-GCT3-WX6H-C5W2").TypeByte);
        Assert.Equal(0x51, Udf.Parse("KEJI-Y225-BDUG-XX22-MXKE-5ITF-YVYM").TypeByte);
        Assert.Equal(1, Udf.Parse("KEJI-Y225-BDUG-XX22-MXKE-5ITF-YVYM").Compression);
        Assert.Equal(0, Udf.Parse("MDDK-7N6A-727A-JZNO-STRX-XKS7-DJAF").Compression);
    }

    [Theory]
    [MemberData(nameof(KeyedCases))]
    public void Keyed_udf_matches_the_vector(int index)
    {
        var v = Vectors.GetProperty("keyed")[index];
        var data = Data(v);
        var key = v.GetProperty("key").GetString()!;
        var contentType = v.GetProperty("content_type").GetString()!;
        var expected = v.GetProperty("udf").GetString()!;

        Assert.Equal(expected, Udf.Keyed(key, contentType, data));
        Assert.Equal(expected, Udf.Keyed(key, contentType, new MemoryStream(data)));
        Assert.Equal(UdfType.Authenticator, Udf.Parse(expected).Type);
    }

    private static byte[] Data(JsonElement v) => v.TryGetProperty("data_hex", out var hex)
        ? Convert.FromHexString(hex.GetString()!)
        : System.Text.Encoding.UTF8.GetBytes(v.GetProperty("data_utf8").GetString()!);
}
