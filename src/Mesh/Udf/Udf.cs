// Implements UDF.md: Uniform Data Fingerprints (draft-hallambaker-mesh-udf-13 as its examples show it).
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Mesh;

/// <summary>
/// Uniform Data Fingerprints: make them (content digests, keyed authenticators, symmetric
/// keys, nonces), read them back, compare them. Every method that makes a UDF returns its
/// canonical text, upper case with a dash between every 4 symbols.
/// </summary>
public static class Udf
{
    /// <summary>The content type under which a public key's DER SubjectPublicKeyInfo is fingerprinted.</summary>
    public const string PkixKeyInfoContentType = "application/pkix-keyinfo";

    /// <summary>The precision used when none is asked for: 140 bits, 28 symbols.</summary>
    public const int DefaultBits = 140;

    /// <summary>The lowest precision of a content digest or authenticator.</summary>
    public const int MinBits = 100;

    /// <summary>The highest precision of a content digest or authenticator.</summary>
    public const int MaxBits = 440;

    /// <summary>The size of a nonce when none is asked for.</summary>
    public const int DefaultNonceBits = 128;

    /// <summary>The smallest nonce <see cref="Nonce"/> makes.</summary>
    public const int MinNonceBits = 128;

    /// <summary>The largest nonce <see cref="Nonce"/> makes.</summary>
    public const int MaxNonceBits = 512;

    /// <summary>
    /// The content-digest UDF of data: H(content type ":" H(data)) with SHA-2-512 (text starts
    /// with 'M') or SHA-3-512 ('K'), cut to <paramref name="bits"/>. Hashes the span in place.
    /// </summary>
    /// <param name="contentType">the IANA media type of the data, e.g. "text/plain"; not empty</param>
    /// <param name="data">the content</param>
    /// <param name="bits">the precision: a multiple of 20 from 100 to 440</param>
    /// <param name="algorithm">the digest</param>
    /// <exception cref="ArgumentException">an empty content type or a precision out of range</exception>
    /// <exception cref="PlatformNotSupportedException">SHA-3 asked for where the platform lacks it</exception>
    public static string ContentDigest(string contentType, ReadOnlySpan<byte> data, int bits = DefaultBits, UdfAlgorithm algorithm = UdfAlgorithm.Sha2)
    {
        CheckContentType(contentType);
        CheckBits(bits);
        Span<byte> inner = stackalloc byte[UdfDigest.Size];
        UdfDigest.Hash(algorithm, data, inner);
        return UdfDigest.ContentDigest(contentType, inner, bits, algorithm);
    }

    /// <summary>
    /// The content-digest UDF of a stream's content from its current position to its end,
    /// read incrementally. The stream is not closed. Otherwise as the span overload.
    /// </summary>
    public static string ContentDigest(string contentType, Stream data, int bits = DefaultBits, UdfAlgorithm algorithm = UdfAlgorithm.Sha2)
    {
        CheckContentType(contentType);
        ArgumentNullException.ThrowIfNull(data);
        CheckBits(bits);
        Span<byte> inner = stackalloc byte[UdfDigest.Size];
        UdfDigest.Hash(algorithm, data, inner);
        return UdfDigest.ContentDigest(contentType, inner, bits, algorithm);
    }

