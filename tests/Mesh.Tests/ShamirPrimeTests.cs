using System.Numerics;
using Mesh.Secrets;

namespace Mesh.Tests;

/// <summary>The moduli of UDF.md are the smallest primes above 2^128 and 2^256.</summary>
public class ShamirPrimeTests
{
    [Theory]
    [InlineData(128, 51)]
    [InlineData(256, 297)]
    public void Modulus_is_the_smallest_prime_above_two_to_the_l(int bits, int offset)
    {
        var power = BigInteger.One << bits;
        Assert.Equal(power + offset, Shamir.Prime(bits));
        Assert.True(IsProbablePrime(power + offset));
        for (var d = 1; d < offset; d++) Assert.False(IsProbablePrime(power + d), $"2^{bits}+{d} is prime");
    }

    [Fact]
    public void Miller_rabin_knows_small_primes_and_carmichael_numbers()
    {
        int[] primes = [2, 3, 5, 7, 97, 7919, 65537];
        int[] composites = [1, 4, 9, 561, 1105, 1729, 2465, 2821, 6601, 8911, 65535];
        Assert.All(primes, p => Assert.True(IsProbablePrime(p)));
        Assert.All(composites, c => Assert.False(IsProbablePrime(c)));
        Assert.True(IsProbablePrime((BigInteger.One << 127) - 1));
        Assert.False(IsProbablePrime((BigInteger.One << 128) + 1));
    }

    // Miller-Rabin with 40 fixed bases: an error probability below 4^-40 for these sizes.
    private static bool IsProbablePrime(BigInteger n)
    {
        if (n < 2) return false;
        int[] small = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97, 101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167, 173];
        foreach (var p in small)
        {
            if (n == p) return true;
            if (n % p == 0) return false;
        }
        var d = n - 1;
        var s = 0;
        while (d.IsEven) { d >>= 1; s++; }
        foreach (var a in small)
        {
            var x = BigInteger.ModPow(a, d, n);
            if (x == 1 || x == n - 1) continue;
            var witness = true;
            for (var r = 1; r < s && witness; r++)
            {
                x = BigInteger.ModPow(x, 2, n);
                if (x == n - 1) witness = false;
            }
            if (witness) return false;
        }
        return true;
    }
}
