// Storage for the RFC 9162 section 2.1.1 tree of a portal's log; RFC 9162 leaves storage open.
namespace Mesh.Merkle;

/// <summary>
/// Where a <see cref="MerkleTree"/> keeps its complete nodes (see <see cref="MerkleNode"/>).
/// The storage is append-only: a node is written once, in one batch with the leaf that
/// completes it, and never changed or deleted. The tree reads O(log n) nodes per root or proof,
/// so a node must be found by (level, index) without scanning.
/// </summary>
/// <remarks>
/// Implementations need not be thread-safe; the tree calls them from one thread at a time.
/// </remarks>
public interface IMerkleNodeStore
{
    /// <summary>
    /// The number of level-0 nodes written so far. The tree writes leaves in order and without
    /// gaps, so this is the tree size; a tree opened on the store starts from it.
    /// </summary>
    long LeafCount { get; }

    /// <summary>Reads the hash of node (<paramref name="level"/>, <paramref name="index"/>).</summary>
    /// <remarks>
    /// Precondition: the node has been written, i.e. (<paramref name="index"/> + 1)·2^<paramref name="level"/>
    /// ≤ <see cref="LeafCount"/>; the tree asks for no other. A store that cannot find such a node
    /// has lost data and throws <see cref="InvalidOperationException"/>. The hash is returned in a
    /// new array that the caller owns: the tree hashes into it and hands it to its own callers.
    /// </remarks>
    byte[] GetNode(int level, long index);

    /// <summary>
    /// Writes a batch of new nodes, all or none (one transaction in a database): the leaves
    /// appended since the last batch, in order, each followed by the parents it completes.
    /// </summary>
    /// <remarks>
    /// Preconditions: no node of the batch has been written before, and each level's new indexes
    /// continue that level without gaps. A store may check this and throw
    /// <see cref="InvalidOperationException"/>, writing nothing; it must never overwrite a node.
    /// </remarks>
    void PutNodes(IReadOnlyList<MerkleNode> nodes);
}
