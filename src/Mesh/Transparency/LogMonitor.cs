using Mesh.Merkle;
using Mesh.Schema;

namespace Mesh.Transparency;

/// <summary>
/// The client's guard against a portal that rewrites its log or shows different users different
/// logs (NOTES.md section 7). It keeps the last checkpoint it verified for a portal and accepts a
/// newer one only with a consistency proof from it; it accepts an entry only with an inclusion
/// proof to a verified checkpoint. A rollback or a fork is an error that names both checkpoints.
/// </summary>
public static class LogMonitor
{
    /// <summary>
    /// Accepts <paramref name="next"/> after <paramref name="known"/> (null when this is the first
    /// checkpoint seen of the portal) given a consistency proof between them; returns the checkpoint
    /// to keep. Throws <see cref="MeshException"/> (409) for a rollback or a fork.
    /// </summary>
    public static Checkpoint Advance(Checkpoint? known, Checkpoint next, IReadOnlyList<byte[]>? proof)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (known is null) return next;
        var (oldSize, newSize) = (known.TreeSize!.Value, next.TreeSize!.Value);
        if (newSize < oldSize)
            throw Fork($"The portal rolled its log back: it now shows {SignedCheckpoints.Describe(next)}, but it showed {SignedCheckpoints.Describe(known)} before.");
        if (newSize == oldSize)
        {
            if (!known.RootHash!.AsSpan().SequenceEqual(next.RootHash))
                throw Fork($"The portal forked its log: {SignedCheckpoints.Describe(next)} and {SignedCheckpoints.Describe(known)} have the same size but different roots.");
            return (next.Time > known.Time) ? next : known;
        }
        if (oldSize == 0) return next;
        var result = MerkleVerifier.CheckConsistency(oldSize, newSize, proof ?? [], known.RootHash, next.RootHash);
        if (result != MerkleProofResult.Valid)
            throw Fork($"The portal's log is not consistent between {SignedCheckpoints.Describe(known)} and {SignedCheckpoints.Describe(next)} ({result}): it rewrote its history.");
        return next;
    }

    /// <summary>
    /// Checks that the exact log leaf <paramref name="leaf"/> is entry <paramref name="index"/> of the
    /// log the checkpoint signs; throws <see cref="MeshException"/> (409) when it is not.
    /// </summary>
    public static void RequireIncluded(ReadOnlySpan<byte> leaf, long index, IReadOnlyList<byte[]>? proof, Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var result = MerkleVerifier.CheckInclusion(MerkleHash.Leaf(leaf), index, checkpoint.TreeSize!.Value, proof ?? [], checkpoint.RootHash);
        if (result != MerkleProofResult.Valid)
            throw Fork($"Log entry {index} is not in the log of {SignedCheckpoints.Describe(checkpoint)} ({result}).");
    }

    private static MeshException Fork(string message) => new(MeshStatus.AlreadyExists, message);
}
