// Implements UDF.md: what a parsed UDF carries, its comparison and its prefix match.
namespace Mesh;

/// <summary>
/// A parsed, valid UDF: its kind, its canonical text and the bytes its text carries.
/// Two values are equal when their texts are equal ignoring case and dashes.
/// Obtain one with <see cref="Udf.Parse"/> or <see cref="Udf.TryParse(string?, out UdfValue?)"/>.
/// </summary>
public sealed class UdfValue : IEquatable<UdfValue>
{
    private readonly byte[] bytes;

    internal UdfValue(UdfType type, string symbols, byte[] bytes)
    {
        Type = type;
        Symbols = symbols;
        this.bytes = bytes;
        Text = UdfText.Dash(symbols);
    }

    /// <summary>The canonical text: upper case, a dash between every 4 symbols.</summary>
    public string Text { get; }

    /// <summary>The kind of UDF.</summary>
    public UdfType Type { get; }

    /// <summary>The first byte: the base type byte of <see cref="Type"/> plus <see cref="Compression"/>.</summary>
    public byte TypeByte => bytes[0];

    /// <summary>The compression level 0 to 4 of a content digest; 0 for every other kind.</summary>
    public int Compression => TypeByte - (int)Type;

    /// <summary>The digest algorithm of a content digest; null for every other kind.</summary>
    public UdfAlgorithm? Algorithm => Type switch
    {
        UdfType.DigestSha2 => UdfAlgorithm.Sha2,
        UdfType.DigestSha3 => UdfAlgorithm.Sha3,
        _ => null,
    };

    /// <summary>
    /// Bits the text carries, 5 per symbol. For a content digest or authenticator this is its
    /// precision (100 to 440, a multiple of 20); a fixed-length UDF's last symbol may hold up
    /// to 4 bits of zero padding.
    /// </summary>
    public int Bits => Symbols.Length * UdfText.BitsPerSymbol;

    /// <summary>
    /// True for the kinds printed whole (symmetric key, nonce, share), whose payload is
    /// exactly the bytes they carry; false for digests and authenticators, which are cut.
    /// </summary>
    public bool IsFixedLength => Type is UdfType.SymmetricKey or UdfType.Nonce or UdfType.Share;

    /// <summary>
    /// The whole bytes after the type byte: the key, the nonce or the share of a fixed-length
    /// UDF; for a digest, the leading whole bytes of the digest that the text carries.
    /// </summary>
    public ReadOnlyMemory<byte> Payload => bytes.AsMemory(1);

    /// <summary>The text without dashes, upper case.</summary>
    internal string Symbols { get; }

    /// <summary>
    /// True when this UDF identifies the same thing as <paramref name="longer"/> at this UDF's
    /// precision: it is a prefix of it (validate at 140 bits, keep 260 for later). A
    /// fixed-length UDF matches only an equal one. False when this UDF is the longer.
    /// </summary>
    public bool Matches(UdfValue longer)
    {
        ArgumentNullException.ThrowIfNull(longer);
        if (IsFixedLength || longer.IsFixedLength) return Equals(longer);
        return longer.Symbols.StartsWith(Symbols, StringComparison.Ordinal);
    }

    /// <inheritdoc/>
    public bool Equals(UdfValue? other) => other is not null && string.Equals(Symbols, other.Symbols, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as UdfValue);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Symbols);

    /// <summary>The canonical text.</summary>
    public override string ToString() => Text;
}
