using Mesh.Merkle;

namespace Mesh.Tests.Merkle;

/// <summary>
/// Every inclusion proof of trees of up to 20 leaves, corrupted every way we can think of, must
/// fail; and the proof verifies at exactly those (index, size) pairs where the reference says
/// the hashing steps are the same (see <see cref="ReferenceMerkle.PathShape"/>).
/// </summary>
public class InclusionProofMutationTests
{
    private const int MaxSize = 20;
    private const int AllBitsUpTo = 16;
    private static readonly byte[][] Entries = MerkleTestData.RandomEntries(MaxSize, seed: 6962);
    private static readonly MerkleTree Tree = MerkleTestData.TreeOf(Entries).Tree;
    private static readonly byte[] SomeHash = MerkleHash.Leaf("some other leaf"u8);

    public static TheoryData<int, int> Cases()
    {
        var data = new TheoryData<int, int>();
        for (var size = 1; size <= MaxSize; size++)
        {
            for (var index = 0; index < size; index++) data.Add(index, size);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Flipping_any_bit_of_any_element_fails(int index, int size)
    {
        var (leaf, proof, root) = Honest(index, size);
        int[] bits = size <= AllBitsUpTo ? [.. Enumerable.Range(0, 8 * MerkleHash.Size)] : [0, 7, 100, 255];
        for (var i = 0; i < proof.Count; i++)
        {
            foreach (var bit in bits)
            {
                var corrupt = proof.ToArray();
                corrupt[i] = MerkleTestData.FlipBit(proof[i], bit);
                Assert.Equal(MerkleProofResult.RootMismatch, MerkleVerifier.CheckInclusion(leaf, index, size, corrupt, root));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void An_element_added_or_removed_fails(int index, int size)
    {
        var (leaf, proof, root) = Honest(index, size);
        List<byte[][]> corrupt = [[.. proof, SomeHash], [.. proof, root], [root, .. proof], [leaf, .. proof]];
        for (var i = 0; i < proof.Count; i++)
        {
            corrupt.Add([.. proof.Take(i), SomeHash, .. proof.Skip(i)]);
            corrupt.Add([.. proof.Take(i), .. proof.Skip(i + 1)]);
            corrupt.Add([.. proof.Take(i), proof[i], .. proof.Skip(i)]);
        }
        foreach (var p in corrupt)
            Assert.Equal(MerkleProofResult.WrongProofLength, MerkleVerifier.CheckInclusion(leaf, index, size, p, root));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void An_element_of_the_wrong_length_fails(int index, int size)
    {
        var (leaf, proof, root) = Honest(index, size);
        List<byte[][]> corrupt = [[.. proof, []]];
        for (var i = 0; i < proof.Count; i++)
        {
            foreach (var bad in new[] { proof[i][..31], [.. proof[i], 0], [], null! })
            {
                var p = proof.ToArray();
                p[i] = bad;
                corrupt.Add(p);
            }
        }
        foreach (var p in corrupt)
            Assert.Equal(MerkleProofResult.WrongHashLength, MerkleVerifier.CheckInclusion(leaf, index, size, p, root));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_wrong_leaf_or_root_fails(int index, int size)
    {
        var (leaf, proof, root) = Honest(index, size);
        foreach (var wrongLeaf in new[] { MerkleTestData.FlipBit(leaf, 0), MerkleTestData.FlipBit(leaf, 255), SomeHash, root })
        {
            if (wrongLeaf.AsSpan().SequenceEqual(leaf)) continue; // a one-leaf tree's root is its leaf
            Assert.Equal(MerkleProofResult.RootMismatch, MerkleVerifier.CheckInclusion(wrongLeaf, index, size, proof, root));
        }
        Assert.Equal(MerkleProofResult.WrongHashLength, MerkleVerifier.CheckInclusion(leaf.AsSpan(0, 31), index, size, proof, root));
        Assert.Equal(MerkleProofResult.WrongHashLength, MerkleVerifier.CheckInclusion([], index, size, proof, root));

        byte[][] wrongRoots = [MerkleTestData.FlipBit(root, 3), MerkleHash.EmptyRoot(), SomeHash, Tree.Root(size - 1), root[..31], [], [.. root, 0]];
        if (size < MaxSize) wrongRoots = [.. wrongRoots, Tree.Root(size + 1)];
        foreach (var wrongRoot in wrongRoots)
            Assert.Equal(MerkleProofResult.RootMismatch, MerkleVerifier.CheckInclusion(leaf, index, size, proof, wrongRoot));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_proof_verifies_only_where_the_hashing_steps_are_the_same(int index, int size)
    {
        // A proof binds the leaf to the root, not to an index and size: PATH(0, D[3]) and PATH(0, D[4])
        // are both "hash with the right sibling twice", so one verifies for the other. The size is
        // bound to the root by the signed checkpoint. Everywhere else a wrong index or size fails.
        var (leaf, proof, root) = Honest(index, size);
        var shape = ReferenceMerkle.PathShape(index, size);
        for (long n = -1; n <= MaxSize + 2; n++)
        {
            for (long m = -1; m <= MaxSize + 2; m++)
            {
                var same = ReferenceMerkle.PathShape(m, n) == shape;
                Assert.True(same == MerkleVerifier.VerifyInclusion(leaf, m, n, proof, root), $"index {m}, size {n}");
            }
        }
        Assert.Equal(MerkleProofResult.IndexOutOfRange, MerkleVerifier.CheckInclusion(leaf, size, size, proof, root));
        Assert.Equal(MerkleProofResult.IndexOutOfRange, MerkleVerifier.CheckInclusion(leaf, -1, size, proof, root));
        Assert.Equal(MerkleProofResult.IndexOutOfRange, MerkleVerifier.CheckInclusion(leaf, long.MaxValue, long.MaxValue, proof, root));
        Assert.False(MerkleVerifier.VerifyInclusion(leaf, index, long.MaxValue, proof, root));
        Assert.False(MerkleVerifier.VerifyInclusion(leaf, long.MaxValue - 1, long.MaxValue, proof, root));
    }

    [Fact]
    public void A_null_proof_is_the_callers_mistake()
    {
        Assert.Throws<ArgumentNullException>(() => MerkleVerifier.VerifyInclusion(SomeHash, 0, 1, null!, SomeHash));
        Assert.Throws<ArgumentNullException>(() => MerkleVerifier.TryRootFromInclusionProof(SomeHash, 0, 1, null!, out _));
    }

    [Fact]
    public void The_empty_tree_includes_nothing()
    {
        Assert.Equal(MerkleProofResult.IndexOutOfRange, MerkleVerifier.CheckInclusion(SomeHash, 0, 0, [], MerkleHash.EmptyRoot()));
        Assert.False(MerkleVerifier.TryRootFromInclusionProof(SomeHash, 0, 0, [], out var root));
        Assert.Null(root);
    }

    private static (byte[] Leaf, IReadOnlyList<byte[]> Proof, byte[] Root) Honest(int index, int size)
    {
        var leaf = Tree.LeafHash(index);
        var proof = Tree.InclusionProof(index, size);
        var root = Tree.Root(size);
        Assert.True(MerkleVerifier.VerifyInclusion(leaf, index, size, proof, root));
        return (leaf, proof, root);
    }
}
