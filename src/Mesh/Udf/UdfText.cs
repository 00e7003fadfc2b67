// Implements UDF.md: the text form of a UDF.
using Mesh.Encoding;

namespace Mesh;

/// <summary>The text form of UDF.md: Base32 cut to a number of symbols, a dash every 4.</summary>
internal static class UdfText
{
    /// <summary>Symbols between dashes.</summary>
    public const int GroupSize = 4;

    /// <summary>Bits carried by one Base32 symbol.</summary>
    public const int BitsPerSymbol = 5;

    /// <summary>Base32 of the first <paramref name="bits"/> bits of bytes (rounded up to whole symbols), dashed.</summary>
    public static string Format(ReadOnlySpan<byte> bytes, int bits) => Dash(Base32.Encode(bytes, bits));

    /// <summary>A fixed-length UDF: the type byte and the payload, printed whole.</summary>
    public static string FormatWhole(UdfType type, ReadOnlySpan<byte> payload)
    {
        Span<byte> bytes = stackalloc byte[1 + payload.Length];
        bytes[0] = (byte)type;
        payload.CopyTo(bytes[1..]);
        var text = Format(bytes, bytes.Length * 8);
        // The stack copy may hold key material.
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(bytes);
        return text;
    }

    /// <summary>Inserts a dash between every group of <see cref="GroupSize"/> symbols.</summary>
    public static string Dash(string symbols)
    {
        if (symbols.Length <= GroupSize) return symbols;
        var groups = (symbols.Length + GroupSize - 1) / GroupSize;
        return string.Create(symbols.Length + groups - 1, symbols, static (chars, s) =>
        {
            var n = 0;
            for (var i = 0; i < s.Length; i++)
            {
                if (i > 0 && i % GroupSize == 0) chars[n++] = '-';
                chars[n++] = s[i];
            }
        });
    }
}
