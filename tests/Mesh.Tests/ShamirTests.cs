using System.Numerics;
using System.Security.Cryptography;
using Mesh.Secrets;

namespace Mesh.Tests;

public class ShamirTests
{
    [Theory]
    [InlineData(16)]
    [InlineData(32)]
    public void Any_quorum_recovers_the_secret(int length)
    {
        var secret = RandomNumberGenerator.GetBytes(length);
        var shares = Shamir.Split(secret, 5, 3);

        Assert.Equal([1, 2, 3, 4, 5], shares.Select(s => s.Index));
        Assert.All(shares, s => Assert.Equal((3, length * 8), (s.Quorum, s.SecretBits)));
        Assert.Equal(secret, Shamir.Recover([shares[0], shares[1], shares[2]]));
        Assert.Equal(secret, Shamir.Recover([shares[4], shares[1], shares[3]]));
        Assert.Equal(secret, Shamir.Recover(shares.Reverse().Take(4)));
        Assert.Equal(secret, Shamir.Recover(shares));
        Assert.Equal(secret, Shamir.Recover(shares.Select(s => s.ToString().ToLowerInvariant())));
    }

    [Theory]
    [InlineData(16, 29)]
    [InlineData(32, 55)]
    public void Shares_are_s_type_udfs_that_parse_back(int length, int symbols)
    {
        var shares = Shamir.Split(RandomNumberGenerator.GetBytes(length), 3, 2);
        foreach (var share in shares)
        {
            var udf = Udf.Parse(share.ToString());
            Assert.Equal(UdfType.Share, udf.Type);
            Assert.Equal(symbols, udf.Bits / 5);
            var back = SecretShare.Parse(share.ToString());
            Assert.Equal((share.Index, share.Quorum, share.SecretBits, share.Value), (back.Index, back.Quorum, back.SecretBits, back.Value));
        }
    }

