// RFC 9162 section 2.1.1 (MTH), 2.1.3.1 (PATH, inclusion proofs) and 2.1.4.1 (PROOF and
// SUBPROOF, consistency proofs), computed from stored perfect-subtree hashes instead of leaves.
using System.Diagnostics;
using System.Numerics;

namespace Mesh.Merkle;

/// <summary>
/// The portal side of the log: an append-only Merkle tree over an <see cref="IMerkleNodeStore"/>
/// that produces roots and proofs for its current size or any earlier one, so that proofs can
/// be given to any checkpoint the portal has signed.
/// </summary>
/// <remarks>
/// Every hash in RFC 9162's definitions is the MTH of a range of leaves; the ranges that occur are
/// either perfect subtrees, which are stored nodes, or a right edge, whose hash folds the O(log n)
/// perfect subtrees that tile it. So opening the tree, appending, <see cref="Root(long)"/>,
/// <see cref="InclusionProof"/> and <see cref="ConsistencyProof"/> each read O(log n) nodes, and
/// appending writes amortized 2 nodes (at most log n + 1). Not thread-safe: a log appends and
/// reads from one thread at a time.
/// </remarks>
public sealed class MerkleTree
{
    private readonly IMerkleNodeStore _store;
    private MerkleFrontier _frontier;

    /// <summary>Opens the tree held in <paramref name="store"/> (empty or not), reading only its frontier nodes.</summary>
    /// <exception cref="InvalidOperationException">the store reports a negative leaf count</exception>
    public MerkleTree(IMerkleNodeStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        var size = store.LeafCount;
        if (size < 0) throw new InvalidOperationException($"The node store reports {size} leaves.");
        _frontier = new MerkleFrontier(size, [.. FrontierNodes(size).Select(n => store.GetNode(n.Level, n.Index))]);
    }

