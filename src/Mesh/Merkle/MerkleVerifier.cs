// RFC 9162 section 2.1.3.2 (Verifying an Inclusion Proof) and section 2.1.4.2 (Verifying
// Consistency between Two Tree Heads), followed step by step; the step numbers are the RFC's.
using System.Diagnostics.CodeAnalysis;

namespace Mesh.Merkle;

/// <summary>
/// The client side of the log: checks inclusion and consistency proofs received from a portal.
/// Everything but the proof list itself is untrusted input: bad sizes, hashes of the wrong
/// length, proofs of the wrong length and mismatched roots are reported as a
/// <see cref="MerkleProofResult"/> (or <c>false</c>), never thrown. Only a null proof list,
/// which is the caller's mistake, throws <see cref="ArgumentNullException"/>.
/// </summary>
/// <remarks>
/// A proof binds a leaf (or an old root) to a root, not to a tree size: for some pairs of
/// sizes the hashing steps are identical, so the same proof verifies for both. The size is
/// bound to the root by the signed checkpoint, which the caller must check.
/// </remarks>
public static class MerkleVerifier
{
    /// <summary>True if <paramref name="proof"/> shows that the leaf with hash <paramref name="leafHash"/>
    /// is at <paramref name="index"/> in the tree of <paramref name="treeSize"/> leaves with root <paramref name="root"/>.</summary>
    /// <remarks>Preconditions: <paramref name="proof"/> is not null. Its elements are ordered from the leaf up,
    /// as RFC 9162 section 2.1.3.1 builds them.</remarks>
    public static bool VerifyInclusion(ReadOnlySpan<byte> leafHash, long index, long treeSize, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root) =>
        CheckInclusion(leafHash, index, treeSize, proof, root) == MerkleProofResult.Valid;

    /// <summary>Like <see cref="VerifyInclusion"/>, but says why a proof fails.</summary>
    /// <remarks>Preconditions: <paramref name="proof"/> is not null.</remarks>
    public static MerkleProofResult CheckInclusion(ReadOnlySpan<byte> leafHash, long index, long treeSize, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root)
    {
        var result = RootFromInclusion(leafHash, index, treeSize, proof, out var computed);
        if (result != MerkleProofResult.Valid) return result;
        return root.SequenceEqual(computed) ? MerkleProofResult.Valid : MerkleProofResult.RootMismatch;
    }

    /// <summary>
    /// Computes the root of the tree of <paramref name="treeSize"/> leaves that the inclusion proof
    /// leads to, for a caller that compares it with a root from elsewhere. False if the proof is malformed.
    /// </summary>
    /// <remarks>Preconditions: <paramref name="proof"/> is not null.</remarks>
    public static bool TryRootFromInclusionProof(ReadOnlySpan<byte> leafHash, long index, long treeSize, IReadOnlyList<byte[]> proof,
        [NotNullWhen(true)] out byte[]? root)
    {
        var ok = RootFromInclusion(leafHash, index, treeSize, proof, out var computed) == MerkleProofResult.Valid;
        root = ok ? computed : null;
        return ok;
    }

    /// <summary>True if <paramref name="proof"/> shows that the tree of <paramref name="size1"/> leaves with root
    /// <paramref name="root1"/> is a prefix of the tree of <paramref name="size2"/> leaves with root <paramref name="root2"/>.</summary>
    /// <remarks>
    /// Preconditions: <paramref name="proof"/> is not null. Equal sizes need an empty proof and equal
    /// roots (the empty root for size 0). A proof from size 0 to a larger size is never valid; see
    /// <see cref="MerkleProofResult.FromEmptyTree"/>.
    /// </remarks>
    public static bool VerifyConsistency(long size1, long size2, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root1, ReadOnlySpan<byte> root2) =>
        CheckConsistency(size1, size2, proof, root1, root2) == MerkleProofResult.Valid;

    /// <summary>Like <see cref="VerifyConsistency"/>, but says why a proof fails.</summary>
    /// <remarks>Preconditions: <paramref name="proof"/> is not null.</remarks>
    public static MerkleProofResult CheckConsistency(long size1, long size2, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root1, ReadOnlySpan<byte> root2)
    {
        var result = RootFromConsistency(size1, size2, proof, root1, out var computed);
        if (result != MerkleProofResult.Valid) return result;
        return root2.SequenceEqual(computed) ? MerkleProofResult.Valid : MerkleProofResult.RootMismatch;
    }

