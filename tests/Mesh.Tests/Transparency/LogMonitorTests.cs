using Mesh.Cryptography;
using Mesh.Merkle;
using Mesh.Schema;
using Mesh.Transparency;

namespace Mesh.Tests.Transparency;

public class LogMonitorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static (MerkleTree Tree, Func<long, Checkpoint> At) Log(int size, string salt = "")
    {
        var tree = new MerkleTree(new MemoryMerkleNodeStore());
        for (var i = 0; i < size; i++) tree.Append(MerkleHash.Leaf(System.Text.Encoding.UTF8.GetBytes($"entry {i}{salt}")));
        return (tree, n => new Checkpoint { Portal = "example.com", TreeSize = n, RootHash = tree.Root(n), Time = T0.AddSeconds(n) });
    }

    [Fact]
    public void A_grown_log_with_a_valid_proof_is_accepted()
    {
        var (tree, at) = Log(20);
        Assert.Equal(17, LogMonitor.Advance(at(5), at(17), tree.ConsistencyProof(5, 17)).TreeSize);
        Assert.Equal(5, LogMonitor.Advance(null, at(5), null).TreeSize);
    }

    [Fact]
    public void A_rollback_is_reported_naming_both_checkpoints()
    {
        var (_, at) = Log(20);
        var e = Assert.Throws<MeshException>(() => LogMonitor.Advance(at(17), at(5), []));
        Assert.Contains("rolled its log back", e.Message, StringComparison.Ordinal);
        Assert.Contains("tree size 17", e.Message, StringComparison.Ordinal);
        Assert.Contains("tree size 5", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fork_is_reported_whether_same_size_or_grown()
    {
        var (tree, at) = Log(20);
        var (_, other) = Log(20, salt: " rewritten");
        var sameSize = Assert.Throws<MeshException>(() => LogMonitor.Advance(at(10), other(10), []));
        Assert.Contains("forked", sameSize.Message, StringComparison.Ordinal);
        var grown = Assert.Throws<MeshException>(() => LogMonitor.Advance(at(10), other(15), tree.ConsistencyProof(10, 15)));
        Assert.Contains("rewrote its history", grown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inclusion_of_a_leaf_is_checked_against_the_checkpoint()
    {
        var (tree, at) = Log(9);
        var leaf = System.Text.Encoding.UTF8.GetBytes("entry 4");
        LogMonitor.RequireIncluded(leaf, 4, tree.InclusionProof(4, 9), at(9));
        Assert.Throws<MeshException>(() => LogMonitor.RequireIncluded(leaf, 5, tree.InclusionProof(4, 9), at(9)));
        Assert.Throws<MeshException>(() => LogMonitor.RequireIncluded("entry 4!"u8, 4, tree.InclusionProof(4, 9), at(9)));
    }

    [Fact]
    public void A_checkpoint_verifies_only_under_its_key_and_portal()
    {
        using var key = KeyPair.Generate(KeyAlgorithm.Ed25519);
        using var other = KeyPair.Generate(KeyAlgorithm.Ed25519);
        var (_, at) = Log(3);
        var signed = SignedCheckpoints.Sign(at(3), key);
        Assert.Equal(3, SignedCheckpoints.Verify(signed, key.PublicKey, "EXAMPLE.com").TreeSize);
        Assert.Equal(MeshStatus.ClientUnauthorized, Assert.Throws<MeshException>(() => SignedCheckpoints.Verify(signed, other.PublicKey, "example.com")).Status);
        Assert.Throws<MeshException>(() => SignedCheckpoints.Verify(signed, key.PublicKey, "example.net"));
        Assert.Throws<MeshException>(() => SignedCheckpoints.Verify(SignedCheckpoints.Sign(at(3) with { RootHash = [1, 2] }, key), key.PublicKey, "example.com"));
    }
}