    /// <summary>
    /// Opens the tree held in <paramref name="store"/> at a frontier kept from before (a writer's, from its last
    /// commit), reading nothing: the frontier must be the store's, which the caller knows when the store's size
    /// is the frontier's (a log only grows).
    /// </summary>
    /// <exception cref="ArgumentException">the frontier's size is not the store's leaf count</exception>
    public MerkleTree(IMerkleNodeStore store, MerkleFrontier frontier)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(frontier);
        if (frontier.Size != store.LeafCount)
            throw new ArgumentException($"The frontier is of {frontier.Size} leaves, the store holds {store.LeafCount}.", nameof(frontier));
        _store = store;
        _frontier = frontier.Clone();
    }

    /// <summary>The number of leaves in the tree.</summary>
    public long Size => _frontier.Size;

    /// <summary>The tree's frontier now, a copy: to open the tree again later without reading it.</summary>
    public MerkleFrontier Frontier => _frontier.Clone();

    /// <summary>The root of the current tree, computed without reading the store; a new array.</summary>
    public byte[] Root() => _frontier.Root();

    /// <summary>The root of the tree's first <paramref name="size"/> leaves (RFC 9162 MTH(D[size])); a new array.</summary>
    /// <remarks>Precondition: 0 ≤ <paramref name="size"/> ≤ <see cref="Size"/>, else <see cref="ArgumentOutOfRangeException"/>.</remarks>
    public byte[] Root(long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, Size);
        if (size == Size) return Root();
        return size == 0 ? MerkleHash.EmptyRoot() : RangeHash(0, size);
    }

    /// <summary>The leaf hash at <paramref name="index"/>; a new array.</summary>
    /// <remarks>Precondition: 0 ≤ <paramref name="index"/> &lt; <see cref="Size"/>, else <see cref="ArgumentOutOfRangeException"/>.</remarks>
    public byte[] LeafHash(long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Size);
        return _store.GetNode(0, index);
    }

    /// <summary>Appends one leaf hash, writing it and the nodes it completes in one batch; returns its index.</summary>
    /// <remarks>Precondition: <paramref name="leafHash"/> is 32 bytes (see <see cref="MerkleHash.Leaf"/>).
    /// If the store throws, the tree is unchanged.</remarks>
    public long Append(ReadOnlySpan<byte> leafHash)
    {
        MerkleHash.RequireHash(leafHash, nameof(leafHash));
        var index = Size;
        var next = _frontier.Clone();
        var batch = new List<MerkleNode>(2);
        next.Append(leafHash, batch);
        _store.PutNodes(batch);
        _frontier = next;
        return index;
    }

    /// <summary>Appends several leaf hashes in one store batch; returns the index of the first.</summary>
    /// <remarks>Precondition: every hash is 32 bytes, else <see cref="ArgumentException"/> and nothing is
    /// appended. If the store throws, the tree is unchanged.</remarks>
    public long AppendRange(IReadOnlyList<byte[]> leafHashes)
    {
        ArgumentNullException.ThrowIfNull(leafHashes);
        foreach (var hash in leafHashes)
        {
            ArgumentNullException.ThrowIfNull(hash, nameof(leafHashes));
            MerkleHash.RequireHash(hash, nameof(leafHashes));
        }
        var first = Size;
        var next = _frontier.Clone();
        var batch = new List<MerkleNode>(2 * leafHashes.Count + MerkleNode.MaxLevel);
        foreach (var hash in leafHashes) next.Append(hash, batch);
        if (batch.Count > 0) _store.PutNodes(batch);
        _frontier = next;
        return first;
    }

    /// <summary>
    /// The inclusion proof of leaf <paramref name="index"/> in the tree of the first <paramref name="size"/>
    /// leaves (RFC 9162 PATH(index, D[size])), ordered from the leaf up; empty for a tree of one leaf.
    /// The list and its arrays are new, the caller's to keep.
    /// </summary>
    /// <remarks>Precondition: 0 ≤ <paramref name="index"/> &lt; <paramref name="size"/> ≤ <see cref="Size"/>,
    /// else <see cref="ArgumentOutOfRangeException"/>.</remarks>
    public IReadOnlyList<byte[]> InclusionProof(long index, long size)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, Size);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, size);
        // PATH walks down from D[0:size] to the leaf; the hashes are collected top-down and reversed.
        var proof = new List<byte[]>();
        long lo = 0, hi = size;
        while (hi - lo > 1)
        {
            var k = LargestPowerOfTwoBelow(hi - lo);
            if (index < lo + k)
            {
                proof.Add(RangeHash(lo + k, hi)); // PATH(m, D[0:k]) : MTH(D[k:n])
                hi = lo + k;
            }
            else
            {
                proof.Add(RangeHash(lo, lo + k)); // PATH(m - k, D[k:n]) : MTH(D[0:k])
                lo += k;
            }
        }
        proof.Reverse();
        return proof;
    }

    /// <summary>
    /// The consistency proof between the trees of the first <paramref name="size1"/> and <paramref name="size2"/>
    /// leaves (RFC 9162 PROOF(size1, D[size2])); empty when the sizes are equal. The list and its
    /// arrays are new, the caller's to keep.
    /// </summary>
    /// <remarks>Precondition: 0 &lt; <paramref name="size1"/> ≤ <paramref name="size2"/> ≤ <see cref="Size"/>, else
    /// <see cref="ArgumentOutOfRangeException"/>. There is no proof from the empty tree (see
    /// <see cref="MerkleProofResult.FromEmptyTree"/>).</remarks>
    public IReadOnlyList<byte[]> ConsistencyProof(long size1, long size2)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size2, Size);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size1, size2);
        // SUBPROOF(m, D[lo:hi], b), unrolled: m counts the old tree's leaves from lo.
        var proof = new List<byte[]>();
        long lo = 0, hi = size2, m = size1;
        var b = true; // whether D[lo:lo+m] is the whole old tree, whose root the verifier already has
        while (m != hi - lo)
        {
            var k = LargestPowerOfTwoBelow(hi - lo);
            if (m <= k)
            {
                proof.Add(RangeHash(lo + k, hi)); // SUBPROOF(m, D[0:k], b) : MTH(D[k:n])
                hi = lo + k;
            }
            else
            {
                proof.Add(RangeHash(lo, lo + k)); // SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k])
                lo += k;
                m -= k;
                b = false;
            }
        }
        if (!b) proof.Add(RangeHash(lo, hi)); // SUBPROOF(m, D[m], false) = {MTH(D[m])}
        proof.Reverse();
        return proof;
    }

    /// <summary>
    /// The nodes whose hashes make up the frontier of a tree of <paramref name="size"/> leaves: the
    /// perfect subtrees tiling [0, size), leftmost (highest) first, one per set bit of the size.
    /// </summary>
    /// <remarks>Precondition: <paramref name="size"/> is not negative.</remarks>
    public static IReadOnlyList<(int Level, long Index)> FrontierNodes(long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        var nodes = new List<(int, long)>((int)long.PopCount(size));
        for (var level = MerkleNode.MaxLevel; level >= 0; level--)
        {
            if (((size >> level) & 1) == 1) nodes.Add((level, (size >> level) - 1));
        }
        return nodes;
    }

    // MTH(D[begin:end]) for a range that RFC 9162's splitting produces, whose start is a multiple
    // of the smallest power of two not below its length. Such a range is tiled, left to right, by perfect
    // subtrees of decreasing size, one per set bit of its length, and its hash folds them from the
    // right. A perfect range is one stored node.
    private byte[] RangeHash(long begin, long end)
    {
        var length = end - begin;
        Debug.Assert(length > 0 && (ulong)begin % BitOperations.RoundUpToPowerOf2((ulong)length) == 0);
        byte[]? hash = null;
        var position = end;
        for (var level = 0; level <= MerkleNode.MaxLevel; level++)
        {
            if (((length >> level) & 1) == 0) continue;
            position -= 1L << level;
            var node = _store.GetNode(level, position >> level);
            if (hash is null) hash = node;
            else MerkleHash.Node(node, hash, hash); // the store's arrays are ours to overwrite
        }
        return hash!;
    }

    private static long LargestPowerOfTwoBelow(long n) => 1L << (63 - BitOperations.LeadingZeroCount((ulong)(n - 1)));
}
