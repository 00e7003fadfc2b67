// An in-memory IMerkleNodeStore for the RFC 9162 section 2.1.1 tree: for tests, benchmarks and tools.
namespace Mesh.Merkle;

/// <summary>
/// Keeps the nodes of a <see cref="MerkleTree"/> in memory, each level a list of fixed-size
/// pages of packed 32-byte hashes (about 64 bytes per leaf in all). It enforces the contract of
/// <see cref="IMerkleNodeStore"/>: batches are checked before anything is written. Not thread-safe.
/// </summary>
public sealed class MemoryMerkleNodeStore : IMerkleNodeStore
{
    // Pages rather than one growing array per level: no large copies and no 2 GB array limit.
    private const int PageShift = 12;
    private const int NodesPerPage = 1 << PageShift;

    private readonly List<byte[]>[] _levels = new List<byte[]>[MerkleNode.MaxLevel + 1];
    private readonly long[] _counts = new long[MerkleNode.MaxLevel + 1];

    /// <summary>The number of reads served so far, for tests and benchmarks that count them.</summary>
    public long Reads { get; private set; }

    /// <inheritdoc />
    public long LeafCount => _counts[0];

    /// <summary>The number of nodes written so far at <paramref name="level"/> (0 to <see cref="MerkleNode.MaxLevel"/>).</summary>
    public long Count(int level)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, MerkleNode.MaxLevel);
        return _counts[level];
    }

    /// <inheritdoc />
    /// <remarks>Returns a fresh copy of the hash. Throws <see cref="InvalidOperationException"/> for a node not written.</remarks>
    public byte[] GetNode(int level, long index)
    {
        if (level < 0 || level > MerkleNode.MaxLevel || index < 0 || index >= _counts[level])
            throw new InvalidOperationException($"Node ({level}, {index}) has not been written.");
        Reads++;
        var page = _levels[level][(int)(index >> PageShift)];
        var offset = (int)(index & (NodesPerPage - 1)) * MerkleHash.Size;
        return page.AsSpan(offset, MerkleHash.Size).ToArray();
    }

    /// <inheritdoc />
    /// <remarks>Throws <see cref="InvalidOperationException"/>, writing nothing, if a node is out of order or already written.</remarks>
    public void PutNodes(IReadOnlyList<MerkleNode> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        Check(nodes);
        foreach (var node in nodes)
        {
            var level = _levels[node.Level] ??= [];
            var count = _counts[node.Level];
            var offset = (int)(count & (NodesPerPage - 1));
            if (offset == 0) level.Add(new byte[NodesPerPage * MerkleHash.Size]);
            node.Hash.CopyTo(level[^1].AsSpan(offset * MerkleHash.Size));
            _counts[node.Level] = count + 1;
        }
    }

    // The whole batch is checked first so that a bad one leaves the store as it was.
    private void Check(IReadOnlyList<MerkleNode> nodes)
    {
        var next = (long[])_counts.Clone();
        foreach (var node in nodes)
        {
            if (node.Level < 0 || node.Level > MerkleNode.MaxLevel)
                throw new InvalidOperationException($"Level {node.Level} is out of range.");
            if (node.Hash is not { Length: MerkleHash.Size })
                throw new InvalidOperationException($"Node ({node.Level}, {node.Index}) has no {MerkleHash.Size}-byte hash.");
            if (node.Index != next[node.Level])
                throw new InvalidOperationException(node.Index < next[node.Level]
                    ? $"Node ({node.Level}, {node.Index}) has already been written; nodes never change."
                    : $"Node ({node.Level}, {node.Index}) leaves a gap; level {node.Level} continues at {next[node.Level]}.");
            next[node.Level]++;
        }
    }
}
