// Implements UDF.md, "Shamir secret shares (type S)": splitting and recovery.
using System.Numerics;
using System.Security.Cryptography;

namespace Mesh.Secrets;

/// <summary>
/// Shamir secret sharing of a 128- or 256-bit secret: split it into n shares so that any k of
/// them (the quorum) recover it and fewer than k reveal nothing about it. Arithmetic is modulo
/// the smallest prime above 2^L. BigInteger arithmetic is not constant-time; splitting and
/// recovery happen rarely and locally, on the holder's own device.
/// </summary>
public static class Shamir
{
    /// <summary>The most shares a secret can be split into (the share index has 4 bits).</summary>
    public const int MaxShares = 15;

    /// <summary>The least quorum: with 1 every share would be the secret itself.</summary>
    public const int MinQuorum = 2;

    /// <summary>Splits a secret into <paramref name="shares"/> shares, any <paramref name="quorum"/> of which recover it.</summary>
    /// <param name="secret">16 or 32 bytes</param>
    /// <param name="shares">n, from 2 to 15</param>
    /// <param name="quorum">k, from 2 to n</param>
    /// <returns>shares 1 to n, in order</returns>
    /// <exception cref="ArgumentException">a secret of another length, or n or k out of range</exception>
    public static IReadOnlyList<SecretShare> Split(ReadOnlySpan<byte> secret, int shares, int quorum) =>
        SplitWith(secret, shares, quorum, RandomBelow);

    /// <summary>As the public overload, drawing coefficients from <paramref name="draw"/>(p), which returns a value in [0, p).</summary>
    internal static IReadOnlyList<SecretShare> SplitWith(ReadOnlySpan<byte> secret, int shares, int quorum, Func<BigInteger, BigInteger> draw)
    {
        if (secret.Length is not (16 or 32))
            throw new ArgumentException($"Shamir sharing takes a 128- or 256-bit secret, not {secret.Length * 8} bits.", nameof(secret));
        ArgumentOutOfRangeException.ThrowIfLessThan(shares, MinQuorum);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(shares, MaxShares);
        ArgumentOutOfRangeException.ThrowIfLessThan(quorum, MinQuorum);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quorum, shares);

