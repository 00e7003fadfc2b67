using Mesh.Merkle;

namespace Mesh.Tests.Merkle;

/// <summary>The node store contract, the frontier, and the O(log n) cost of every tree operation.</summary>
public class MerkleStorageTests
{
    private static readonly byte[] Hash = MerkleHash.Leaf("x"u8);

    [Fact]
    public void The_store_appends_each_level_in_order_and_never_overwrites()
    {
        var store = new MemoryMerkleNodeStore();
        store.PutNodes([new(0, 0, Hash), new(0, 1, Hash), new(1, 0, Hash)]);
        Assert.Equal(2, store.LeafCount);

        Assert.Throws<InvalidOperationException>(() => store.PutNodes([new(0, 2, Hash), new(0, 1, Hash)])); // rewrite
        Assert.Throws<InvalidOperationException>(() => store.PutNodes([new(0, 2, Hash), new(0, 4, Hash)])); // gap
        Assert.Throws<InvalidOperationException>(() => store.PutNodes([new(0, 2, Hash), new(0, 3, new byte[31])]));
        Assert.Throws<InvalidOperationException>(() => store.PutNodes([new(MerkleNode.MaxLevel + 1, 0, Hash)]));
        Assert.Equal(2, store.LeafCount); // a rejected batch writes nothing
        Assert.Equal(0, store.Count(2));
    }

    [Fact]
    public void The_store_returns_copies_and_refuses_nodes_it_does_not_have()
    {
        var store = new MemoryMerkleNodeStore();
        store.PutNodes([new(0, 0, Hash)]);
        var read = store.GetNode(0, 0);
        Assert.Equal(Hash, read);
        read[0] ^= 1;
        Assert.Equal(Hash, store.GetNode(0, 0));
        Assert.Throws<InvalidOperationException>(() => store.GetNode(0, 1));
        Assert.Throws<InvalidOperationException>(() => store.GetNode(1, 0));
        Assert.Throws<InvalidOperationException>(() => store.GetNode(-1, 0));
    }

    [Fact]
    public void The_store_spans_pages()
    {
        var (tree, store) = MerkleTestData.TreeOf(MerkleTestData.RandomEntries(10_000, seed: 1));
        Assert.Equal(10_000, store.LeafCount);
        Assert.Equal(tree.LeafHash(4095), store.GetNode(0, 4095));
        Assert.Equal(tree.LeafHash(4096), store.GetNode(0, 4096));
        Assert.Equal(MerkleHash.Node(store.GetNode(0, 4096), store.GetNode(0, 4097)), store.GetNode(1, 2048));
    }

    [Fact]
    public void A_failed_batch_leaves_the_tree_unchanged()
    {
        var store = new FailingStore();
        var tree = new MerkleTree(store);
        tree.Append(Hash);
        var root = tree.Root();
        store.Fail = true;
        Assert.Throws<IOException>(() => tree.Append(Hash));
        Assert.Throws<IOException>(() => tree.AppendRange([Hash, Hash]));
        store.Fail = false;
        Assert.Equal(1, tree.Size);
        Assert.Equal(root, tree.Root());
        tree.Append(Hash);
        Assert.Equal(ReferenceMerkle.Mth([[.. "x"u8], [.. "x"u8]]), tree.Root());
    }

    [Fact]
    public void The_frontier_computes_roots_without_a_store()
    {
        var entries = MerkleTestData.RandomEntries(100, seed: 2);
        var frontier = new MerkleFrontier();
        Assert.Equal(MerkleHash.EmptyRoot(), frontier.Root());
        var written = new List<MerkleNode>();
        for (var n = 1; n <= entries.Length; n++)
        {
            var before = written.Count;
            frontier.Append(MerkleHash.Leaf(entries[n - 1]), written);
            Assert.Equal(n, frontier.Size);
            Assert.Equal(ReferenceMerkle.Mth(entries[..n]), frontier.Root());
            // The leaf, then one parent per trailing one bit of the old size.
            Assert.Equal(1 + long.TrailingZeroCount(~(long)(n - 1)), written.Count - before);
        }
        Assert.Equal(2 * 100 - long.PopCount(100), written.Count); // every complete node, each once
    }

    [Fact]
    public void A_frontier_is_rebuilt_from_the_stored_nodes_it_names()
    {
        var (tree, store) = MerkleTestData.TreeOf(MerkleTestData.RandomEntries(77, seed: 3));
        var nodes = MerkleTree.FrontierNodes(77);
        Assert.Equal([(6, 0L), (3, 8L), (2, 18L), (0, 76L)], nodes);
        var frontier = new MerkleFrontier(77, [.. nodes.Select(n => store.GetNode(n.Level, n.Index))]);
        Assert.Equal(tree.Root(), frontier.Root());

        var copy = frontier.Clone();
        copy.Append(Hash);
        Assert.Equal(77, frontier.Size);
        Assert.Equal(tree.Root(), frontier.Root());
        tree.Append(Hash);
        Assert.Equal(tree.Root(), copy.Root());

        Assert.Throws<ArgumentException>(() => new MerkleFrontier(77, [Hash, Hash, Hash]));
        Assert.Throws<ArgumentException>(() => new MerkleFrontier(1, [new byte[31]]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MerkleFrontier(-1, []));
        Assert.Throws<ArgumentException>(() => frontier.Append(new byte[33]));
    }

    [Fact]
    public void Every_operation_reads_logarithmically_many_nodes()
    {
        const int size = 100_003;
        var (tree, store) = MerkleTestData.TreeOf([.. Enumerable.Range(0, size).Select(i => BitConverter.GetBytes(i))]);
        var log = 64 - long.LeadingZeroCount(size); // 17 levels
        var random = new Random(4);
        for (var sample = 0; sample < 200; sample++)
        {
            var size2 = random.Next(1, size + 1);
            var index = random.Next(size2);
            var size1 = random.Next(1, size2 + 1);
            Assert.InRange(Reads(() => tree.Root(size2)), 0, log);
            Assert.InRange(Reads(() => tree.InclusionProof(index, size2)), 0, 2 * log);
            Assert.InRange(Reads(() => tree.ConsistencyProof(size1, size2)), 0, 2 * log);
        }
        Assert.Equal(0, Reads(() => tree.Root()));
        Assert.Equal(0, Reads(() => tree.Append(Hash)));
        Assert.Equal(long.PopCount(size + 1), Reads(() => Assert.Equal(size + 1, new MerkleTree(store).Size)));

        long Reads(Action action)
        {
            var before = store.Reads;
            action();
            return store.Reads - before;
        }
    }

    // A store whose writes can be made to fail, as a database's might.
    private sealed class FailingStore : IMerkleNodeStore
    {
        private readonly MemoryMerkleNodeStore _inner = new();
        public bool Fail { get; set; }
        public long LeafCount => _inner.LeafCount;
        public byte[] GetNode(int level, long index) => _inner.GetNode(level, index);
        public void PutNodes(IReadOnlyList<MerkleNode> nodes)
        {
            if (Fail) throw new IOException("disk full");
            _inner.PutNodes(nodes);
        }
    }
}
