using System.Buffers;
using Codec = System.Buffers.Text.Base64Url;

namespace Mesh.Encoding;

/// <summary>
/// Base64url without padding (RFC 4648 section 5), the binary encoding of NOTES.md section 1.
/// The decoder skips whitespace (the reference implementation wrapped lines) and rejects
/// padding, the standard alphabet's '+' and '/', and bit patterns that are not canonical.
/// </summary>
public static class Base64Url
{
    private const string AlphabetChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static readonly SearchValues<char> Alphabet = SearchValues.Create(AlphabetChars);

    /// <summary>Encodes bytes as unpadded base64url.</summary>
    public static string Encode(ReadOnlySpan<byte> data) => Codec.EncodeToString(data);

    /// <summary>Decodes unpadded base64url; throws <see cref="MeshException"/> on bad input.</summary>
    /// <param name="text">the encoded text</param>
    /// <param name="what">names the field in the error message</param>
    public static byte[] Decode(string text, string what = "value")
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryDecode(text, out var data)
            ? data
            : throw new MeshException($"The {what} is not valid base64url (RFC 4648 section 5, without padding).");
    }

    /// <summary>Decodes unpadded base64url, returning false on bad input.</summary>
    public static bool TryDecode(string text, out byte[] data)
    {
        ArgumentNullException.ThrowIfNull(text);
        data = [];
        // The common case (no whitespace) is checked with one vectorized scan; signatures and
        // profiles are kilobytes of base64url on every request.
        ReadOnlySpan<char> chars = text;
        if (chars.ContainsAnyExcept(Alphabet))
        {
            var compact = new char[text.Length];
            var n = 0;
            foreach (var c in text)
            {
                if (c is ' ' or '\t' or '\r' or '\n') continue;
                if (!Alphabet.Contains(c)) return false;
                compact[n++] = c;
            }
            chars = compact.AsSpan(0, n);
        }
        if (chars.Length % 4 == 1 || !CanonicalTail(chars)) return false;
        var result = new byte[Codec.GetMaxDecodedLength(chars.Length)];
        if (!Codec.TryDecodeFromChars(chars, result, out var written) || written != result.Length) return false;
        data = result;
        return true;
    }

    // One value has exactly one encoding: the bits of the last character that fall past the data
    // (4 of them after 2 characters of a group, 2 after 3) must be zero.
    private static bool CanonicalTail(ReadOnlySpan<char> chars)
    {
        var unused = (chars.Length % 4) switch { 2 => 0x0F, 3 => 0x03, _ => 0 };
        return unused == 0 || (AlphabetChars.IndexOf(chars[^1], StringComparison.Ordinal) & unused) == 0;
    }
}
