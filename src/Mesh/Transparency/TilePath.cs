// C2SP tlog-tiles (https://c2sp.org/tlog-tiles), "Merkle Tree" and "Log entries": the paths of tiles and entry bundles.
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Mesh.Transparency;

/// <summary>What a tile path names.</summary>
public enum TileKind
{
    /// <summary>A hash tile, <c>tile/L/N</c>: Merkle tree hashes at level L (tree level 8·L).</summary>
    Hashes,

    /// <summary>A C2SP entry bundle, <c>tile/entries/N</c>: entries with big-endian uint16 lengths.</summary>
    Entries,

    /// <summary>
    /// This implementation's entry bundle, <c>tile/mesh-entries/N</c>: the same entries with big-endian uint32
    /// lengths, since a Mesh log entry (a whole signed or encrypted profile) can be longer than 65,535 bytes.
    /// </summary>
    MeshEntries,
}

/// <summary>
/// One tile of a tiled log: its kind, level (hash tiles only), index and width (256 when full, 1–255 when
/// partial). Its path, relative to the log's prefix, is <c>tile/L/N[.p/W]</c> or <c>tile/entries/N[.p/W]</c>,
/// where N is written as zero-padded 3-digit elements, all but the last prefixed with <c>x</c>
/// (1234067 is <c>x001/x234/067</c>).
/// </summary>
public readonly record struct TilePath(TileKind Kind, int Level, long Index, int Width)
{
    /// <summary>The tile height: each tile spans 8 levels of the tree, 256 hashes or entries when full.</summary>
    public const int Height = 8;

    /// <summary>The width of a full tile.</summary>
    public const int FullWidth = 256;

    /// <summary>The highest hash tile level the specification allows.</summary>
    public const int MaxLevel = 63;

    private const string EntriesName = "entries";
    private const string MeshEntriesName = "mesh-entries";

    /// <summary>Whether the tile is full.</summary>
    public bool IsFull => Width == FullWidth;

    /// <summary>The tree level of the hashes of a hash tile (8·<see cref="Level"/>); 0 for entries.</summary>
    public int TreeLevel => Kind == TileKind.Hashes ? Level * Height : 0;

    /// <summary>The hash tile at <paramref name="level"/> and <paramref name="index"/>.</summary>
    public static TilePath Hashes(int level, long index, int width = FullWidth) => new(TileKind.Hashes, level, index, width);

    /// <summary>The entry bundle <paramref name="index"/> of <paramref name="kind"/>.</summary>
    public static TilePath Bundle(TileKind kind, long index, int width = FullWidth) => new(kind, 0, index, width);

    /// <summary>The tiles of <paramref name="kind"/> (and <paramref name="level"/>) a tree of <paramref name="treeSize"/> leaves has, in order: the full ones, then the partial one if any.</summary>
    public static IEnumerable<TilePath> Covering(TileKind kind, int level, long treeSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(treeSize);
        var span = kind == TileKind.Hashes ? Span(level) : 1;
        var hashes = treeSize / span; // how many hashes (or entries) the level has
        for (long n = 0; n < hashes / FullWidth; n++) yield return new TilePath(kind, level, n, FullWidth);
        if (hashes % FullWidth is var rest and > 0) yield return new TilePath(kind, level, hashes / FullWidth, (int)rest);
    }

    /// <summary>How many leaves one hash of a level-<paramref name="level"/> tile spans: 256^level (saturating).</summary>
    public static long Span(int level) => level >= 8 ? long.MaxValue : 1L << (Height * level);

    /// <summary>The path, relative to the log's prefix, e.g. <c>tile/0/x001/234.p/7</c>.</summary>
    public override string ToString()
    {
        var path = new StringBuilder("tile/");
        path.Append(Kind switch
        {
            TileKind.Entries => EntriesName,
            TileKind.MeshEntries => MeshEntriesName,
            _ => Level.ToString(CultureInfo.InvariantCulture),
        }).Append('/');
        var digits = Index.ToString(CultureInfo.InvariantCulture);
        digits = digits.PadLeft((digits.Length + 2) / 3 * 3, '0');
        for (var i = 0; i < digits.Length; i += 3)
            path.Append(i + 3 < digits.Length ? "x" : "").Append(digits, i, 3).Append(i + 3 < digits.Length ? "/" : "");
        if (!IsFull) path.Append(".p/").Append(Width.ToString(CultureInfo.InvariantCulture));
        return path.ToString();
    }

    /// <summary>
    /// Reads a path relative to the log's prefix (<c>tile/…</c>); false for anything but the canonical form
    /// (no leading zeroes in L or W, no superfluous <c>x000/</c> elements, W from 1 to 255).
    /// </summary>
    public static bool TryParse(string? path, out TilePath tile)
    {
        tile = default;
        if (path is null || path.Length > 128 || !path.StartsWith("tile/", StringComparison.Ordinal)) return false;
        var parts = path[5..].Split('/');
        if (parts.Length < 2) return false;
        var width = FullWidth;
        if (parts[^1].Length > 0 && parts.Length >= 3 && parts[^2].EndsWith(".p", StringComparison.Ordinal))
        {
            if (!TryDecimal(parts[^1], 255, out var w) || w < 1) return false;
            width = (int)w;
            parts[^2] = parts[^2][..^2];
            parts = parts[..^1];
        }
        TileKind kind;
        var level = 0;
        switch (parts[0])
        {
            case EntriesName: kind = TileKind.Entries; break;
            case MeshEntriesName: kind = TileKind.MeshEntries; break;
            default:
                if (!TryDecimal(parts[0], MaxLevel, out var l)) return false;
                (kind, level) = (TileKind.Hashes, (int)l);
                break;
        }
        long index = 0;
        for (var i = 1; i < parts.Length; i++)
        {
            var element = parts[i];
            var last = i == parts.Length - 1;
            if (!last && !element.StartsWith('x')) return false;
            if (!last) element = element[1..];
            if (element.Length != 3 || !element.All(char.IsAsciiDigit)) return false;
            if (index > (long.MaxValue - 999) / 1000) return false;
            index = index * 1000 + int.Parse(element, CultureInfo.InvariantCulture);
        }
        tile = new TilePath(kind, level, index, width);
        return tile.ToString() == path; // only the canonical spelling names a tile
    }

    private static bool TryDecimal(string text, long max, out long value)
    {
        value = 0;
        if (text.Length is 0 or > 3 || !text.All(char.IsAsciiDigit) || (text.Length > 1 && text[0] == '0')) return false;
        value = long.Parse(text, CultureInfo.InvariantCulture);
        return value <= max;
    }
}
