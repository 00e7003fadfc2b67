using Mesh.Client.Portal;
using Mesh.Merkle;
using Mesh.Schema;
using Mesh.Transparency;

namespace Mesh.Client.Trust;

/// <summary>
/// Verifies a portal's whole log from its C2SP tiles (tlog-tiles), as a monitor does: every entry of the
/// entry bundles is hashed into the tree, which must add up to a verified checkpoint's root, and every hash
/// tile the portal serves for that tree is compared with the hashes recomputed from the entries, so a tile
/// that would mislead a reader of tiles alone is caught too (tiles are not trusted because they are served
/// beside a good checkpoint: x/mod's TileHashReader, for one, leaves some unchecked).
/// </summary>
public static class TileAudit
{
    // Bundles fetched ahead of the one being hashed: enough to keep a fast link busy.
    private const int Window = 8;

    // A hash tile is at most 256 hashes; a bundle at most 256 entries of at most a request's size each.
    private const int MaxTileBytes = TilePath.FullWidth * MerkleHash.Size;
    private const int MaxBundleBytes = 256 * 1024 * 1024;

    /// <summary>
    /// Reads the tiles of the tree of <paramref name="checkpoint"/> (verified by the caller) and checks them as
    /// above; gives each entry, in order, to <paramref name="onEntry"/> when set. Returns the recomputed frontier.
    /// </summary>
    /// <exception cref="MeshException">the portal's misbehaviour: a missing or malformed tile, a tile or entry that
    /// does not add up</exception>
    public static async Task<MerkleFrontier> VerifyAsync(PortalClient client, Checkpoint checkpoint, CancellationToken cancel,
        Action<long, byte[]>? onEntry = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(checkpoint);
        var size = checkpoint.TreeSize!.Value;
        var frontier = new MerkleFrontier();
        // The hashes each upper level must hold: level L+1's are the roots of level L's full tiles.
        var expected = new List<List<byte[]>> { new() };

        var bundles = TilePath.Covering(TileKind.MeshEntries, 0, size).ToList();
        var fetching = new Queue<(TilePath Bundle, Task<(byte[] Entries, byte[] Hashes)> Read)>();
        for (var next = 0; next < bundles.Count || fetching.Count > 0;)
        {
            while (next < bundles.Count && fetching.Count < Window) fetching.Enqueue((bundles[next], FetchLeafTileAsync(client, bundles[next++], cancel)));
            var (path, read) = fetching.Dequeue();
            var (bundle, hashes) = await read.ConfigureAwait(false);
            var tile = TilePath.Hashes(0, path.Index, path.Width);
            if (!EntryBundle.TryRead(TileKind.MeshEntries, bundle, tile.Width, out var entries))
                throw PortalMisbehavior.Error(client.Portal, $"Its entry bundle {path} does not hold {tile.Width} entries.");
            var leaves = new MerkleFrontier();
            for (var i = 0; i < entries.Count; i++)
            {
                var leaf = MerkleHash.Leaf(entries[i]);
                if (!hashes.AsSpan(i * MerkleHash.Size, MerkleHash.Size).SequenceEqual(leaf))
                    throw PortalMisbehavior.Error(client.Portal, $"Its hash tile {tile} does not hold the hash of entry {frontier.Size} it serves.");
                frontier.Append(leaf);
                leaves.Append(leaf);
                onEntry?.Invoke(frontier.Size - 1, entries[i]);
            }
            if (tile.IsFull) expected[0].Add(leaves.Root());
        }
        if (frontier.Size != size || !frontier.Root().AsSpan().SequenceEqual(checkpoint.RootHash))
            throw PortalMisbehavior.Error(client.Portal,
                $"The entries of its tiles up to {size} do not add up to its signed checkpoint: the log it serves as tiles is not the log it signed.");

        for (var level = 1; TilePath.Span(level) <= size; level++)
        {
            var above = new List<byte[]>();
            foreach (var tile in TilePath.Covering(TileKind.Hashes, level, size))
            {
                var hashes = await FetchAsync(client, tile, MaxTileBytes, cancel).ConfigureAwait(false);
                var subtree = new MerkleFrontier();
                for (var i = 0; i < tile.Width; i++)
                {
                    var hash = expected[level - 1][(int)(tile.Index * TilePath.FullWidth + i)];
                    if (hashes.Length != tile.Width * MerkleHash.Size || !hashes.AsSpan(i * MerkleHash.Size, MerkleHash.Size).SequenceEqual(hash))
                        throw PortalMisbehavior.Error(client.Portal, $"Its hash tile {tile} does not hold the hashes of the entries it serves.");
                    subtree.Append(hash);
                }
                if (tile.IsFull) above.Add(subtree.Root());
            }
            expected.Add(above);
        }
        return frontier;
    }

    private static async Task<(byte[], byte[])> FetchLeafTileAsync(PortalClient client, TilePath bundle, CancellationToken cancel)
    {
        var entries = FetchAsync(client, bundle, MaxBundleBytes, cancel);
        var hashes = await FetchAsync(client, TilePath.Hashes(0, bundle.Index, bundle.Width), MaxTileBytes, cancel).ConfigureAwait(false);
        if (hashes.Length != bundle.Width * MerkleHash.Size)
            throw PortalMisbehavior.Error(client.Portal, $"Its hash tile {TilePath.Hashes(0, bundle.Index, bundle.Width)} holds {hashes.Length} bytes, not {bundle.Width} hashes.");
        return (await entries.ConfigureAwait(false), hashes);
    }

    private static async Task<byte[]> FetchAsync(PortalClient client, TilePath tile, int maxBytes, CancellationToken cancel) =>
        await client.GetResourceAsync("mmm/" + tile, maxBytes, cancel).ConfigureAwait(false)
        ?? throw PortalMisbehavior.Error(client.Portal, $"It does not serve {tile}, which its signed checkpoint needs.");
}
