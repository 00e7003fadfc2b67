namespace Mesh.Encoding;

/// <summary>
/// Base32 with the RFC 4648 section 6 alphabet, without padding: the text form of UDFs.
/// </summary>
public static class Base32
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>Encodes the first <paramref name="bits"/> bits of data (rounded up to whole symbols).</summary>
    public static string Encode(ReadOnlySpan<byte> data, int bits = -1)
    {
        var total = data.Length * 8;
        if (bits < 0 || bits > total) bits = total;
        var symbols = (bits + 4) / 5;
        var chars = new char[symbols];
        for (var i = 0; i < symbols; i++)
        {
            var bit = i * 5;
            var value = 0;
            for (var j = 0; j < 5; j++)
            {
                var b = bit + j;
                value <<= 1;
                if (b < total && (data[b >> 3] & (0x80 >> (b & 7))) != 0) value |= 1;
            }
            chars[i] = Alphabet[value];
        }
        return new string(chars);
    }

    /// <summary>Decodes base32 symbols (case-insensitive) into bytes; trailing partial bits are dropped.</summary>
    /// <returns>false when a symbol is outside the alphabet</returns>
    public static bool TryDecode(ReadOnlySpan<char> text, out byte[] data)
    {
        data = new byte[text.Length * 5 / 8];
        var acc = 0;
        var accBits = 0;
        var n = 0;
        foreach (var c in text)
        {
            var v = SymbolValue(c);
            if (v < 0) { data = []; return false; }
            acc = (acc << 5) | v;
            accBits += 5;
            if (accBits >= 8)
            {
                accBits -= 8;
                if (n < data.Length) data[n++] = (byte)(acc >> accBits);
                acc &= (1 << accBits) - 1;
            }
        }
        return true;
    }

    /// <summary>True when c is a symbol of the alphabet, in either case.</summary>
    public static bool IsSymbol(char c) => SymbolValue(c) >= 0;

    private static int SymbolValue(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a',
        >= '2' and <= '7' => c - '2' + 26,
        _ => -1,
    };
}
