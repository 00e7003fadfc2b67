// RFC 9162 section 2.1.1: MTH of a growing list, kept as the roots of the perfect subtrees that
// tile it (a "compact range" [0, n) in transparency-dev/merkle's terms), so appending needs no reads.
namespace Mesh.Merkle;

/// <summary>
/// The right edge of a tree of <see cref="Size"/> leaves: the hashes of the perfect subtrees that
/// tile leaves [0, Size), one per set bit of Size, largest (leftmost) first. With them a log can
/// append a leaf and compute the new root without reading anything else: O(log n) memory,
/// amortized O(1) hashes per append (at most log n), at most popcount(n) − 1 hashes per root.
/// </summary>
/// <remarks>Not thread-safe. It copies every hash it is given and never hands out its own arrays.</remarks>
public sealed class MerkleFrontier
{
    private readonly List<byte[]> _nodes;

    /// <summary>The frontier of the empty tree.</summary>
    public MerkleFrontier() => _nodes = [];

    /// <summary>Recreates the frontier of a tree of <paramref name="size"/> leaves from its tiling subtree hashes.</summary>
    /// <param name="size">the number of leaves, not negative</param>
    /// <param name="nodes">the hashes of the perfect subtrees tiling [0, size), leftmost first: one per set bit
    /// of <paramref name="size"/>, each 32 bytes. <see cref="MerkleTree.FrontierNodes"/> lists which they are.</param>
    /// <exception cref="ArgumentException">the size is negative or the nodes do not fit it</exception>
    public MerkleFrontier(long size, IReadOnlyList<byte[]> nodes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentNullException.ThrowIfNull(nodes);
        if (nodes.Count != long.PopCount(size))
            throw new ArgumentException($"A tree of {size} leaves has {long.PopCount(size)} frontier nodes, not {nodes.Count}.", nameof(nodes));
        _nodes = new List<byte[]>(nodes.Count);
        foreach (var hash in nodes)
        {
            ArgumentNullException.ThrowIfNull(hash, nameof(nodes));
            MerkleHash.RequireHash(hash, nameof(nodes));
            _nodes.Add((byte[])hash.Clone());
        }
        Size = size;
    }

    private MerkleFrontier(long size, List<byte[]> nodes)
    {
        Size = size;
        _nodes = nodes;
    }

    /// <summary>
    /// The frontier of [0, <paramref name="index"/>) read off an inclusion proof of leaf <paramref name="index"/>
    /// in a tree of <paramref name="treeSize"/> leaves (RFC 9162 section 2.1.3.2): the proof's left siblings are
    /// exactly the perfect subtrees that tile the leaves before it, whatever the tree's size. With it a client
    /// that holds one proven entry can recompute the root of any later tree from the entries after it, and so
    /// check a copy of the rest of the log against a signed checkpoint. False when the proof does not fit.
    /// </summary>
    /// <remarks>The proof itself is not checked against a root here; the caller checks it (see <see cref="MerkleVerifier"/>).</remarks>
    public static bool TryFromInclusionProof(long index, long treeSize, IReadOnlyList<byte[]> proof, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MerkleFrontier? frontier)
    {
        ArgumentNullException.ThrowIfNull(proof);
        frontier = null;
        if (index < 0 || index >= treeSize) return false;
        var lefts = new List<byte[]>();
        long fn = index, sn = treeSize - 1;
        foreach (var sibling in proof)
        {
            if (sn == 0 || sibling is not { Length: MerkleHash.Size }) return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                lefts.Add(sibling);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0 || lefts.Count != long.PopCount(index)) return false;
        lefts.Reverse();
        frontier = new MerkleFrontier(index, lefts);
        return true;
    }

    /// <summary>The number of leaves appended so far.</summary>
    public long Size { get; private set; }

    /// <summary>Copies of the hashes of the perfect subtrees tiling [0, Size), leftmost first (what the constructor takes).</summary>
    public IReadOnlyList<byte[]> Hashes() => [.. _nodes.Select(n => (byte[])n.Clone())];

    /// <summary>A copy that can be appended to independently (the hashes are shared; nobody changes them).</summary>
    public MerkleFrontier Clone() => new(Size, [.. _nodes]);

    /// <summary>
    /// Appends a leaf hash. If <paramref name="written"/> is given, adds to it the new leaf node
    /// and every parent node the leaf completes, bottom up: the nodes a store must now hold.
    /// </summary>
    /// <remarks>Preconditions: <paramref name="leafHash"/> is 32 bytes (see <see cref="MerkleHash.Leaf"/>);
    /// the tree is not full (2^63 − 1 leaves).</remarks>
    public void Append(ReadOnlySpan<byte> leafHash, ICollection<MerkleNode>? written = null)
    {
        MerkleHash.RequireHash(leafHash, nameof(leafHash));
        if (Size == long.MaxValue) throw new InvalidOperationException("The tree is full.");
        var hash = leafHash.ToArray();
        var index = Size;
        written?.Add(new MerkleNode(0, index, hash));
        // Each set bit of the old size, from the bottom, is a subtree the new one merges with.
        for (var level = 0; ((Size >> level) & 1) == 1; level++)
        {
            hash = MerkleHash.Node(_nodes[^1], hash);
            _nodes.RemoveAt(_nodes.Count - 1);
            index >>= 1;
            written?.Add(new MerkleNode(level + 1, index, hash));
        }
        _nodes.Add(hash);
        Size++;
    }

    /// <summary>The root of the tree of <see cref="Size"/> leaves (the empty root for none); a new array.</summary>
    public byte[] Root()
    {
        if (_nodes.Count == 0) return MerkleHash.EmptyRoot();
        // MTH splits at the largest power of two, so the root folds the tiling from the right.
        var root = (byte[])_nodes[^1].Clone();
        for (var i = _nodes.Count - 2; i >= 0; i--) MerkleHash.Node(_nodes[i], root, root);
        return root;
    }
}
