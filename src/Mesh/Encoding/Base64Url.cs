using Codec = System.Buffers.Text.Base64Url;

namespace Mesh.Encoding;

/// <summary>
/// Base64url without padding (RFC 4648 section 5), the binary encoding of NOTES.md section 1.
/// The decoder skips whitespace (the reference implementation wrapped lines) and rejects
/// padding, the standard alphabet's '+' and '/', and bit patterns that are not canonical.
/// </summary>
public static class Base64Url
{
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
        Span<char> compact = text.Length <= 1024 ? stackalloc char[text.Length] : new char[text.Length];
        var n = 0;
        foreach (var c in text)
        {
            if (c is ' ' or '\t' or '\r' or '\n') continue;
            var ok = c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_';
            if (!ok) return false;
            compact[n++] = c;
        }
        if (n % 4 == 1) return false;
        var chars = compact[..n];
        var result = new byte[Codec.GetMaxDecodedLength(n)];
        int written;
        try
        {
            if (!Codec.TryDecodeFromChars(chars, result, out written)) return false;
        }
        catch (FormatException)
        {
            // The platform decoder throws, rather than returning false, for non-zero trailing bits.
            return false;
        }
        // Reject non-canonical trailing bits so that one value has exactly one encoding.
        if (!Codec.EncodeToString(result.AsSpan(0, written)).AsSpan().SequenceEqual(chars)) return false;
        data = written == result.Length ? result : result[..written];
        return true;
    }
}