    /// <summary>
    /// Checks the proof against the old root <paramref name="root1"/> and computes the root of the tree of
    /// <paramref name="size2"/> leaves that it leads to. False if the proof is malformed or does not
    /// lead to <paramref name="root1"/>.
    /// </summary>
    /// <remarks>Preconditions: <paramref name="proof"/> is not null.</remarks>
    public static bool TryRootFromConsistencyProof(long size1, long size2, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root1,
        [NotNullWhen(true)] out byte[]? root2)
    {
        var ok = RootFromConsistency(size1, size2, proof, root1, out var computed) == MerkleProofResult.Valid;
        root2 = ok ? computed : null;
        return ok;
    }

    private static MerkleProofResult RootFromInclusion(ReadOnlySpan<byte> leafHash, long index, long treeSize, IReadOnlyList<byte[]> proof, out byte[] root)
    {
        ArgumentNullException.ThrowIfNull(proof);
        root = [];
        // Step 1.
        if (index < 0 || index >= treeSize) return MerkleProofResult.IndexOutOfRange;
        if (leafHash.Length != MerkleHash.Size || !AllHashes(proof)) return MerkleProofResult.WrongHashLength;

        // Steps 2 and 3.
        var fn = index;
        var sn = treeSize - 1;
        var r = leafHash.ToArray();
        // Step 4.
        foreach (var p in proof)
        {
            if (sn == 0) return MerkleProofResult.WrongProofLength;
            if ((fn & 1) == 1 || fn == sn)
            {
                MerkleHash.Node(p, r, r);
                if ((fn & 1) == 0) ShiftUntilOddOrZero(ref fn, ref sn);
            }
            else
            {
                MerkleHash.Node(r, p, r);
            }
            fn >>= 1;
            sn >>= 1;
        }
        // Step 5: a proof that ends before reaching the root is too short.
        if (sn != 0) return MerkleProofResult.WrongProofLength;
        root = r;
        return MerkleProofResult.Valid;
    }

    private static MerkleProofResult RootFromConsistency(long size1, long size2, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root1, out byte[] root2)
    {
        ArgumentNullException.ThrowIfNull(proof);
        root2 = [];
        if (size1 < 0 || size2 < size1) return MerkleProofResult.SizesOutOfOrder;
        if (size1 == size2)
        {
            // Nothing to prove: the roots must simply be the same (and the known one for size 0).
            if (proof.Count != 0) return MerkleProofResult.WrongProofLength;
            if (size1 == 0 && !MerkleHash.IsEmptyRoot(root1)) return MerkleProofResult.RootMismatch;
            root2 = root1.ToArray();
            return MerkleProofResult.Valid;
        }
        if (size1 == 0) return MerkleProofResult.FromEmptyTree;

        // Step 1.
        if (proof.Count == 0) return MerkleProofResult.WrongProofLength;
        if (!AllHashes(proof)) return MerkleProofResult.WrongHashLength;
        // Step 2: when size1 is a power of two its root is a node of the new tree and the proof leaves it out.
        var prepend = (size1 & (size1 - 1)) == 0;
        if (prepend && root1.Length != MerkleHash.Size) return MerkleProofResult.WrongHashLength;

        // Steps 3 and 4.
        var fn = size1 - 1;
        var sn = size2 - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }
        // Step 5.
        var fr = prepend ? root1.ToArray() : (byte[])proof[0].Clone();
        var sr = (byte[])fr.Clone();
        // Step 6.
        for (var i = prepend ? 0 : 1; i < proof.Count; i++)
        {
            var c = proof[i];
            if (sn == 0) return MerkleProofResult.WrongProofLength;
            if ((fn & 1) == 1 || fn == sn)
            {
                MerkleHash.Node(c, fr, fr);
                MerkleHash.Node(c, sr, sr);
                if ((fn & 1) == 0) ShiftUntilOddOrZero(ref fn, ref sn);
            }
            else
            {
                MerkleHash.Node(sr, c, sr);
            }
            fn >>= 1;
            sn >>= 1;
        }
        // Step 7, the old root half; the caller compares the new root.
        if (sn != 0) return MerkleProofResult.WrongProofLength;
        if (!root1.SequenceEqual(fr)) return MerkleProofResult.RootMismatch;
        root2 = sr;
        return MerkleProofResult.Valid;
    }

    // "Right-shift both fn and sn equally until either LSB(fn) is set or fn is 0."
    private static void ShiftUntilOddOrZero(ref long fn, ref long sn)
    {
        while (fn != 0 && (fn & 1) == 0)
        {
            fn >>= 1;
            sn >>= 1;
        }
    }

    private static bool AllHashes(IReadOnlyList<byte[]> proof)
    {
        foreach (var p in proof)
        {
            if (p is not { Length: MerkleHash.Size }) return false;
        }
        return true;
    }
}
