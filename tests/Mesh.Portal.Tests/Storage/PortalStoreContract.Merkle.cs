using Mesh.Merkle;

namespace Mesh.Portal.Tests.Storage;

// The contract, continued: the Merkle nodes, written through the write transaction and read back.
public abstract partial class PortalStoreContract
{
    private static readonly byte[] Hash = MerkleHash.Leaf("x"u8);

    [StoreFact]
    public void A_tree_grown_in_write_transactions_reopens_with_the_same_roots_and_proofs()
    {
        const int size = 13;
        var leaves = Enumerable.Range(0, size).Select(i => MerkleHash.Leaf(System.Text.Encoding.UTF8.GetBytes($"leaf {i}"))).ToArray();
        var reference = new MerkleTree(new MemoryMerkleNodeStore());
        reference.AppendRange(leaves);
        foreach (var (from, to) in new[] { (0, 5), (5, 6), (6, size) })
        {
            using var tx = Store.BeginWrite();
            var tree = new MerkleTree(tx.Nodes);
            Assert.Equal(from, tree.Size);
            for (var i = from; i < to; i++) tree.Append(leaves[i]);
            Assert.Equal(reference.Root(to), new MerkleTree(tx.Nodes).Root()); // its own nodes, reopened
            tx.Commit();
        }
        using (var tx = Store.BeginWrite()) new MerkleTree(tx.Nodes).Append(leaves[0]); // rolled back

        using var nodes = Store.ReadNodes();
        var reopened = new MerkleTree(nodes);
        Assert.Equal(size, reopened.Size);
        Assert.Equal(reference.Root(), reopened.Root());
        for (long n = 1; n <= size; n++)
        {
            Assert.Equal(reference.Root(n), reopened.Root(n));
            for (long i = 0; i < n; i++) Assert.Equal(reference.InclusionProof(i, n), reopened.InclusionProof(i, n));
            for (long m = 1; m <= n; m++) Assert.Equal(reference.ConsistencyProof(m, n), reopened.ConsistencyProof(m, n));
        }
        Assert.Equal(leaves[7], reopened.LeafHash(7));
    }

    [StoreFact]
    public void The_nodes_honour_the_node_store_preconditions()
    {
        using (var tx = Store.BeginWrite())
        {
            var nodes = tx.Nodes;
            nodes.PutNodes([new(0, 0, Hash), new(0, 1, Hash), new(1, 0, Hash)]);
            Assert.Equal(2, nodes.LeafCount);

            Assert.Throws<InvalidOperationException>(() => nodes.PutNodes([new(0, 2, Hash), new(0, 1, Hash)])); // a rewrite
            Assert.Throws<InvalidOperationException>(() => nodes.PutNodes([new(0, 2, Hash), new(0, 4, Hash)])); // a gap
            Assert.Throws<InvalidOperationException>(() => nodes.PutNodes([new(0, 2, Hash), new(2, 1, Hash)])); // a gap above
            Assert.Throws<InvalidOperationException>(() => nodes.PutNodes([new(MerkleNode.MaxLevel + 1, 0, Hash)]));
            Assert.Equal(2, nodes.LeafCount); // a refused batch writes nothing
            Assert.Throws<InvalidOperationException>(() => nodes.GetNode(0, 2));
            Assert.Throws<InvalidOperationException>(() => nodes.GetNode(1, 1));

            var read = nodes.GetNode(0, 1);
            read[0] ^= 1; // the caller's own copy
            Assert.Equal(Hash, nodes.GetNode(0, 1));

            nodes.PutNodes([]);
            nodes.PutNodes([new(0, 2, Hash)]); // the transaction is still usable after a refusal
            Assert.Equal(3, nodes.LeafCount);
            tx.Commit();
        }
        using var reader = Store.ReadNodes();
        Assert.Equal(3, reader.LeafCount);
        Assert.Equal(Hash, reader.GetNode(1, 0));
        Assert.Throws<InvalidOperationException>(() => reader.GetNode(0, 3));
        Assert.Throws<InvalidOperationException>(() => reader.PutNodes([new(0, 3, Hash)])); // a reader does not write
        Assert.Equal(3, reader.LeafCount);
    }
}
