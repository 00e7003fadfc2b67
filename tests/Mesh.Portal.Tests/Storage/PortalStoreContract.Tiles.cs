using Mesh.Merkle;
using Mesh.Portal.Transparency;

namespace Mesh.Portal.Tests.Storage;

// The contract, continued: the hash tiles, written by the writer as the tree grows, and the node ranges partial tiles are read from.
public abstract partial class PortalStoreContract
{
    [StoreFact]
    public void Full_tiles_are_written_as_the_tree_completes_them_and_partial_ones_read_from_the_nodes()
    {
        var leaves = Enumerable.Range(0, 600).Select(i => MerkleHash.Leaf(BitConverter.GetBytes(i))).ToArray();
        foreach (var (from, to) in new[] { (0, 200), (200, 256), (256, 600) })
        {
            using var tx = Store.BeginWrite();
            var tree = new MerkleTree(tx.Nodes);
            for (var i = from; i < to; i++) tree.Append(leaves[i]);
            TileWriter.Extend(tx, from, to);
            Assert.Equal(to / 256, tx.CountTiles(0)); // its own writes
            tx.Commit();
        }
        Assert.Equal(leaves[..256].SelectMany(h => h).ToArray(), Store.ReadTile(0, 0));
        Assert.Equal(leaves[256..512].SelectMany(h => h).ToArray(), Store.ReadTile(0, 1));
        Assert.Null(Store.ReadTile(0, 2));
        Assert.Null(Store.ReadTile(1, 0));
        Assert.Equal(leaves[512..600].SelectMany(h => h).ToArray(), Store.ReadHashes(0, 512, 256)); // fewer: the level ends
        Assert.Equal(leaves[520..523].SelectMany(h => h).ToArray(), Store.ReadHashes(0, 520, 3));
        using (var nodes = Store.ReadNodes())
            Assert.Equal(nodes.GetNode(8, 0).Concat(nodes.GetNode(8, 1)).ToArray(), Store.ReadHashes(8, 0, 256));
        Assert.Empty(Store.ReadHashes(0, 600, 10));

        // A tile is written once: writing it again, as a backfill racing a writer would, changes nothing.
        using (var tx = Store.BeginWrite())
        {
            tx.PutTile(0, 0, new byte[256 * 32]);
            Assert.Equal(2, tx.CountTiles(0));
            tx.Commit();
        }
        Assert.Equal(leaves[..256].SelectMany(h => h).ToArray(), Store.ReadTile(0, 0));
        Assert.Equal(0, TileWriter.Backfill(Store));
    }
}
