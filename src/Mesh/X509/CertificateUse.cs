// What an end-entity certificate of the personal PKI (NOTES.md section 4) is for, as keyUsage and
// extKeyUsage say it: RFC 5280 sections 4.2.1.3 and 4.2.1.12, RFC 8550 section 4.4 for S/MIME.
namespace Mesh.X509;

/// <summary>
/// The purpose of a key certified by <see cref="PersonalCertificates.Issue"/>. Each one sets
/// keyUsage (critical) from the purpose and the key type, and extKeyUsage where a relying party
/// looks for it.
/// </summary>
/// <remarks>
/// There is no intermediate-CA purpose. Online signature keys sign profiles and other Mesh
/// objects, never certificates, so they are certified with <see cref="Signature"/>; the only
/// keys that sign certificates are the master signing key and a device's signature key, and
/// each is presented as its own self-signed CA (<see cref="PersonalCertificates.CreateSelfSignedCa"/>)
/// with pathLenConstraint 0. A leak of an online key therefore cannot mint certificates.
/// </remarks>
public enum CertificateUse
{
    /// <summary>Signing Mesh objects (online signature keys): digitalSignature. Ed25519, P-256 or RSA.</summary>
    Signature,

    /// <summary>A device's authentication key, which signs requests: digitalSignature, extKeyUsage clientAuth. Ed25519, P-256 or RSA.</summary>
    Authentication,

    /// <summary>A device's encryption key: keyAgreement for X25519 and P-256, keyEncipherment for RSA.</summary>
    Encryption,

    /// <summary>An escrow key, which encrypts key shares: keyUsage as <see cref="Encryption"/>, certified by the master signing key.</summary>
    Escrow,

    /// <summary>
    /// S/MIME (RFC 8550): digitalSignature for keys that sign, keyEncipherment (RSA) or keyAgreement
    /// (X25519, P-256) for keys that can receive, extKeyUsage emailProtection, and at least one
    /// email address as an rfc822Name in subjectAltName.
    /// </summary>
    EmailProtection,
}
