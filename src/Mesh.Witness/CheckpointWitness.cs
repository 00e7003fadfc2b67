// C2SP tlog-witness (https://c2sp.org/tlog-witness), "add-checkpoint": the checks, in the spec's order.
using System.Globalization;
using Mesh.Cryptography;
using Mesh.Merkle;
using Mesh.Transparency;

namespace Mesh.WitnessService;

/// <summary>A witness's answer: the HTTP status, the body, and its content type.</summary>
public sealed record WitnessAnswer(int Status, string Body, string ContentType = WitnessAnswer.Text)
{
    /// <summary>The content type of plain answers.</summary>
    public const string Text = "text/plain; charset=utf-8";

    /// <summary>The content type of a 409's body, the tree size the witness holds (C2SP tlog-witness).</summary>
    public const string TreeSize = "text/x.tlog.size";
}

/// <summary>
/// A witness: it cosigns a log's checkpoint only when the checkpoint is signed by the log's key and extends, by a
/// valid consistency proof, the latest one it cosigned for that log. It never cosigns a smaller tree (a rollback),
/// nor a tree of the same size with another root or one a proof does not join to its own (a fork); a refused
/// checkpoint that the log did sign is kept as evidence.
/// </summary>
public sealed class CheckpointWitness(WitnessStore store, NoteVerifierKey cosigner, KeyPair key, IReadOnlyList<NoteVerifierKey> logs, TimeProvider clock)
{
    /// <summary>The witness's cosigner key (type 0x04), which logs and clients are configured with.</summary>
    public NoteVerifierKey Cosigner => cosigner;

    /// <summary>The log keys the witness checks checkpoints against; each names the origin of its log.</summary>
    public IReadOnlyList<NoteVerifierKey> Logs => logs;

    /// <summary>Answers an add-checkpoint request body.</summary>
    public WitnessAnswer AddCheckpoint(string body)
    {
        if (!AddCheckpointRequest.TryParse(body, out var request, out var error))
            return new WitnessAnswer(400, $"Not an add-checkpoint request: {error}.\n");
        if (!SignedNote.TryParse(request.Checkpoint, out var text, out var signatures))
            return new WitnessAnswer(400, "The checkpoint is not a signed note.\n");
        var origin = text[..text.IndexOf('\n', StringComparison.Ordinal)];
        var trusted = logs.Where(k => k.Name == origin).ToList();
        if (trusted.Count == 0) return new WitnessAnswer(404, $"This witness does not witness the log '{origin}'.\n");
        var verified = trusted.Where(k => signatures.Any(s => SignedNote.Signs(s.Name, s.Signature, k))).ToList();
        if (verified.Count == 0) return new WitnessAnswer(403, $"The checkpoint carries no signature by a key of '{origin}' this witness trusts.\n");
        if (verified.Any(k => !SignedNote.TryOpen(request.Checkpoint, k, out _)))
            return new WitnessAnswer(403, $"A signature of '{origin}' on the checkpoint does not verify.\n");
        if (!CheckpointNote.TryRead(text, origin, out var size, out var root))
            return new WitnessAnswer(400, "The note is not a checkpoint: origin, tree size in decimal, base64 root hash.\n");
        if (request.OldSize > size)
            return new WitnessAnswer(400, $"The old size {request.OldSize} is larger than the checkpoint's size {size}.\n");

        // What the witness keeps and serves to monitors: the checkpoint as the log signed it, and its own cosignature.
        var logLines = string.Concat(signatures.Where(s => verified.Any(k => SignedNote.Signs(s.Name, s.Signature, k)))
            .Select(s => $"{SignedNote.Dash}{s.Name} {Convert.ToBase64String(s.Signature)}\n"));
        var now = clock.GetUtcNow();
        var answer = store.Update(origin, latest =>
        {
            var latestSize = latest?.Size ?? 0;
            if (request.OldSize != latestSize)
                return (new WitnessAnswer(409, latestSize.ToString(CultureInfo.InvariantCulture) + "\n", WitnessAnswer.TreeSize), null);
            var refusal = Inconsistency(request, size, root, latest);
            if (refusal is not null) return (new WitnessAnswer(422, refusal + "\n"), null);
            var cosignature = Cosignature.Sign(text, cosigner, key, now);
            return (new WitnessAnswer(200, cosignature), new WitnessedCheckpoint(size, root, $"{text}\n{logLines}{cosignature}"));
        });
        // The log signed a checkpoint that contradicts one it signed before: proof of its misbehaviour, kept.
        if (answer.Status == 422) store.KeepEvidence(origin, answer.Body.TrimEnd(), body, now);
        return answer;
    }

    /// <summary>The latest cosigned checkpoint of <paramref name="origin"/> (log signatures and this witness's), or null.</summary>
    public string? Latest(string origin) => store.Read(origin)?.Note;

    // Why the checkpoint is not an extension of the latest one cosigned (whose size the request's old size matches), or null.
    private static string? Inconsistency(AddCheckpointRequest request, long size, byte[] root, WitnessedCheckpoint? latest)
    {
        if (size == 0 && !MerkleHash.IsEmptyRoot(root)) return "A checkpoint of size 0 must have the root of the empty tree.";
        if (request.OldSize == 0)
            return request.Proof.Count == 0 ? null : "A consistency proof from size 0 must be empty.";
        if (request.OldSize == size)
            return latest!.Root.AsSpan().SequenceEqual(root) ? null
                : $"The checkpoint has size {size}, as the one cosigned before, but another root hash: the log has forked.";
        var result = MerkleVerifier.CheckConsistency(request.OldSize, size, request.Proof, latest!.Root, root);
        return result == MerkleProofResult.Valid ? null
            : $"The consistency proof from size {request.OldSize} to {size} does not verify ({result}): the log is not an extension of the one cosigned before.";
    }
}
