using Mesh.Merkle;

namespace Mesh.Tests.Merkle;

/// <summary>
/// Every consistency proof between trees of up to 20 leaves, corrupted every way we can think of,
/// must fail; and the proof verifies for exactly those size pairs where the reference says the
/// hashing steps are the same (see <see cref="ReferenceMerkle.ProofShape"/>).
/// </summary>
public class ConsistencyProofMutationTests
{
    private const int MaxSize = 20;
    private const int AllBitsUpTo = 16;
    private static readonly byte[][] Entries = MerkleTestData.RandomEntries(MaxSize, seed: 6962);
    private static readonly MerkleTree Tree = MerkleTestData.TreeOf(Entries).Tree;
    private static readonly byte[] SomeHash = MerkleHash.Leaf("some other leaf"u8);

    public static TheoryData<int, int> Cases()
    {
        var data = new TheoryData<int, int>();
        for (var size2 = 2; size2 <= MaxSize; size2++)
        {
            for (var size1 = 1; size1 < size2; size1++) data.Add(size1, size2);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Flipping_any_bit_of_any_element_fails(int size1, int size2)
    {
        var (proof, root1, root2) = Honest(size1, size2);
        int[] bits = size2 <= AllBitsUpTo ? [.. Enumerable.Range(0, 8 * MerkleHash.Size)] : [0, 7, 100, 255];
        for (var i = 0; i < proof.Count; i++)
        {
            foreach (var bit in bits)
            {
                var corrupt = proof.ToArray();
                corrupt[i] = MerkleTestData.FlipBit(proof[i], bit);
                Assert.Equal(MerkleProofResult.RootMismatch, MerkleVerifier.CheckConsistency(size1, size2, corrupt, root1, root2));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void An_element_added_or_removed_fails(int size1, int size2)
    {
        var (proof, root1, root2) = Honest(size1, size2);
        List<byte[][]> corrupt = [[.. proof, SomeHash], [.. proof, root1], [.. proof, root2], [root1, .. proof], [root2, .. proof], []];
        for (var i = 0; i < proof.Count; i++)
        {
            corrupt.Add([.. proof.Take(i), SomeHash, .. proof.Skip(i)]);
            corrupt.Add([.. proof.Take(i), .. proof.Skip(i + 1)]);
            corrupt.Add([.. proof.Take(i), proof[i], .. proof.Skip(i)]);
        }
        foreach (var p in corrupt)
            Assert.Equal(MerkleProofResult.WrongProofLength, MerkleVerifier.CheckConsistency(size1, size2, p, root1, root2));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void An_element_of_the_wrong_length_fails(int size1, int size2)
    {
        var (proof, root1, root2) = Honest(size1, size2);
        List<byte[][]> corrupt = [[.. proof, []], [[], .. proof]];
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
            Assert.Equal(MerkleProofResult.WrongHashLength, MerkleVerifier.CheckConsistency(size1, size2, p, root1, root2));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Wrong_or_swapped_roots_fail(int size1, int size2)
    {
        var (proof, root1, root2) = Honest(size1, size2);
        byte[][] wrong = [MerkleTestData.FlipBit(root1, 0), MerkleTestData.FlipBit(root1, 200), SomeHash, MerkleHash.EmptyRoot(), Tree.Root(size1 - 1), Tree.Root(size1 + 1), root2];
        foreach (var wrongRoot1 in wrong)
            Assert.False(MerkleVerifier.VerifyConsistency(size1, size2, proof, wrongRoot1, root2));
        foreach (var wrongRoot2 in new[] { MerkleTestData.FlipBit(root2, 0), MerkleTestData.FlipBit(root2, 255), SomeHash, Tree.Root(size2 - 1), root1, root2[..31], [] })
            Assert.Equal(MerkleProofResult.RootMismatch, MerkleVerifier.CheckConsistency(size1, size2, proof, root1, wrongRoot2));
        Assert.False(MerkleVerifier.VerifyConsistency(size1, size2, proof, root2, root1));
        Assert.False(MerkleVerifier.VerifyConsistency(size1, size2, proof, root1.AsSpan(0, 31), root2));
        Assert.False(MerkleVerifier.VerifyConsistency(size1, size2, proof, [], root2));
        // When size1 is a power of two its root seeds the computation, so a wrong one is not
        // caught by itself: it leads to a different new root, which the caller compares.
        if (MerkleVerifier.TryRootFromConsistencyProof(size1, size2, proof, SomeHash, out var computed))
            Assert.NotEqual(root2, computed);
        else
            Assert.Null(computed);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_proof_verifies_only_where_the_hashing_steps_are_the_same(int size1, int size2)
    {
        // As with inclusion, the proof binds the roots, not the sizes; a signed checkpoint binds those.
        var (proof, root1, root2) = Honest(size1, size2);
        var shape = ReferenceMerkle.ProofShape(size1, size2);
        for (long n = -1; n <= MaxSize + 2; n++)
        {
            for (long m = -1; m <= MaxSize + 2; m++)
            {
                var same = ReferenceMerkle.ProofShape(m, n) == shape;
                Assert.True(same == MerkleVerifier.VerifyConsistency(m, n, proof, root1, root2), $"sizes {m} and {n}");
            }
        }
        Assert.Equal(MerkleProofResult.SizesOutOfOrder, MerkleVerifier.CheckConsistency(size2, size1, proof, root1, root2));
        Assert.Equal(MerkleProofResult.SizesOutOfOrder, MerkleVerifier.CheckConsistency(-1, size2, proof, root1, root2));
        Assert.Equal(MerkleProofResult.FromEmptyTree, MerkleVerifier.CheckConsistency(0, size2, proof, root1, root2));
        Assert.Equal(MerkleProofResult.WrongProofLength, MerkleVerifier.CheckConsistency(size2, size2, proof, root2, root2));
        Assert.False(MerkleVerifier.VerifyConsistency(size1, long.MaxValue, proof, root1, root2));
        Assert.False(MerkleVerifier.VerifyConsistency(long.MaxValue - 1, long.MaxValue, proof, root1, root2));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(MaxSize)]
    public void Equal_sizes_need_an_empty_proof_and_the_same_root(int size)
    {
        var root = Tree.Root(size);
        Assert.Empty(Tree.ConsistencyProof(size, size));
        Assert.True(MerkleVerifier.VerifyConsistency(size, size, [], root, root));
        Assert.True(MerkleVerifier.TryRootFromConsistencyProof(size, size, [], root, out var computed));
        Assert.Equal(root, computed);
        Assert.Equal(MerkleProofResult.RootMismatch, MerkleVerifier.CheckConsistency(size, size, [], root, Tree.Root(size - 1)));
        Assert.Equal(MerkleProofResult.WrongProofLength, MerkleVerifier.CheckConsistency(size, size, [root], root, root));
    }

    [Fact]
    public void The_empty_tree_is_only_consistent_with_itself()
    {
        var empty = MerkleHash.EmptyRoot();
        Assert.True(MerkleVerifier.VerifyConsistency(0, 0, [], empty, empty));
        Assert.Equal(MerkleProofResult.RootMismatch, MerkleVerifier.CheckConsistency(0, 0, [], SomeHash, SomeHash));
        Assert.Equal(MerkleProofResult.RootMismatch, MerkleVerifier.CheckConsistency(0, 0, [], empty, SomeHash));
        Assert.Equal(MerkleProofResult.FromEmptyTree, MerkleVerifier.CheckConsistency(0, 1, [], empty, Tree.Root(1)));
        Assert.Equal(MerkleProofResult.FromEmptyTree, MerkleVerifier.CheckConsistency(0, 1, [Tree.Root(1)], empty, Tree.Root(1)));
    }

    [Fact]
    public void A_null_proof_is_the_callers_mistake()
    {
        Assert.Throws<ArgumentNullException>(() => MerkleVerifier.VerifyConsistency(1, 2, null!, SomeHash, SomeHash));
        Assert.Throws<ArgumentNullException>(() => MerkleVerifier.TryRootFromConsistencyProof(1, 1, null!, SomeHash, out _));
    }

    private static (IReadOnlyList<byte[]> Proof, byte[] Root1, byte[] Root2) Honest(int size1, int size2)
    {
        var proof = Tree.ConsistencyProof(size1, size2);
        var root1 = Tree.Root(size1);
        var root2 = Tree.Root(size2);
        Assert.True(MerkleVerifier.VerifyConsistency(size1, size2, proof, root1, root2));
        return (proof, root1, root2);
    }
}
