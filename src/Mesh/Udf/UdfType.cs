// Implements UDF.md: the type bytes.
namespace Mesh;

/// <summary>
/// The kinds of UDF this implementation knows, valued by their base type byte (UDF.md).
/// A content digest's actual type byte is its base plus its compression (0 to 4).
/// </summary>
public enum UdfType
{
    /// <summary>Keyed (authenticator) UDF, 'A': an HMAC of content under a key. Never compressed.</summary>
    Authenticator = 0,

    /// <summary>Symmetric encryption/authentication key, 'E': the 128- or 256-bit key follows.</summary>
    SymmetricKey = 32,

    /// <summary>SHA-3-512 content digest, 'K'.</summary>
    DigestSha3 = 80,

    /// <summary>SHA-2-512 content digest, 'M'.</summary>
    DigestSha2 = 96,

    /// <summary>Nonce, 'N': random bytes follow.</summary>
    Nonce = 104,

    /// <summary>Shamir secret share, 'S': quorum, index and share value follow.</summary>
    Share = 144,
}
