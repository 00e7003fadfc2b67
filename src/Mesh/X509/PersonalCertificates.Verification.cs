// Checking certificates of the personal PKI: a two-certificate path per RFC 5280 section 6.1
// (6.1.3 basic certificate processing, 6.1.4 preparation of the issuer: basicConstraints and
// keyCertSign), with the signature checked per section 4.1.1.2 and 4.1.1.3 over the exact
// tbsCertificate bytes.
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography.X509Certificates;
using Mesh.Cryptography;

namespace Mesh.X509;

public static partial class PersonalCertificates
{
    /// <summary>
    /// Decodes a DER certificate without verifying it. Throws <see cref="MeshException"/> when it is
    /// malformed or not DER, or its subject key is of a type the Mesh does not support.
    /// </summary>
    public static CertificateInfo Read(byte[] der)
    {
        ArgumentNullException.ThrowIfNull(der);
        return ParsedCertificate.Parse(der).Info;
    }

    /// <summary>
    /// Whether <paramref name="issuerKey"/> signed the certificate: the signature over the exact
    /// tbsCertificate bytes verifies, with an accepted algorithm that is the same inside and outside
    /// the signed part. False for anything else, including input that <see cref="Read"/> would refuse;
    /// names and validity are not checked (see <see cref="VerifyChain"/>).
    /// </summary>
    public static bool VerifyIssuedBy(byte[] certificateDer, PublicKeyInfo issuerKey)
    {
        ArgumentNullException.ThrowIfNull(certificateDer);
        ArgumentNullException.ThrowIfNull(issuerKey);
        try
        {
            return IssuedBy(ParsedCertificate.Parse(certificateDer), issuerKey);
        }
        catch (MeshException)
        {
            return false;
        }
    }

    /// <summary>
    /// Verifies a leaf certificate against a self-signed CA certificate at an instant and returns
    /// what the leaf says. The CA must be self-signed (issuer = subject, its own key verifies it),
    /// basicConstraints CA:TRUE (critical) with keyUsage keyCertSign; the leaf's issuer name must be
    /// the CA's subject and the CA's key must verify it; both must be valid at <paramref name="at"/>
    /// and carry no critical extension this code does not apply. Names are compared as DER bytes.
    /// Throws <see cref="MeshException"/> with the first reason the chain fails.
    /// </summary>
    public static CertificateInfo VerifyChain(byte[] leafDer, byte[] caDer, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(leafDer);
        ArgumentNullException.ThrowIfNull(caDer);
        var ca = ParseForChain(caDer, "CA");
        var leaf = ParseForChain(leafDer, "leaf");

        if (ca.Version != 3 || !ca.Info.IsCa)
            Fail("The CA certificate does not have basicConstraints CA:TRUE.");
        if (!ca.BasicConstraintsCritical)
            Fail("The CA certificate's basicConstraints is not critical.");
        if (!ca.Info.KeyUsage.HasFlag(X509KeyUsageFlags.KeyCertSign))
            Fail("The CA certificate's keyUsage does not allow keyCertSign.");
        if (!ca.IssuerName.AsSpan().SequenceEqual(ca.SubjectName))
            Fail($"The CA certificate is not self-issued: issuer {ca.Info.Issuer}, subject {ca.Info.Subject}.");
        if (!IssuedBy(ca, ca.Info.SubjectKey))
            Fail("The CA certificate's self-signature does not verify.");
        CheckPeriod(ca, "CA", at);

        if (!leaf.IssuerName.AsSpan().SequenceEqual(ca.SubjectName))
            Fail($"The leaf certificate's issuer {leaf.Info.Issuer} is not the CA {ca.Info.Subject}.");
        if (leaf.AuthorityKeyId is { } aki && ca.SubjectKeyId is { } ski && !aki.AsSpan().SequenceEqual(ski))
            Fail("The leaf certificate's authority key identifier is not the CA's subject key identifier.");
        if (!IssuedBy(leaf, ca.Info.SubjectKey))
            Fail("The leaf certificate's signature does not verify with the CA's key.");
        CheckPeriod(leaf, "leaf", at);
        return leaf.Info;
    }

    private static ParsedCertificate ParseForChain(byte[] der, string role)
    {
        ParsedCertificate certificate;
        try
        {
            certificate = ParsedCertificate.Parse(der);
        }
        catch (MeshException e)
        {
            throw new MeshException(e.Status, $"The {role} certificate cannot be read: {e.Message}", e);
        }
        if (certificate.UnknownCriticalExtensions.Count > 0)
            Fail($"The {role} certificate has critical extensions this implementation does not apply: {string.Join(", ", certificate.UnknownCriticalExtensions)}.");
        return certificate;
    }

    private static void CheckPeriod(ParsedCertificate certificate, string role, DateTimeOffset at)
    {
        if (!certificate.Info.IsValidAt(at))
            Fail($"The {role} certificate is valid from {certificate.Info.NotBefore:u} to {certificate.Info.NotAfter:u}, not at {at.ToUniversalTime():u}.");
    }

    // RFC 5280 section 4.1.1.2: signatureAlgorithm MUST equal the signature field of tbsCertificate.
    private static bool IssuedBy(ParsedCertificate certificate, PublicKeyInfo issuerKey)
    {
        var envelope = certificate.Envelope;
        return envelope.Algorithm.Span.SequenceEqual(certificate.InnerAlgorithm)
            && SignatureAlgorithms.Verify(issuerKey, envelope.Algorithm.Span, envelope.ToBeSigned.Span, envelope.Signature.Span);
    }

    [DoesNotReturn]
    private static void Fail(string reason) => throw new MeshException(reason);
}
