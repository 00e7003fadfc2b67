namespace Mesh.Cryptography;

/// <summary>The asymmetric key types the Mesh uses (NOTES.md section 2).</summary>
public enum KeyAlgorithm
{
    /// <summary>Ed25519 signature key (RFC 8032); the default for signature and authentication keys.</summary>
    Ed25519,
    /// <summary>X25519 key agreement key (RFC 7748); the default for encryption keys.</summary>
    X25519,
    /// <summary>NIST P-256: ECDSA signatures (ES256) or ECDH key agreement.</summary>
    P256,
    /// <summary>RSA of at least 2048 bits: RS256/PS256 signatures or RSA-OAEP encryption.</summary>
    Rsa,
}

/// <summary>A signature scheme: the algorithm and hash a signature is made with.</summary>
public enum SignatureScheme
{
    /// <summary>Ed25519 (JOSE <c>Ed25519</c>, formerly <c>EdDSA</c>).</summary>
    Ed25519,
    /// <summary>ECDSA on P-256 with SHA-256, signature as r||s (JOSE <c>ES256</c>).</summary>
    EcdsaP256Sha256,
    /// <summary>RSASSA-PKCS1-v1_5 with SHA-256 (JOSE <c>RS256</c>).</summary>
    RsaPkcs1Sha256,
    /// <summary>RSASSA-PSS with SHA-256 and MGF1-SHA-256, 32-byte salt (JOSE <c>PS256</c>).</summary>
    RsaPssSha256,
}

/// <summary>Whether a private key may leave the object that holds it.</summary>
public enum KeyExportPolicy
{
    /// <summary>The private key can be used but never exported (the default).</summary>
    None,
    /// <summary>The private key may be exported as PKCS#8 or JWK, e.g. to escrow it.</summary>
    AllowExport,
}
