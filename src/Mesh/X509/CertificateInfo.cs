// The fields of a certificate that the Mesh reads: RFC 5280 sections 4.1.2 (tbsCertificate) and
// 4.2.1.3, 4.2.1.6, 4.2.1.9, 4.2.1.12 (keyUsage, subjectAltName, basicConstraints, extKeyUsage).
using System.Security.Cryptography.X509Certificates;
using Mesh.Cryptography;

namespace Mesh.X509;

/// <summary>
/// What a certificate says, as read by <see cref="PersonalCertificates.Read"/>. Reading is not
/// trusting: only a certificate returned by <see cref="PersonalCertificates.VerifyChain"/> has
/// been checked.
/// </summary>
/// <param name="Subject">The subject distinguished name as text, e.g. <c>CN=MB2G-...</c>.</param>
/// <param name="Issuer">The issuer distinguished name as text.</param>
/// <param name="CommonName">The subject's common name when the subject has exactly one (the Mesh puts the key's UDF there), else null.</param>
/// <param name="SerialNumber">The serial number as upper-case hex of its unsigned big-endian value.</param>
/// <param name="NotBefore">The start of the validity period (inclusive).</param>
/// <param name="NotAfter">The end of the validity period (inclusive).</param>
/// <param name="SubjectKey">The certified public key.</param>
/// <param name="IsCa">Whether basicConstraints says cA TRUE.</param>
/// <param name="PathLengthConstraint">The basicConstraints pathLenConstraint, or null when absent.</param>
/// <param name="KeyUsage">The keyUsage bits; <see cref="X509KeyUsageFlags.None"/> when the extension is absent.</param>
/// <param name="ExtendedKeyUsages">The extKeyUsage purposes as dotted OIDs (e.g. 1.3.6.1.5.5.7.3.4 for emailProtection); empty when absent.</param>
/// <param name="EmailAddresses">The rfc822Name entries of subjectAltName; empty when absent.</param>
public sealed record CertificateInfo(
    string Subject,
    string Issuer,
    string? CommonName,
    string SerialNumber,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    PublicKeyInfo SubjectKey,
    bool IsCa,
    int? PathLengthConstraint,
    X509KeyUsageFlags KeyUsage,
    IReadOnlyList<string> ExtendedKeyUsages,
    IReadOnlyList<string> EmailAddresses)
{
    /// <summary>The extKeyUsage OID of TLS client authentication (RFC 5280 section 4.2.1.12).</summary>
    public const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    /// <summary>The extKeyUsage OID of S/MIME email protection (RFC 5280 section 4.2.1.12).</summary>
    public const string EmailProtection = "1.3.6.1.5.5.7.3.4";

    /// <summary>Whether the certificate is valid at the instant (both ends of the period are inclusive).</summary>
    public bool IsValidAt(DateTimeOffset instant) => NotBefore <= instant && instant <= NotAfter;
}
