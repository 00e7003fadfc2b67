// Implements UDF.md, "Shamir secret shares (type S)": the share layout.
using System.Diagnostics.CodeAnalysis;
using System.Numerics;

namespace Mesh.Secrets;

/// <summary>
/// One share of a secret split by <see cref="Shamir.Split"/>: the point (x, f(x)) of the
/// sharing polynomial and the quorum k needed to recover the secret. Its text is an S-type
/// UDF, <c>144 || (k &lt;&lt; 4 | x - 1) || f(x)</c> with f(x) as big-endian bytes of the secret's length.
/// </summary>
public sealed class SecretShare
{
    internal SecretShare(int quorum, int index, int secretBits, BigInteger value)
    {
        Quorum = quorum;
        Index = index;
        SecretBits = secretBits;
        Value = value;
    }

    /// <summary>How many distinct shares recover the secret (2 to 15).</summary>
    public int Quorum { get; }

    /// <summary>This share's x, 1 to 15.</summary>
    public int Index { get; }

    /// <summary>The length of the shared secret: 128 or 256 bits.</summary>
    public int SecretBits { get; }

    /// <summary>f(x), less than 2^<see cref="SecretBits"/>.</summary>
    internal BigInteger Value { get; }

    /// <summary>The share as an S-type UDF, printed whole.</summary>
    public override string ToString()
    {
        var bytes = new byte[1 + SecretBits / 8];
        bytes[0] = (byte)((Quorum << 4) | (Index - 1));
        Shamir.WriteBigEndian(Value, bytes.AsSpan(1));
        return UdfText.FormatWhole(UdfType.Share, bytes);
    }

    /// <summary>Reads a share from its S-type UDF text.</summary>
    /// <exception cref="ArgumentNullException">text is null</exception>
    /// <exception cref="MeshException">the text is not a valid share; the message says why</exception>
    public static SecretShare Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var share, out var error) ? share : throw new MeshException(MeshStatus.BadRequest, error);
    }

    /// <summary>Reads a share; false when the text is null or not a valid share.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out SecretShare? share) =>
        TryParse(text, out share, out _);

    /// <summary>Reads a share; when the text is not a valid share, <paramref name="error"/> says why.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out SecretShare? share, [NotNullWhen(false)] out string? error)
    {
        share = null;
        if (!Udf.TryParse(text, out var udf, out error))
        {
            error = $"This is not a secret share: {error}";
            return false;
        }
        if (udf.Type != UdfType.Share)
        {
            error = $"This is not a secret share (an S-type UDF): it is a {UdfParser.Name(udf.Type)} UDF.";
            return false;
        }
        var payload = udf.Payload.Span;
        int quorum = payload[0] >> 4, index = (payload[0] & 0xF) + 1;
        if (quorum < 2)
        {
            error = $"This secret share is damaged: it says its quorum is {quorum}, and a quorum is 2 to {Shamir.MaxShares}.";
            return false;
        }
        if (index > Shamir.MaxShares)
        {
            error = $"This secret share is damaged: it says it is share {index}, and there are at most {Shamir.MaxShares}.";
            return false;
        }
        share = new SecretShare(quorum, index, (payload.Length - 1) * 8, new BigInteger(payload[1..], isUnsigned: true, isBigEndian: true));
        return true;
    }
}
