using Mesh.Schema;

namespace Mesh.Client.Trust;

/// <summary>
/// An entry of the portal's log, proven: the exact leaf is at <paramref name="LogIndex"/> of the log that
/// <paramref name="Checkpoint"/> signs, and it is the entry that was asked for.
/// </summary>
/// <param name="Entry">the entry, read from the proven leaf (never from the copy beside it)</param>
/// <param name="LogIndex">its index in the log</param>
/// <param name="TransactionId">its transaction, made from <paramref name="LogIndex"/> (docs/protocol.md 10.3)</param>
/// <param name="Leaf">the exact leaf bytes, a tagged LogRecord</param>
/// <param name="InclusionProof">its inclusion proof to the checkpoint</param>
/// <param name="Checkpoint">the verified checkpoint it is included in</param>
public sealed record Proven<T>(T Entry, long LogIndex, string TransactionId, byte[] Leaf, IReadOnlyList<byte[]> InclusionProof, Checkpoint Checkpoint)
    : IProven
    where T : Entry
{
    /// <inheritdoc/>
    public string Identifier => Entry.Identifier!;
}

/// <summary>A proven log entry, whatever it holds.</summary>
public interface IProven
{
    /// <summary>The identifier of the entry (for an account's record, its personal profile's).</summary>
    string Identifier { get; }

    /// <summary>Its index in the log.</summary>
    long LogIndex { get; }

    /// <summary>The exact leaf bytes.</summary>
    byte[] Leaf { get; }

    /// <summary>Its inclusion proof to <see cref="Checkpoint"/>.</summary>
    IReadOnlyList<byte[]> InclusionProof { get; }

    /// <summary>The verified checkpoint it was proven in: the log the portal had when it served the entry.</summary>
    Checkpoint Checkpoint { get; }
}