    [Fact]
    public void Fifteen_shares_with_a_quorum_of_fifteen()
    {
        var secret = RandomNumberGenerator.GetBytes(32);
        var shares = Shamir.Split(secret, 15, 15);
        Assert.Equal(15, shares.Count);
        Assert.Equal(15, shares[14].Index);
        Assert.Equal(secret, Shamir.Recover(shares));
        Assert.Contains("Too few shares: 14 given", Recover(shares.Skip(1)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_share_fewer_than_the_quorum_is_refused()
    {
        var shares = Shamir.Split(RandomNumberGenerator.GetBytes(16), 5, 3);
        Assert.Contains("Too few shares: 2 given, and this secret needs 3", Recover(shares.Take(2)).Message, StringComparison.Ordinal);
        Assert.Contains("No shares", Recover(Array.Empty<string>()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupted_share_among_more_than_the_quorum_is_detected()
    {
        var secret = RandomNumberGenerator.GetBytes(16);
        var shares = Shamir.Split(secret, 5, 3).Select(s => s.ToString()).ToArray();
        shares[1] = Corrupt(shares[1]);

        Assert.Contains("do not agree", Recover([shares[0], shares[1], shares[2], shares[3]]).Message, StringComparison.Ordinal);
        // The corrupted share as the extra one is caught the same way.
        Assert.Contains("do not agree", Recover([shares[0], shares[2], shares[3], shares[1]]).Message, StringComparison.Ordinal);
        // Without it the others still agree.
        Assert.Equal(secret, Shamir.Recover([shares[0], shares[2], shares[3], shares[4]]));
    }

    [Fact]
    public void A_corrupted_share_in_exactly_a_quorum_cannot_give_the_secret()
    {
        // Shamir alone cannot detect it: the result is wrong or out of range, never the secret.
        var secret = RandomNumberGenerator.GetBytes(16);
        var shares = Shamir.Split(secret, 3, 3).Select(s => s.ToString()).ToArray();
        shares[2] = Corrupt(shares[2]);
        try
        {
            Assert.NotEqual(secret, Shamir.Recover(shares));
        }
        catch (MeshException e)
        {
            Assert.Contains("not recover a valid secret", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Shares_of_two_splits_are_refused()
    {
        var a = Shamir.Split(RandomNumberGenerator.GetBytes(16), 5, 3);
        var b = Shamir.Split(RandomNumberGenerator.GetBytes(16), 5, 3);
        var c = Shamir.Split(RandomNumberGenerator.GetBytes(16), 5, 2);
        var d = Shamir.Split(RandomNumberGenerator.GetBytes(32), 5, 3);

        Assert.Contains("do not agree", Recover([a[0], a[1], b[2], b[3]]).Message, StringComparison.Ordinal);
        Assert.Contains("different splits", Recover([a[0], a[1], c[2]]).Message, StringComparison.Ordinal);
        Assert.Contains("different secrets", Recover([a[0], a[1], d[2]]).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_share_given_twice_is_refused()
    {
        var shares = Shamir.Split(RandomNumberGenerator.GetBytes(16), 5, 3);
        Assert.Contains("Share 2 is given twice", Recover([shares[0], shares[1], shares[1]]).Message, StringComparison.Ordinal);
        Assert.Contains("Share 2 is given twice", Recover([shares[0].ToString(), shares[1].ToString(), shares[1].ToString().ToLowerInvariant()]).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_that_is_not_a_share_is_refused_with_its_position()
    {
        var shares = Shamir.Split(RandomNumberGenerator.GetBytes(16), 3, 2).Select(s => s.ToString()).ToArray();
        var digest = Udf.ContentDigest("text/plain", "x"u8);

        var e = Recover([shares[0], digest]);
        Assert.Contains("Share 2 of the 2 given", e.Message, StringComparison.Ordinal);
        Assert.Contains("not a secret share", e.Message, StringComparison.Ordinal);
        Assert.Contains("not a secret share", Recover([shares[0], Udf.RandomSymmetricKey()]).Message, StringComparison.Ordinal);
        Assert.Contains("'!' at position 1", Recover(["!", shares[0]]).Message, StringComparison.Ordinal);
        Assert.False(SecretShare.TryParse(null, out _));
    }

    [Theory]
    [InlineData(0x10, "quorum is 1")]
    [InlineData(0x00, "quorum is 0")]
    [InlineData(0x3F, "share 16")]
    public void A_share_with_an_impossible_header_is_refused(byte header, string because)
    {
        var payload = new byte[17];
        payload[0] = header;
        var text = UdfText.FormatWhole(UdfType.Share, payload);
        Assert.Contains(because, Assert.Throws<MeshException>(() => SecretShare.Parse(text)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Coefficients_are_redrawn_while_a_share_would_not_fit()
    {
        // Secret 2^128 - 1 and a1 = 1 give f(1) = 2^128: too big for a share, so draw again.
        var secret = Enumerable.Repeat((byte)0xFF, 16).ToArray();
        var p = Shamir.Prime(128);
        var draws = new Queue<BigInteger>([BigInteger.One, p - 1]);

        var shares = Shamir.SplitWith(secret, 3, 2, _ => draws.Dequeue());

        Assert.Empty(draws);
        Assert.Equal(secret, Shamir.Recover(shares));
        Assert.Equal((BigInteger.One << 128) - 2, shares[0].Value);
    }

    [Theory]
    [InlineData(20, 5, 3)]
    [InlineData(16, 16, 3)]
    [InlineData(16, 1, 1)]
    [InlineData(16, 5, 1)]
    [InlineData(16, 5, 6)]
    public void Split_arguments_out_of_range_are_misuse(int length, int shares, int quorum) =>
        Assert.ThrowsAny<ArgumentException>(() => Shamir.Split(new byte[length], shares, quorum));

    private static MeshException Recover(IEnumerable<SecretShare> shares) => Assert.Throws<MeshException>(() => Shamir.Recover(shares));

    private static MeshException Recover(IEnumerable<string> shares) => Assert.Throws<MeshException>(() => Shamir.Recover(shares));

    // Changes one symbol of f(x), well past the type and header symbols.
    private static string Corrupt(string share)
    {
        var chars = share.ToCharArray();
        chars[10] = chars[10] == 'A' ? 'B' : 'A';
        return new string(chars);
    }
}