        var bits = secret.Length * 8;
        var p = Prime(bits);
        var limit = BigInteger.One << bits;
        var coefficients = new BigInteger[quorum];
        coefficients[0] = new BigInteger(secret, isUnsigned: true, isBigEndian: true);
        var values = new BigInteger[shares];
        while (true)
        {
            for (var i = 1; i < quorum; i++) coefficients[i] = draw(p);
            var fits = true;
            for (var x = 1; x <= shares && fits; x++)
            {
                values[x - 1] = Evaluate(coefficients, x, p);
                // A share carries f(x) in L bits; the rare f(x) in [2^L, p) does not fit.
                fits = values[x - 1] < limit;
            }
            if (fits) return [.. values.Select((v, i) => new SecretShare(quorum, i + 1, bits, v))];
        }
    }

    /// <summary>
    /// Recovers the secret from its shares by Lagrange interpolation at 0. Give at least the
    /// quorum. With exactly the quorum a corrupted share, or one from another split with the
    /// same quorum and length, cannot be detected: it yields a wrong secret, which the caller
    /// must authenticate (the escrow layer does). With more, every extra share is checked to
    /// lie on the same polynomial, so such a share is reported.
    /// </summary>
    /// <returns>the secret, 16 or 32 bytes; the caller should clear it after use</returns>
    /// <exception cref="MeshException">no shares, too few, duplicates, shares of different
    /// splits or lengths, or shares that disagree</exception>
    public static byte[] Recover(IEnumerable<SecretShare> shares)
    {
        ArgumentNullException.ThrowIfNull(shares);
        var given = shares.ToList();
        if (given.Count == 0) throw new MeshException("No shares were given: recovering a secret needs a quorum of its shares.");
        var first = given[0];
        var seen = new HashSet<int>();
        foreach (var share in given)
        {
            ArgumentNullException.ThrowIfNull(share, nameof(shares));
            if (share.SecretBits != first.SecretBits)
                throw new MeshException($"The shares are of different secrets: share {first.Index} is of a {first.SecretBits}-bit secret, share {share.Index} of a {share.SecretBits}-bit one.");
            if (share.Quorum != first.Quorum)
                throw new MeshException($"The shares are of different splits: share {first.Index} needs a quorum of {first.Quorum}, share {share.Index} a quorum of {share.Quorum}.");
            if (!seen.Add(share.Index))
                throw new MeshException($"Share {share.Index} is given twice; a quorum needs distinct shares.");
        }
        if (given.Count < first.Quorum)
            throw new MeshException($"Too few shares: {given.Count} given, and this secret needs {first.Quorum} to be recovered.");

        var p = Prime(first.SecretBits);
        var basis = given.GetRange(0, first.Quorum);
        foreach (var extra in given.Skip(first.Quorum))
        {
            if (Interpolate(basis, extra.Index, p) != extra.Value)
                throw new MeshException("The shares do not agree: at least one is corrupted or belongs to another split, so no secret can be trusted from them.");
        }
        var secret = Interpolate(basis, 0, p);
        // Every secret is below 2^L; a larger value can only come from a bad share.
        if (secret >= BigInteger.One << first.SecretBits)
            throw new MeshException("The shares do not recover a valid secret: at least one is corrupted or belongs to another split.");
        var bytes = new byte[first.SecretBits / 8];
        WriteBigEndian(secret, bytes);
        return bytes;
    }

    /// <summary>
    /// Reads shares from their S-type UDF texts and recovers the secret as the other overload.
    /// </summary>
    /// <exception cref="MeshException">a text is not a share (the message says which), or as the other overload</exception>
    public static byte[] Recover(IEnumerable<string> shares)
    {
        ArgumentNullException.ThrowIfNull(shares);
        var texts = shares.ToList();
        var parsed = new List<SecretShare>(texts.Count);
        for (var i = 0; i < texts.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(texts[i], nameof(shares));
            if (!SecretShare.TryParse(texts[i], out var share, out var error))
                throw new MeshException($"Share {i + 1} of the {texts.Count} given is unusable. {error}");
            parsed.Add(share);
        }
        return Recover(parsed);
    }

    /// <summary>The smallest prime above 2^bits, for the two secret lengths used.</summary>
    internal static BigInteger Prime(int bits) => bits switch
    {
        128 => (BigInteger.One << 128) + 51,
        256 => (BigInteger.One << 256) + 297,
        _ => throw new ArgumentOutOfRangeException(nameof(bits), bits, "Only 128- and 256-bit secrets are shared."),
    };

    /// <summary>Writes a non-negative value as big-endian bytes, right-aligned in the destination.</summary>
    internal static void WriteBigEndian(BigInteger value, Span<byte> destination)
    {
        destination.Clear();
        var length = value.GetByteCount(isUnsigned: true);
        value.TryWriteBytes(destination[^length..], out _, isUnsigned: true, isBigEndian: true);
    }

    // f(x) mod p by Horner's rule.
    private static BigInteger Evaluate(BigInteger[] coefficients, int x, BigInteger p)
    {
        var y = BigInteger.Zero;
        for (var i = coefficients.Length - 1; i >= 0; i--) y = (y * x + coefficients[i]) % p;
        return y;
    }

    // The value at x of the polynomial of degree k-1 through the k points, mod p (p is prime).
    private static BigInteger Interpolate(List<SecretShare> points, int x, BigInteger p)
    {
        var sum = BigInteger.Zero;
        foreach (var i in points)
        {
            BigInteger numerator = BigInteger.One, denominator = BigInteger.One;
            foreach (var j in points)
            {
                if (j.Index == i.Index) continue;
                numerator = numerator * (x - j.Index) % p;
                denominator = denominator * (i.Index - j.Index) % p;
            }
            var term = i.Value * numerator % p * BigInteger.ModPow(Mod(denominator, p), p - 2, p);
            sum = (sum + term) % p;
        }
        return Mod(sum, p);
    }

    private static BigInteger Mod(BigInteger value, BigInteger p) => ((value % p) + p) % p;

    // Uniform in [0, p) by rejection: p is just above 2^L, so draw L+1 bits, keep those below p.
    private static BigInteger RandomBelow(BigInteger p)
    {
        var bytes = new byte[(int)(p.GetBitLength() + 7) / 8];
        var topBits = (int)(p.GetBitLength() - 1) % 8 + 1;
        while (true)
        {
            RandomNumberGenerator.Fill(bytes);
            bytes[0] &= (byte)((1 << topBits) - 1);
            var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
            if (value < p) return value;
        }
    }
}
