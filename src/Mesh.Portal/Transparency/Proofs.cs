using Mesh.Merkle;
using Mesh.Portal.Storage;

namespace Mesh.Portal.Transparency;

/// <summary>Inclusion and consistency proofs (RFC 9162 2.1.3, 2.1.4) from the committed Merkle nodes.</summary>
public static class Proofs
{
    /// <summary>Inclusion proofs of log entries in the tree of <paramref name="treeSize"/> entries.</summary>
    public static IReadOnlyList<IReadOnlyList<byte[]>> Inclusion(IPortalStore store, IReadOnlyList<long> indexes, long treeSize)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(indexes);
        using var nodes = store.ReadNodes();
        var tree = new MerkleTree(nodes);
        return [.. indexes.Select(i => tree.InclusionProof(i, treeSize))];
    }

    /// <summary>
    /// The consistency proof from <paramref name="from"/> entries to <paramref name="to"/>; 400 when
    /// <paramref name="from"/> is not between 0 and <paramref name="to"/>. Every tree is consistent
    /// with the empty one and with itself, so those proofs are empty.
    /// </summary>
    public static IReadOnlyList<byte[]> Consistency(IPortalStore store, long from, long to)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (from < 0 || from > to)
            throw new MeshException($"A consistency proof can be given from a tree size between 0 and {to}, not from {from}.");
        if (from == 0 || from == to) return [];
        using var nodes = store.ReadNodes();
        return new MerkleTree(nodes).ConsistencyProof(from, to);
    }
}
