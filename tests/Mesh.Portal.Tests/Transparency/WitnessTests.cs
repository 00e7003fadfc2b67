using Mesh.Cryptography;
using Mesh.Merkle;
using Mesh.Transparency;
using Mesh.WitnessService;

namespace Mesh.Portal.Tests.Transparency;

/// <summary>mesh-witness's add-checkpoint rules (C2SP tlog-witness), in the spec's order, against its SQLite store.</summary>
public sealed class WitnessTests : IDisposable
{
    private const string Origin = "example.com/mmm";
    private readonly string _folder = Directory.CreateTempSubdirectory("mesh-witness-test-").FullName;
    private readonly KeyPair _logKey = KeyPair.Generate(KeyAlgorithm.Ed25519);
    private readonly KeyPair _witnessKey = KeyPair.Generate(KeyAlgorithm.Ed25519);
    private readonly WitnessStore _store;
    private readonly CheckpointWitness _witness;
    private readonly MerkleTree _log = new(new MemoryMerkleNodeStore());

    public WitnessTests()
    {
        _store = new WitnessStore(Path.Combine(_folder, "witness.db"));
        _witness = new CheckpointWitness(_store, NoteVerifierKey.ForCosigner("witness.example/w1", _witnessKey.PublicKey), _witnessKey,
            [LogKey], TimeProvider.System);
        for (var i = 0; i < 20; i++) _log.Append(MerkleHash.Leaf([(byte)i]));
    }

    private NoteVerifierKey LogKey => NoteVerifierKey.For(Origin, _logKey.PublicKey);

    private string Note(long size, byte[]? root = null, KeyPair? key = null, string origin = Origin) =>
        SignedNote.Sign($"{origin}\n{size}\n{Convert.ToBase64String(root ?? _log.Root(size))}\n",
            NoteVerifierKey.For(origin, (key ?? _logKey).PublicKey), key ?? _logKey);

    private WitnessAnswer Add(long old, long size, IReadOnlyList<byte[]>? proof = null, string? note = null) =>
        _witness.AddCheckpoint(new AddCheckpointRequest(old, proof ?? (old == 0 || old == size ? [] : _log.ConsistencyProof(old, size)), note ?? Note(size)).Format());

    [Fact]
    public void It_cosigns_the_first_checkpoint_and_then_each_consistent_extension()
    {
        var first = Add(0, 5);
        Assert.Equal(200, first.Status);
        var cosigner = _witness.Cosigner;
        Assert.Single(Cosignature.Verify(Note(5) + first.Body, [cosigner]));
        Assert.Equal(200, Add(5, 12).Status);
        Assert.Equal(200, Add(12, 12).Status); // the same tree again: a fresh timestamp
        var latest = _witness.Latest(Origin)!;
        Assert.True(SignedNote.TryOpen(latest, LogKey, out var text));
        Assert.StartsWith($"{Origin}\n12\n", text, StringComparison.Ordinal);
        Assert.Single(Cosignature.Verify(latest, [cosigner]));
    }

    [Fact]
    public void A_wrong_old_size_gets_409_with_the_size_it_holds_as_text_x_tlog_size()
    {
        Assert.Equal(200, Add(0, 8).Status);
        var answer = Add(0, 10);
        Assert.Equal((409, "8\n", "text/x.tlog.size"), (answer.Status, answer.Body, answer.ContentType));
        Assert.Equal(409, Add(5, 10).Status);
        Assert.Equal(200, Add(8, 10).Status);
    }

    [Fact]
    public void A_rollback_is_never_cosigned()
    {
        Assert.Equal(200, Add(0, 10).Status);
        // The older checkpoint, said to extend what the witness holds: old larger than its size.
        Assert.Equal(400, Add(10, 6, [], Note(6)).Status);
        // Or claimed as a continuation of itself: the witness holds 10.
        Assert.Equal((409, "10\n"), (Add(6, 6).Status, Add(6, 6).Body));
        Assert.StartsWith($"{Origin}\n10\n", _witness.Latest(Origin), StringComparison.Ordinal);
    }

    [Fact]
    public void A_fork_is_refused_with_422_and_kept_as_evidence()
    {
        Assert.Equal(200, Add(0, 10).Status);
        var forked = new MerkleTree(new MemoryMerkleNodeStore());
        for (var i = 0; i < 15; i++) forked.Append(MerkleHash.Leaf([(byte)(i == 3 ? 99 : i)]));
        // Same size, another root.
        Assert.Equal(422, Add(10, 10, [], Note(10, forked.Root(10))).Status);
        // A larger tree whose proof joins it to the fork, not to what was cosigned.
        Assert.Equal(422, Add(10, 15, forked.ConsistencyProof(10, 15), Note(15, forked.Root(15))).Status);
        // A garbage proof.
        Assert.Equal(422, Add(10, 15, [new byte[32]]).Status);
        Assert.Equal(3, _store.Evidence(Origin).Count);
        Assert.StartsWith($"{Origin}\n10\n", _witness.Latest(Origin), StringComparison.Ordinal);
        Assert.Equal(200, Add(10, 15).Status);
    }

    [Fact]
    public void The_empty_tree_and_proofs_from_it_follow_the_spec()
    {
        Assert.Equal(422, Add(0, 0, [], Note(0, _log.Root(3))).Status);
        Assert.Equal(200, Add(0, 0, [], Note(0, MerkleHash.EmptyRoot())).Status);
        Assert.Equal(422, Add(0, 4, [new byte[32]]).Status);
        Assert.Equal(200, Add(0, 4).Status);
    }

    [Fact]
    public void Unknown_logs_404_and_bad_signatures_403()
    {
        using var stranger = KeyPair.Generate(KeyAlgorithm.Ed25519);
        Assert.Equal(404, Add(0, 3, [], Note(3, origin: "other.example/mmm")).Status);
        // Signed by another key under the log's name: no trusted signature.
        Assert.Equal(403, Add(0, 3, [], Note(3, key: stranger)).Status);
        // The log's signature over another text.
        var tampered = Note(3).Replace("\n3\n", "\n4\n", StringComparison.Ordinal);
        Assert.Equal(403, Add(0, 4, [], tampered).Status);
        Assert.Null(_witness.Latest(Origin));
    }

    [Theory]
    [InlineData("")]
    [InlineData("old 0\n\nnot a note")]
    [InlineData("old 1\n\n")]
    public void Malformed_requests_get_400(string body) => Assert.Equal(400, _witness.AddCheckpoint(body).Status);

    [Fact]
    public void Concurrent_requests_never_roll_the_witness_back()
    {
        Assert.Equal(200, Add(0, 1).Status);
        // Every size from 2 to 20, each claiming to extend size 1, at once: one wins, the others get 409.
        var answers = new WitnessAnswer[19];
        Parallel.For(0, answers.Length, i => answers[i] = Add(1, i + 2));
        var won = Enumerable.Range(0, answers.Length).Single(i => answers[i].Status == 200) + 2;
        Assert.All(answers.Where(a => a.Status != 200), a => Assert.Equal(409, a.Status));
        Assert.StartsWith($"{Origin}\n{won}\n", _witness.Latest(Origin), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _store.Dispose();
        _logKey.Dispose();
        _witnessKey.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Cleaned with the temp folder eventually.
        }
    }
}
