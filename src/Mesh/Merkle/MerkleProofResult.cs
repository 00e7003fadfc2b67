// RFC 9162 sections 2.1.3.2 and 2.1.4.2 name the ways a proof fails verification; this is that list.
namespace Mesh.Merkle;

/// <summary>
/// The outcome of checking an inclusion or consistency proof from an untrusted source.
/// Everything but <see cref="Valid"/> means the proof must be rejected; the other values say why.
/// </summary>
public enum MerkleProofResult
{
    /// <summary>The proof verifies against the given root(s).</summary>
    Valid = 0,

    /// <summary>Inclusion: the leaf index is negative or not below the tree size.</summary>
    IndexOutOfRange,

    /// <summary>Consistency: a size is negative or the second size is smaller than the first.</summary>
    SizesOutOfOrder,

    /// <summary>
    /// Consistency from the empty tree to a larger one: every tree extends the empty tree, so
    /// such a proof says nothing and RFC 9162 defines none; a client without a checkpoint starts
    /// from the one it is given.
    /// </summary>
    FromEmptyTree,

    /// <summary>A leaf hash, proof element or root that is hashed is not 32 bytes.</summary>
    WrongHashLength,

    /// <summary>The proof has more or fewer elements than the sizes call for.</summary>
    WrongProofLength,

    /// <summary>The proof is well formed but the root it leads to is not the one given.</summary>
    RootMismatch,
}
