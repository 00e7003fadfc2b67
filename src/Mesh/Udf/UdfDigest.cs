// Implements UDF.md, "Content digest UDF" and "Keyed (authenticator) UDF".
using System.Numerics;
using System.Security.Cryptography;

namespace Mesh;

/// <summary>
/// The digest arithmetic of UDF.md. Every method takes the inner digest H(data) already
/// computed, so that the caller hashes its data exactly once, from a span or a stream,
/// without copying it.
/// </summary>
internal static class UdfDigest
{
    /// <summary>Bytes of SHA-2-512 and SHA-3-512 output.</summary>
    public const int Size = 64;

    private static ReadOnlySpan<byte> KeyedMaster => "KeyedUDFMaster"u8;
    private static ReadOnlySpan<byte> KeyedExpand => "KeyedUDFExpand"u8;

    /// <summary>Writes H(data) to <paramref name="digest"/> (64 bytes).</summary>
    public static void Hash(UdfAlgorithm algorithm, ReadOnlySpan<byte> data, Span<byte> digest)
    {
        switch (algorithm)
        {
            case UdfAlgorithm.Sha2: SHA512.HashData(data, digest); break;
            case UdfAlgorithm.Sha3: RequireSha3(); SHA3_512.HashData(data, digest); break;
            default: throw UnknownAlgorithm(algorithm);
        }
    }

    /// <summary>Writes H(data) to <paramref name="digest"/>, reading the stream to its end.</summary>
    public static void Hash(UdfAlgorithm algorithm, Stream data, Span<byte> digest)
    {
        switch (algorithm)
        {
            case UdfAlgorithm.Sha2: SHA512.HashData(data, digest); break;
            case UdfAlgorithm.Sha3: RequireSha3(); SHA3_512.HashData(data, digest); break;
            default: throw UnknownAlgorithm(algorithm);
        }
    }

    /// <summary>The content-digest UDF text from H(data).</summary>
    public static string ContentDigest(string contentType, ReadOnlySpan<byte> innerDigest, int bits, UdfAlgorithm algorithm)
    {
        Span<byte> bytes = stackalloc byte[1 + Size];
        var tcdv = bytes[1..];
        Hash(algorithm, Tag(contentType, innerDigest), tcdv);
        var type = algorithm == UdfAlgorithm.Sha3 ? UdfType.DigestSha3 : UdfType.DigestSha2;
        bytes[0] = (byte)((int)type + Compression(tcdv));
        return UdfText.Format(bytes, bits);
    }

    /// <summary>The keyed (authenticator) UDF text from SHA-2-512(data).</summary>
    public static string Keyed(string key, string contentType, ReadOnlySpan<byte> innerDigest, int bits)
    {
        Span<byte> prk = stackalloc byte[Size];
        Span<byte> okm = stackalloc byte[Size];
        Span<byte> bytes = stackalloc byte[1 + Size];
        HMACSHA512.HashData(KeyedMaster, System.Text.Encoding.UTF8.GetBytes(key), prk);
        HKDF.Expand(HashAlgorithmName.SHA512, prk, okm, KeyedExpand);
        bytes[0] = (byte)UdfType.Authenticator;
        HMACSHA512.HashData(okm, Tag(contentType, innerDigest), bytes[1..]);
        CryptographicOperations.ZeroMemory(prk);
        CryptographicOperations.ZeroMemory(okm);
        return UdfText.Format(bytes, bits);
    }

    /// <summary>
    /// The compression level 0 to 4 from the trailing zero bits of the TCDV: a digest that
    /// happens to end in many zeros (found by search) earns a type byte that says so.
    /// </summary>
    public static int Compression(ReadOnlySpan<byte> tcdv)
    {
        var zeros = 0;
        for (var i = tcdv.Length - 1; i >= 0; i--)
        {
            if (tcdv[i] != 0)
            {
                zeros += BitOperations.TrailingZeroCount(tcdv[i]);
                break;
            }
            zeros += 8;
        }
        return zeros >= 50 ? 4 : zeros >= 40 ? 3 : zeros >= 30 ? 2 : zeros >= 20 ? 1 : 0;
    }

    // UTF8(content_type) || ':' || H(data)
    private static byte[] Tag(string contentType, ReadOnlySpan<byte> innerDigest)
    {
        var utf8 = System.Text.Encoding.UTF8;
        var length = utf8.GetByteCount(contentType);
        var tagged = new byte[length + 1 + innerDigest.Length];
        utf8.GetBytes(contentType, tagged);
        tagged[length] = (byte)':';
        innerDigest.CopyTo(tagged.AsSpan(length + 1));
        return tagged;
    }

    private static void RequireSha3()
    {
        if (!SHA3_512.IsSupported)
            throw new PlatformNotSupportedException("SHA-3-512 is not available on this platform (on Linux it needs OpenSSL 1.1.1 or later).");
    }

    private static ArgumentOutOfRangeException UnknownAlgorithm(UdfAlgorithm algorithm) =>
        new(nameof(algorithm), algorithm, "Not a UDF digest algorithm.");
}
