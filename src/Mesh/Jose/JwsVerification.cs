// RFC 7515 section 5.2 (message signature validation), per signature of a JWS with several
// (section 7.2.1): each signature is judged on its own, and the caller decides which must verify.
namespace Mesh.Jose;

/// <summary>What verifying one signature of a JWS found.</summary>
public enum JwsSignatureStatus
{
    /// <summary>The signature verifies with the key over the exact signed bytes.</summary>
    Verified,
    /// <summary>The signature does not verify: forged, tampered with, truncated, or made by another key.</summary>
    BadSignature,
    /// <summary>The <c>alg</c> is not on the allow-list (e.g. <c>ES512</c>, <c>PS384</c>); the signature was not checked.</summary>
    UnsupportedAlgorithm,
    /// <summary>The <c>alg</c> is <c>none</c> or an HMAC, which a public-key signature never uses.</summary>
    ForbiddenAlgorithm,
    /// <summary>The <c>alg</c> is allowed but not for the key's type (algorithm confusion, or a signature by another key type).</summary>
    AlgorithmKeyMismatch,
    /// <summary>The <c>alg</c> is in the unprotected header only; the Mesh requires it to be integrity protected.</summary>
    UnprotectedAlgorithm,
    /// <summary>No key was found for the signature's <c>kid</c> (or it has none).</summary>
    UnknownKey,
}

/// <summary>The outcome of verifying one signature of a JWS.</summary>
/// <param name="Signature">the signature, as parsed</param>
/// <param name="Status">what verification found</param>
/// <param name="Problem">a user-readable reason when not verified; null when verified</param>
public sealed record JwsVerification(JwsSignature Signature, JwsSignatureStatus Status, string? Problem)
{
    /// <summary>Whether the signature verified.</summary>
    public bool IsVerified => Status == JwsSignatureStatus.Verified;
}
