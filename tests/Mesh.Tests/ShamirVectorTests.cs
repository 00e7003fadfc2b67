using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Mesh.Secrets;

namespace Mesh.Tests;

/// <summary>The Shamir example of Vectors/udf.json (draft-hallambaker-mesh-udf-13 s4.5.2).</summary>
public class ShamirVectorTests
{
    private static JsonElement Vectors => UdfVectors.Root;

    public static TheoryData<int> ShareCases() => [.. Enumerable.Range(0, Vectors.GetProperty("shamir").GetProperty("shares_list").GetArrayLength())];

    [Theory]
    [MemberData(nameof(ShareCases))]
    public void Share_is_the_vector_polynomial_at_x(int index)
    {
        var shamir = Vectors.GetProperty("shamir");
        var v = shamir.GetProperty("shares_list")[index];
        var x = v.GetProperty("x").GetInt32();
        var f = BigInteger.Parse(v.GetProperty("f").GetString()!, CultureInfo.InvariantCulture);
        BigInteger[] a = [Big(shamir, "a0"), Big(shamir, "a1"), Big(shamir, "a2")];
        var p = (BigInteger.One << 128) + 51;

        Assert.Equal(f, (a[0] + a[1] * x + a[2] * x * x) % p);
        var share = SecretShare.Parse(v.GetProperty("udf").GetString()!);
        Assert.Equal(x, share.Index);
        Assert.Equal(shamir.GetProperty("threshold").GetInt32(), share.Quorum);
        Assert.Equal(128, share.SecretBits);
        Assert.Equal(f, share.Value);
        Assert.Equal(v.GetProperty("udf").GetString(), share.ToString());
    }

    [Fact]
    public void Split_with_the_vector_coefficients_gives_the_vector_shares()
    {
        var shamir = Vectors.GetProperty("shamir");
        var secret = Convert.FromHexString(shamir.GetProperty("secret_hex").GetString()!);
        var draws = new Queue<BigInteger>([Big(shamir, "a1"), Big(shamir, "a2")]);

        var shares = Shamir.SplitWith(secret, shamir.GetProperty("shares").GetInt32(), shamir.GetProperty("threshold").GetInt32(), _ => draws.Dequeue());

        Assert.Equal(Big(shamir, "a0"), new BigInteger(secret, isUnsigned: true, isBigEndian: true));
        Assert.Equal(Shares(shamir), shares.Select(s => s.ToString()));
    }

    [Fact]
    public void Every_quorum_of_the_vector_shares_recovers_the_secret()
    {
        var shamir = Vectors.GetProperty("shamir");
        var secret = Convert.FromHexString(shamir.GetProperty("secret_hex").GetString()!);
        var shares = Shares(shamir);
        for (var i = 0; i < shares.Length; i++)
            for (var j = i + 1; j < shares.Length; j++)
                for (var k = j + 1; k < shares.Length; k++)
                    Assert.Equal(secret, Shamir.Recover([shares[i], shares[j], shares[k]]));
        Assert.Equal(secret, Shamir.Recover(shares));
    }

    [Fact]
    public void Vector_secret_without_type_byte_is_its_base32()
    {
        // The draft prints the bare secret; we carry secrets as E-type UDFs, whose tail differs.
        var shamir = Vectors.GetProperty("shamir");
        var secret = Convert.FromHexString(shamir.GetProperty("secret_hex").GetString()!);
        Assert.Equal(shamir.GetProperty("secret_base32_no_type_byte").GetString(), UdfText.Dash(Mesh.Encoding.Base32.Encode(secret)));
        Assert.Equal(secret, Udf.Parse(Udf.SymmetricKey(secret)).Payload.ToArray());
    }

    private static string[] Shares(JsonElement shamir) =>
        [.. shamir.GetProperty("shares_list").EnumerateArray().Select(s => s.GetProperty("udf").GetString()!)];

    private static BigInteger Big(JsonElement e, string name) => BigInteger.Parse(e.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);
}
