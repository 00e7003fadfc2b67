// Implements UDF.md: reading a UDF someone typed or pasted, with a message for each way it can be wrong.
using System.Diagnostics.CodeAnalysis;
using Mesh.Encoding;

namespace Mesh;

/// <summary>Validates UDF text: symbols, length per kind, known type byte, canonical padding.</summary>
internal static class UdfParser
{
    private const int MinDigestSymbols = Udf.MinBits / UdfText.BitsPerSymbol;
    private const int MaxDigestSymbols = Udf.MaxBits / UdfText.BitsPerSymbol;
    // Whole groups of 20 bits: the precisions are multiples of 20.
    private const int DigestStep = 20 / UdfText.BitsPerSymbol;
    // The longest UDF we know: a 512-bit nonce (65 bytes, 104 symbols).
    private const int MaxSymbols = ((1 + (Udf.MaxNonceBits / 8)) * 8 + UdfText.BitsPerSymbol - 1) / UdfText.BitsPerSymbol;

    public static bool TryParse(string text, [NotNullWhen(true)] out UdfValue? value, [NotNullWhen(false)] out string? error)
    {
        value = null;
        error = null;
        var symbols = new char[Math.Min(text.Length, MaxSymbols + 1)];
        var n = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '-') continue;
            if (!Base32.IsSymbol(c))
            {
                error = $"{Describe(c)} at position {i + 1} is not a UDF symbol: a UDF is made of the letters A to Z, the digits 2 to 7 and dashes.";
                return false;
            }
            if (n == symbols.Length)
            {
                error = $"The UDF is too long: no UDF has more than {MaxSymbols} symbols.";
                return false;
            }
            symbols[n++] = char.ToUpperInvariant(c);
        }
        if (n == 0)
        {
            error = "The UDF is empty.";
            return false;
        }
        if (n < MinDigestSymbols)
        {
            error = $"The UDF is too short: it has {n} symbols ({n * UdfText.BitsPerSymbol} bits); a UDF has at least {MinDigestSymbols} ({Udf.MinBits} bits).";
            return false;
        }
        var text32 = new string(symbols, 0, n);
        // Cannot fail: every symbol was checked above.
        _ = Base32.TryDecode(text32, out var bytes);
        if (Classify(bytes[0]) is not { } type)
        {
            error = $"The UDF has the unknown type byte {bytes[0]} (it starts with '{text32[0]}'); known kinds start with "
                + "A (authenticator), E (symmetric key), K or M (content digest), N (nonce) or S (secret share).";
            return false;
        }
        error = CheckLength(type, text32, bytes);
        if (error is not null) return false;
        value = new UdfValue(type, text32, bytes);
        return true;
    }

    private static UdfType? Classify(byte typeByte) => typeByte switch
    {
        0 => UdfType.Authenticator,
        32 => UdfType.SymmetricKey,
        >= 80 and <= 84 => UdfType.DigestSha3,
        >= 96 and <= 100 => UdfType.DigestSha2,
        104 => UdfType.Nonce,
        144 => UdfType.Share,
        _ => null,
    };

    private static string? CheckLength(UdfType type, string symbols, byte[] bytes)
    {
        var n = symbols.Length;
        switch (type)
        {
            case UdfType.Authenticator or UdfType.DigestSha2 or UdfType.DigestSha3:
                return n % DigestStep == 0 && n <= MaxDigestSymbols ? null
                    : $"A {Name(type)} UDF has {MinDigestSymbols} to {MaxDigestSymbols} symbols in whole groups of {DigestStep} "
                      + $"({Udf.MinBits} to {Udf.MaxBits} bits in steps of 20); this one has {n}.";
            case UdfType.SymmetricKey:
                return CheckWhole(type, symbols, bytes, 16, 32, "28 or 53 symbols (a 128- or 256-bit key)");
            case UdfType.Share:
                return CheckWhole(type, symbols, bytes, 17, 33, "29 or 55 symbols (a share of a 128- or 256-bit secret)");
            default:
                return CheckWhole(type, symbols, bytes, Udf.MinNonceBits / 8, Udf.MaxNonceBits / 8,
                    $"28 to 104 symbols ({Udf.MinNonceBits} to {Udf.MaxNonceBits} random bits)");
        }
    }

    // A fixed-length UDF is printed whole: its symbols are exactly the Base32 of its bytes,
    // so a symbol too many or too few, or padding bits that are not zero, mean it was mistyped.
    private static string? CheckWhole(UdfType type, string symbols, byte[] bytes, int minPayload, int maxPayload, string expected)
    {
        var payload = bytes.Length - 1;
        var allowed = type == UdfType.Nonce ? payload >= minPayload && payload <= maxPayload : payload == minPayload || payload == maxPayload;
        if (!allowed || (bytes.Length * 8 + UdfText.BitsPerSymbol - 1) / UdfText.BitsPerSymbol != symbols.Length)
            return $"A {Name(type)} UDF has {expected}; this one has {symbols.Length}.";
        return string.Equals(Base32.Encode(bytes), symbols, StringComparison.Ordinal) ? null
            : $"The last symbol of this {Name(type)} UDF is not possible (its unused bits are not zero): it was mistyped.";
    }

    /// <summary>The kind of UDF in words, for messages.</summary>
    internal static string Name(UdfType type) => type switch
    {
        UdfType.Authenticator => "keyed (authenticator)",
        UdfType.SymmetricKey => "symmetric key",
        UdfType.Nonce => "nonce",
        UdfType.Share => "secret share",
        _ => "content digest",
    };

    private static string Describe(char c) =>
        char.IsControl(c) || char.IsWhiteSpace(c) || char.IsSurrogate(c) ? $"The character U+{(int)c:X4}" : $"'{c}'";
}
