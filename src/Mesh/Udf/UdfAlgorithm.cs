// Implements UDF.md: the two content-digest algorithms.
namespace Mesh;

/// <summary>The digest algorithm of a content-digest UDF (UDF.md, "Content digest UDF").</summary>
public enum UdfAlgorithm
{
    /// <summary>SHA-2-512; the UDF's text starts with 'M' (type byte 96 to 100).</summary>
    Sha2,

    /// <summary>SHA-3-512; the UDF's text starts with 'K' (type byte 80 to 84).</summary>
    Sha3,
}
