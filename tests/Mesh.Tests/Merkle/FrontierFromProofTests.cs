using Mesh.Merkle;

namespace Mesh.Tests.Merkle;

/// <summary>
/// <see cref="MerkleFrontier.TryFromInclusionProof"/> against the RFC 9162 reference: from one leaf's
/// inclusion proof and the leaves after it, every later root is recomputed; a proof that does not fit is refused.
/// </summary>
public class FrontierFromProofTests
{
    private static readonly byte[][] Entries = MerkleTestData.RandomEntries(80, seed: 2117);
    private static readonly MerkleTree Tree = MerkleTestData.TreeOf(Entries).Tree;

    public static TheoryData<int> Sizes() => new(Enumerable.Range(1, 80));

    [Theory]
    [MemberData(nameof(Sizes))]
    public void The_leaves_after_a_proven_leaf_recompute_every_later_root(int size)
    {
        for (var index = 0; index < size; index++)
        {
            Assert.True(MerkleFrontier.TryFromInclusionProof(index, size, Tree.InclusionProof(index, size), out var frontier));
            Assert.Equal(index, frontier.Size);
            for (var next = index; next < Entries.Length; next++)
            {
                frontier.Append(ReferenceMerkle.LeafHash(Entries[next]));
                Assert.Equal(ReferenceMerkle.Mth(Entries[..(next + 1)]), frontier.Root());
            }
        }
    }

    [Fact]
    public void A_proof_that_does_not_fit_its_index_and_size_is_refused()
    {
        var proof = Tree.InclusionProof(5, 13);
        Assert.False(MerkleFrontier.TryFromInclusionProof(5, 13, proof.Take(proof.Count - 1).ToList(), out _));
        Assert.False(MerkleFrontier.TryFromInclusionProof(5, 13, [.. proof, proof[0]], out _));
        Assert.False(MerkleFrontier.TryFromInclusionProof(13, 13, proof, out _));
        Assert.False(MerkleFrontier.TryFromInclusionProof(-1, 13, proof, out _));
        Assert.False(MerkleFrontier.TryFromInclusionProof(5, 13, [.. proof.Take(proof.Count - 1), new byte[31]], out _));
    }
}
