using Mesh.Merkle;
using Mesh.Portal.Storage;
using Mesh.Transparency;

namespace Mesh.Portal.Transparency;

/// <summary>
/// Writes the log's full hash tiles (C2SP tlog-tiles) as the single writer sequences entries, in the same
/// transaction, like Tessera's integrator: a tile is 256 consecutive nodes of tree level 8·L, stored whole
/// once the last of them exists, so serving it is one read. Partial tiles are not stored: they are the
/// first nodes of a tile not yet full, read from the Merkle nodes (<see cref="TileReader"/>).
/// </summary>
public static class TileWriter
{
    /// <summary>
    /// Stores the tiles completed by a batch that took the log from <paramref name="before"/> to
    /// <paramref name="after"/> entries: none for most batches, one level-0 tile every 256 entries.
    /// </summary>
    public static void Extend(IWriteTransaction tx, long before, long after)
    {
        ArgumentNullException.ThrowIfNull(tx);
        for (var level = 0; level <= TilePath.MaxLevel; level++)
        {
            var span = TilePath.Span(level);
            if (span == long.MaxValue || after / span < TilePath.FullWidth) return;
            var done = before / span / TilePath.FullWidth;
            var now = after / span / TilePath.FullWidth;
            for (var n = done; n < now; n++) Write(tx, level, n);
        }
    }

    /// <summary>
    /// Stores every full tile the log already has but the store lacks (a store written before tiles existed);
    /// returns how many. Cheap when nothing is missing: one count per level.
    /// </summary>
    public static long Backfill(IPortalStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var tx = store.BeginWrite();
        var written = 0L;
        for (var level = 0; level <= TilePath.MaxLevel; level++)
        {
            var span = TilePath.Span(level);
            if (span == long.MaxValue) break;
            var full = tx.LogSize / span / TilePath.FullWidth;
            if (full == 0) break;
            for (var n = tx.CountTiles(level); n < full; n++, written++) Write(tx, level, n);
        }
        tx.Commit();
        return written;
    }

    private static void Write(IWriteTransaction tx, int level, long index)
    {
        var hashes = tx.ReadHashes(level * TilePath.Height, index * TilePath.FullWidth, TilePath.FullWidth);
        if (hashes.Length != TilePath.FullWidth * MerkleHash.Size)
            throw new InvalidOperationException($"Tile {level}/{index} lacks Merkle nodes: the store has lost data.");
        tx.PutTile(level, index, hashes);
    }
}
