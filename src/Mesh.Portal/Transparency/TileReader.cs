using Mesh.Merkle;
using Mesh.Portal.Storage;
using Mesh.Transparency;

namespace Mesh.Portal.Transparency;

/// <summary>What a tile read found.</summary>
/// <param name="Bytes">the tile's bytes, or null when the log does not have it (yet)</param>
/// <param name="Refusal">why a tile that exists is not served in the form asked, or null</param>
public sealed record TileRead(byte[]? Bytes, string? Refusal = null);

/// <summary>
/// Reads tiles for <c>GET /mmm/tile/…</c> (C2SP tlog-tiles): full hash tiles as stored, partial ones from the
/// Merkle nodes, entry bundles from the log rows (the entries are stored once, in the log). Every tile is
/// immutable: a tile of a given width always holds the same bytes, so nothing here needs the latest checkpoint.
/// </summary>
public sealed class TileReader(IPortalStore store)
{
    /// <summary>The bytes of <paramref name="tile"/>; null bytes when the log is not that large.</summary>
    public TileRead Read(TilePath tile)
    {
        if (tile.Kind == TileKind.Hashes)
        {
            var span = TilePath.Span(tile.Level);
            if (span == long.MaxValue || tile.Index > long.MaxValue / span / TilePath.FullWidth) return new TileRead(null);
            if (tile.IsFull) return new TileRead(store.ReadTile(tile.Level, tile.Index));
            var hashes = store.ReadHashes(tile.TreeLevel, tile.Index * TilePath.FullWidth, tile.Width);
            return new TileRead(hashes.Length == tile.Width * MerkleHash.Size ? hashes : null);
        }
        if (tile.Index > long.MaxValue / TilePath.FullWidth) return new TileRead(null);
        var rows = store.ReadLog(tile.Index * TilePath.FullWidth, tile.Width);
        if (rows.Count != tile.Width) return new TileRead(null);
        return EntryBundle.TryEncode(tile.Kind, [.. rows.Select(r => r.Leaf)], out var bundle)
            ? new TileRead(bundle)
            : new TileRead(null, $"An entry of {tile} is longer than the {EntryBundle.MaxC2spEntry} bytes a C2SP entry bundle can hold; " +
                $"read {TilePath.Bundle(TileKind.MeshEntries, tile.Index, tile.Width)} instead, whose lengths are uint32.");
    }
}
