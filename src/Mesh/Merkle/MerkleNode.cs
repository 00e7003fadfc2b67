// The stored form of the RFC 9162 section 2.1.1 tree: only the roots of its perfect subtrees.
namespace Mesh.Merkle;

/// <summary>
/// A complete node of the log's tree: the hash of the perfect subtree of 2^<see cref="Level"/>
/// leaves that starts at leaf <see cref="Index"/>·2^<see cref="Level"/>. Level 0 holds the leaf
/// hashes. Such a node never changes once its last leaf is appended, which is what lets the
/// tree be stored append-only.
/// </summary>
/// <param name="Level">the height above the leaves, 0 to 62</param>
/// <param name="Index">the position among the nodes of that level, from 0</param>
/// <param name="Hash">the 32-byte hash; nobody modifies it once the node exists</param>
public readonly record struct MerkleNode(int Level, long Index, byte[] Hash)
{
    /// <summary>The highest level a tree of at most 2^63 − 1 leaves can have.</summary>
    public const int MaxLevel = 62;
}
