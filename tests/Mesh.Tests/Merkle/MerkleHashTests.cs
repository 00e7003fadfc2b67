using Mesh.Merkle;

namespace Mesh.Tests.Merkle;

public class MerkleHashTests
{
    // The roots of the first 1 to 8 standard leaves, from transparency-dev/merkle's proof tests.
    private static readonly string[] StandardRoots =
    [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    [Fact]
    public void The_empty_tree_is_the_hash_of_nothing()
    {
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Convert.ToHexStringLower(MerkleHash.EmptyRoot()));
        Assert.True(MerkleHash.IsEmptyRoot(MerkleHash.EmptyRoot()));
        Assert.False(MerkleHash.IsEmptyRoot(MerkleHash.Leaf([])));
    }

    [Fact]
    public void Empty_root_is_a_fresh_array_each_time()
    {
        var root = MerkleHash.EmptyRoot();
        root[0] ^= 1;
        Assert.True(MerkleHash.IsEmptyRoot(MerkleHash.EmptyRoot()));
    }

    [Fact]
    public void Leaves_and_nodes_are_domain_separated()
    {
        Assert.Equal(StandardRoots[0], Convert.ToHexStringLower(MerkleHash.Leaf([])));
        var left = MerkleHash.Leaf([1]);
        var right = MerkleHash.Leaf([2]);
        Assert.Equal(ReferenceMerkle.Mth([[1], [2]]), MerkleHash.Node(left, right));
        Assert.NotEqual(MerkleHash.Leaf([.. left, .. right]), MerkleHash.Node(left, right));
    }

    [Fact]
    public void The_standard_tree_has_the_published_roots()
    {
        var frontier = new MerkleFrontier();
        for (var n = 1; n <= MerkleTestData.StandardLeaves.Length; n++)
        {
            frontier.Append(MerkleHash.Leaf(MerkleTestData.StandardLeaves[n - 1]));
            Assert.Equal(StandardRoots[n - 1], Convert.ToHexStringLower(frontier.Root()));
            Assert.Equal(StandardRoots[n - 1], Convert.ToHexStringLower(ReferenceMerkle.Mth(MerkleTestData.StandardLeaves[..n])));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(255)]
    [InlineData(256)]
    [InlineData(257)]
    [InlineData(100_000)]
    public void Leaves_of_any_length_hash_as_the_reference(int length)
    {
        var entry = new byte[length];
        new Random(length).NextBytes(entry);
        Assert.Equal(ReferenceMerkle.LeafHash(entry), MerkleHash.Leaf(entry));
    }

    [Fact]
    public void Node_hashes_in_place()
    {
        var left = MerkleHash.Leaf([1]);
        var right = MerkleHash.Leaf([2]);
        var expected = MerkleHash.Node(left, right);
        MerkleHash.Node(left, right, right);
        Assert.Equal(expected, right);
    }

    [Fact]
    public void Node_rejects_children_that_are_not_hashes()
    {
        var hash = MerkleHash.Leaf([]);
        Assert.Throws<ArgumentException>(() => MerkleHash.Node(hash, new byte[31]));
        Assert.Throws<ArgumentException>(() => MerkleHash.Node(new byte[33], hash));
        Assert.Throws<ArgumentException>(() => MerkleHash.Node(hash, hash, new byte[31]));
    }
}
