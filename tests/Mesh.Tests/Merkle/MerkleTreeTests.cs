using Mesh.Merkle;

namespace Mesh.Tests.Merkle;

/// <summary>The tree against the literal RFC 9162 reference, on random trees of 0 to 300 leaves.</summary>
public class MerkleTreeTests
{
    private const int MaxSize = 300;
    private const int AllPairsUpTo = 48;
    private static readonly byte[][] Entries = MerkleTestData.RandomEntries(MaxSize, seed: 9162);
    private static readonly MerkleTree Tree = MerkleTestData.TreeOf(Entries).Tree;

    public static TheoryData<int> Sizes() => new(Enumerable.Range(0, MaxSize + 1));

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Root_of_every_size_matches_the_reference(int size)
    {
        Assert.Equal(ReferenceMerkle.Mth(Entries[..size]), Tree.Root(size));
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Inclusion_proofs_match_the_reference_and_verify(int size)
    {
        var d = Entries[..size];
        var root = ReferenceMerkle.Mth(d);
        foreach (var index in Indexes(size, 0, size - 1, seed: size))
        {
            var proof = Tree.InclusionProof(index, size);
            Assert.Equal(ReferenceMerkle.Path(index, d), proof);
            var leaf = ReferenceMerkle.LeafHash(Entries[index]);
            Assert.Equal(leaf, Tree.LeafHash(index));
            Assert.Equal(MerkleProofResult.Valid, MerkleVerifier.CheckInclusion(leaf, index, size, proof, root));
            Assert.True(MerkleVerifier.TryRootFromInclusionProof(leaf, index, size, proof, out var computed));
            Assert.Equal(root, computed);
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Consistency_proofs_match_the_reference_and_verify(int size2)
    {
        var d = Entries[..size2];
        var root2 = ReferenceMerkle.Mth(d);
        foreach (var size1 in Indexes(size2, 1, size2, seed: -size2))
        {
            var proof = Tree.ConsistencyProof(size1, size2);
            Assert.Equal(ReferenceMerkle.Proof(size1, d), proof);
            var root1 = ReferenceMerkle.Mth(Entries[..size1]);
            Assert.Equal(MerkleProofResult.Valid, MerkleVerifier.CheckConsistency(size1, size2, proof, root1, root2));
            Assert.True(MerkleVerifier.TryRootFromConsistencyProof(size1, size2, proof, root1, out var computed));
            Assert.Equal(root2, computed);
        }
    }

    [Fact]
    public void Appending_one_by_one_gives_the_reference_root_each_time()
    {
        var tree = new MerkleTree(new MemoryMerkleNodeStore());
        Assert.Equal(ReferenceMerkle.Mth([]), tree.Root());
        for (var n = 1; n <= 70; n++)
        {
            Assert.Equal(n - 1, tree.Append(MerkleHash.Leaf(Entries[n - 1])));
            Assert.Equal(n, tree.Size);
            Assert.Equal(ReferenceMerkle.Mth(Entries[..n]), tree.Root());
        }
    }

    [Fact]
    public void A_reopened_tree_continues_where_the_store_left_off()
    {
        var store = new MemoryMerkleNodeStore();
        new MerkleTree(store).AppendRange([.. Entries[..157].Select(e => MerkleHash.Leaf(e))]);

        var reads = store.Reads;
        var reopened = new MerkleTree(store);
        Assert.Equal(long.PopCount(157), store.Reads - reads); // the frontier only, never the leaves
        Assert.Equal(157, reopened.Size);
        Assert.Equal(ReferenceMerkle.Mth(Entries[..157]), reopened.Root());

        reopened.AppendRange([.. Entries[157..].Select(e => MerkleHash.Leaf(e))]);
        Assert.Equal(Tree.Root(), reopened.Root());
        Assert.Equal(Tree.ConsistencyProof(157, MaxSize), reopened.ConsistencyProof(157, MaxSize));
    }

    [Fact]
    public void Batches_and_single_appends_store_the_same_nodes()
    {
        var single = new MemoryMerkleNodeStore();
        var singleTree = new MerkleTree(single);
        foreach (var entry in Entries) singleTree.Append(MerkleHash.Leaf(entry));
        var batched = new MemoryMerkleNodeStore();
        var batchedTree = new MerkleTree(batched);
        for (var start = 0; start < MaxSize; start += 37)
            batchedTree.AppendRange([.. Entries[start..Math.Min(MaxSize, start + 37)].Select(e => MerkleHash.Leaf(e))]);
        batchedTree.AppendRange([]);

        Assert.Equal(singleTree.Root(), batchedTree.Root());
        for (var level = 0; level <= MerkleNode.MaxLevel; level++)
        {
            Assert.Equal((long)MaxSize >> level, single.Count(level));
            Assert.Equal((long)MaxSize >> level, batched.Count(level));
        }
    }

    [Fact]
    public void Misuse_throws_argument_exceptions()
    {
        var tree = new MerkleTree(new MemoryMerkleNodeStore());
        tree.AppendRange([.. Entries[..10].Select(e => MerkleHash.Leaf(e))]);
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.Root(11));
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.Root(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.LeafHash(10));
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.InclusionProof(5, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.InclusionProof(-1, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.InclusionProof(0, 11));
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.ConsistencyProof(0, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.ConsistencyProof(6, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => tree.ConsistencyProof(5, 11));
        Assert.Throws<ArgumentException>(() => tree.Append(new byte[31]));
        Assert.Throws<ArgumentException>(() => tree.AppendRange([MerkleHash.Leaf([]), new byte[33]]));
        Assert.Equal(10, tree.Size); // the bad batch appended nothing
        Assert.Throws<ArgumentNullException>(() => tree.AppendRange(null!));
        Assert.Throws<ArgumentNullException>(() => new MerkleTree(null!));
    }

    [Fact]
    public void Proofs_are_the_callers_to_keep()
    {
        var (tree, _) = MerkleTestData.TreeOf(Entries[..8]);
        var proof = tree.InclusionProof(0, 8);
        var expected = proof.Select(p => (byte[])p.Clone()).ToList();
        foreach (var p in proof) p[0] ^= 0xFF;
        Assert.Equal(expected, tree.InclusionProof(0, 8));
        tree.Root()[0] ^= 0xFF;
        Assert.Equal(ReferenceMerkle.Mth(Entries[..8]), tree.Root());
    }

    // Every value in [low, high] for small sizes; for larger ones the ends and a few random values.
    private static IEnumerable<int> Indexes(int size, int low, int high, int seed)
    {
        if (low > high) return [];
        if (size <= AllPairsUpTo) return Enumerable.Range(low, high - low + 1);
        var random = new Random(seed);
        return new[] { low, high, low + 1, high - 1 }.Concat(Enumerable.Range(0, 8).Select(_ => random.Next(low, high + 1))).Distinct();
    }
}