    /// <summary>
    /// The keyed (authenticator) UDF of data under a key: an HMAC-SHA-512 that only holders of
    /// the key can make or check; the text starts with 'A'. The key text is used exactly as
    /// given (case and dashes matter), so pass it as it was printed.
    /// </summary>
    /// <param name="key">the key text, e.g. a nonce UDF; not empty</param>
    /// <param name="contentType">the IANA media type of the data; not empty</param>
    /// <param name="data">the content</param>
    /// <param name="bits">the precision: a multiple of 20 from 100 to 440</param>
    public static string Keyed(string key, string contentType, ReadOnlySpan<byte> data, int bits = DefaultBits)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        CheckContentType(contentType);
        CheckBits(bits);
        Span<byte> inner = stackalloc byte[UdfDigest.Size];
        SHA512.HashData(data, inner);
        return UdfDigest.Keyed(key, contentType, inner, bits);
    }

    /// <summary>The keyed UDF of a stream's content to its end, read incrementally. Otherwise as the span overload.</summary>
    public static string Keyed(string key, string contentType, Stream data, int bits = DefaultBits)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        CheckContentType(contentType);
        ArgumentNullException.ThrowIfNull(data);
        CheckBits(bits);
        Span<byte> inner = stackalloc byte[UdfDigest.Size];
        SHA512.HashData(data, inner);
        return UdfDigest.Keyed(key, contentType, inner, bits);
    }

    /// <summary>A fresh random nonce UDF (text starts with 'N'), printed whole.</summary>
    /// <param name="bits">random bits: a multiple of 8 from 128 to 512</param>
    public static string Nonce(int bits = DefaultNonceBits)
    {
        if (bits is < MinNonceBits or > MaxNonceBits || bits % 8 != 0)
            throw new ArgumentOutOfRangeException(nameof(bits), bits, $"A nonce has a multiple of 8 bits from {MinNonceBits} to {MaxNonceBits}.");
        Span<byte> nonce = stackalloc byte[bits / 8];
        RandomNumberGenerator.Fill(nonce);
        return UdfText.FormatWhole(UdfType.Nonce, nonce);
    }

    /// <summary>The symmetric-key UDF (text starts with 'E') carrying a 128- or 256-bit key, printed whole.</summary>
    /// <exception cref="ArgumentException">the key is not 16 or 32 bytes</exception>
    public static string SymmetricKey(ReadOnlySpan<byte> key)
    {
        if (key.Length is not (16 or 32))
            throw new ArgumentException($"A symmetric key UDF carries a 128- or 256-bit key, not {key.Length * 8} bits.", nameof(key));
        return UdfText.FormatWhole(UdfType.SymmetricKey, key);
    }

    /// <summary>A fresh random symmetric-key UDF.</summary>
    /// <param name="bits">128 or 256</param>
    public static string RandomSymmetricKey(int bits = 256)
    {
        if (bits is not (128 or 256))
            throw new ArgumentOutOfRangeException(nameof(bits), bits, "A symmetric key has 128 or 256 bits.");
        Span<byte> key = stackalloc byte[bits / 8];
        RandomNumberGenerator.Fill(key);
        var text = SymmetricKey(key);
        CryptographicOperations.ZeroMemory(key);
        return text;
    }

    /// <summary>Reads a UDF in any case, with or without dashes.</summary>
    /// <exception cref="ArgumentNullException">text is null</exception>
    /// <exception cref="MeshException">the text is not a valid UDF; the message says why</exception>
    public static UdfValue Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var value, out var error) ? value : throw new MeshException(MeshStatus.BadRequest, error);
    }

    /// <summary>Reads a UDF in any case, with or without dashes; false when it is null or not valid.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out UdfValue? value) =>
        TryParse(text, out value, out _);

    /// <summary>Reads a UDF; when it is not valid, <paramref name="error"/> says why in a sentence for a user.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out UdfValue? value, [NotNullWhen(false)] out string? error)
    {
        if (text is null)
        {
            value = null;
            error = "There is no UDF.";
            return false;
        }
        return UdfParser.TryParse(text, out value, out error);
    }

    /// <summary>
    /// True when <paramref name="text"/> is a well-formed nonce UDF: the type byte 104 ('N') and 16 to 64 random
    /// bytes (<see cref="MinNonceBits"/> to <see cref="MaxNonceBits"/>), Base32 with zero trailing bits, in any
    /// case, with or without dashes.
    /// </summary>
    public static bool IsNonce([NotNullWhen(true)] string? text) => TryParse(text, out var value) && value.Type == UdfType.Nonce;

    /// <summary>
    /// True when both are valid UDFs with the same text ignoring case and dashes. Text that is
    /// not a valid UDF equals nothing, not even itself, so two empty strings never "match".
    /// </summary>
    public static bool AreEqual(string? first, string? second) =>
        TryParse(first, out var a) && TryParse(second, out var b) && a.Equals(b);

    /// <summary>
    /// True when both are valid and <paramref name="shorter"/> (at least 100 bits) is a prefix
    /// of <paramref name="longer"/>, ignoring case and dashes: a 140-bit UDF matches the 260-bit
    /// UDF of the same data. Fixed-length UDFs match only when equal. See <see cref="UdfValue.Matches"/>.
    /// </summary>
    public static bool Matches(string? shorter, string? longer) =>
        TryParse(shorter, out var a) && TryParse(longer, out var b) && a.Matches(b);

    private static void CheckBits(int bits)
    {
        if (bits is < MinBits or > MaxBits || bits % 20 != 0)
            throw new ArgumentOutOfRangeException(nameof(bits), bits, $"A UDF's precision is a multiple of 20 from {MinBits} to {MaxBits} bits.");
    }

    private static void CheckContentType(string contentType) => ArgumentException.ThrowIfNullOrEmpty(contentType);
}
