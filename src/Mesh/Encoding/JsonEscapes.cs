namespace Mesh.Encoding;

/// <summary>
/// Finds <c>\uD800</c>-style escapes that do not form a surrogate pair. JSON (RFC 8259 section 8.2)
/// lets such text through, but it is not Unicode: System.Text.Json reads it into a JsonElement
/// and then fails with InvalidOperationException when the string is read or written. Untrusted
/// JSON is checked with this before it is parsed, so that it is refused as malformed instead.
/// </summary>
public static class JsonEscapes
{
    /// <summary>True when the UTF-8 JSON text has an escaped surrogate that is not half of a pair.</summary>
    public static bool HasLoneSurrogate(ReadOnlySpan<byte> utf8Json)
    {
        for (var i = utf8Json.IndexOf((byte)'\\'); i >= 0 && i < utf8Json.Length; )
        {
            // Outside strings a backslash is a syntax error the parser reports; inside, it starts an escape.
            if (i + 1 >= utf8Json.Length) return false;
            if (utf8Json[i + 1] != 'u')
            {
                i = Next(utf8Json, i + 2);
                continue;
            }
            var unit = Hex(utf8Json, i + 2);
            if (unit is >= 0xDC00 and <= 0xDFFF) return true;
            if (unit is >= 0xD800 and <= 0xDBFF)
            {
                var low = i + 8 < utf8Json.Length && utf8Json[i + 6] == '\\' && utf8Json[i + 7] == 'u' ? Hex(utf8Json, i + 8) : -1;
                if (low is < 0xDC00 or > 0xDFFF) return true;
                i = Next(utf8Json, i + 12);
                continue;
            }
            i = Next(utf8Json, i + 6);
        }
        return false;
    }

    private static int Next(ReadOnlySpan<byte> text, int from) =>
        from >= text.Length ? -1 : text[from..].IndexOf((byte)'\\') is var j and >= 0 ? from + j : -1;

    /// <summary>The value of four hex digits at <paramref name="at"/>, or -1 (the parser reports a bad escape).</summary>
    private static int Hex(ReadOnlySpan<byte> text, int at)
    {
        if (at + 4 > text.Length) return -1;
        var value = 0;
        foreach (var c in text.Slice(at, 4))
        {
            var digit = c switch
            {
                >= (byte)'0' and <= (byte)'9' => c - '0',
                >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
                _ => -1,
            };
            if (digit < 0) return -1;
            value = value * 16 + digit;
        }
        return value;
    }
}
