// Decoding an untrusted certificate: RFC 5280 sections 4.1 (Certificate, TBSCertificate) and
// 4.2.1.1, 4.2.1.2, 4.2.1.3, 4.2.1.6, 4.2.1.9, 4.2.1.12 (the extensions the Mesh reads).
using System.Security.Cryptography.X509Certificates;
using Mesh.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;

namespace Mesh.X509;

/// <summary>
/// A certificate decoded from DER: the exact signed bytes, the public fields, and what path
/// validation needs besides (encoded names, key identifiers, criticality).
/// </summary>
internal sealed class ParsedCertificate
{
    // The extensions whose meaning VerifyChain applies; any other critical extension makes the
    // certificate unusable (RFC 5280 section 4.2: "MUST reject ... unrecognized critical extension").
    private static readonly HashSet<string> Understood =
    [
        X509Extensions.BasicConstraints.Id, X509Extensions.KeyUsage.Id, X509Extensions.ExtendedKeyUsage.Id,
        X509Extensions.SubjectAlternativeName.Id, X509Extensions.SubjectKeyIdentifier.Id, X509Extensions.AuthorityKeyIdentifier.Id,
    ];

    private ParsedCertificate(SignedEnvelope envelope, X509CertificateStructure structure, CertificateInfo info)
    {
        Envelope = envelope;
        Info = info;
        var extensions = structure.TbsCertificate.Extensions;
        SubjectName = structure.Subject.GetEncoded(Asn1Encodable.Der);
        IssuerName = structure.Issuer.GetEncoded(Asn1Encodable.Der);
        SubjectKeyId = extensions is null ? null : SubjectKeyIdentifier.FromExtensions(extensions)?.GetKeyIdentifier();
        AuthorityKeyId = extensions is null ? null : AuthorityKeyIdentifier.FromExtensions(extensions)?.KeyIdentifier?.GetOctets();
        InnerAlgorithm = structure.TbsCertificate.Signature.GetEncoded(Asn1Encodable.Der);
        Version = structure.Version;
        BasicConstraintsCritical = extensions?.GetExtension(X509Extensions.BasicConstraints)?.IsCritical ?? false;
        UnknownCriticalExtensions = extensions is null ? [] :
            [.. extensions.GetCriticalExtensionOids().Select(oid => oid.Id).Where(oid => !Understood.Contains(oid))];
    }

    /// <summary>The exact signed bytes, algorithm and signature.</summary>
    internal SignedEnvelope Envelope { get; }

    /// <summary>The public fields.</summary>
    internal CertificateInfo Info { get; }

    /// <summary>The DER subject Name, compared byte for byte when chaining.</summary>
    internal byte[] SubjectName { get; }

    /// <summary>The DER issuer Name.</summary>
    internal byte[] IssuerName { get; }

    /// <summary>The subjectKeyIdentifier, or null.</summary>
    internal byte[]? SubjectKeyId { get; }

    /// <summary>The keyIdentifier of authorityKeyIdentifier, or null.</summary>
    internal byte[]? AuthorityKeyId { get; }

    /// <summary>The DER signature AlgorithmIdentifier inside tbsCertificate.</summary>
    internal byte[] InnerAlgorithm { get; }

    /// <summary>The X.509 version: 1, 2 or 3.</summary>
    internal int Version { get; }

    /// <summary>Whether basicConstraints is present and critical.</summary>
    internal bool BasicConstraintsCritical { get; }

    /// <summary>Critical extensions this implementation does not apply.</summary>
    internal IReadOnlyList<string> UnknownCriticalExtensions { get; }

    /// <summary>Decodes a DER certificate; throws <see cref="MeshException"/> when it is malformed, not DER, or has an unsupported key type.</summary>
    internal static ParsedCertificate Parse(ReadOnlyMemory<byte> der)
    {
        const string What = "certificate";
        var envelope = SignedEnvelope.Parse(der, What);
        var structure = SignedEnvelope.Decode(der, X509CertificateStructure.GetInstance, What);
        return SignedEnvelope.Guard(() => new ParsedCertificate(envelope, structure, ReadInfo(structure)), What);
    }

    private static CertificateInfo ReadInfo(X509CertificateStructure structure)
    {
        var extensions = structure.TbsCertificate.Extensions;
        var basic = extensions is null ? null : BasicConstraints.FromExtensions(extensions);
        var usage = extensions is null ? null : KeyUsage.FromExtensions(extensions);
        var purposes = extensions is null ? null : ExtendedKeyUsage.FromExtensions(extensions);
        var altNames = extensions is null ? null : GeneralNames.FromExtensions(extensions, X509Extensions.SubjectAlternativeName);
        var commonNames = structure.Subject.GetValueList(X509Name.CN);
        var pathLength = basic?.PathLenConstraint;
        return new CertificateInfo(
            Subject: structure.Subject.ToString(),
            Issuer: structure.Issuer.ToString(),
            CommonName: commonNames.Count == 1 ? commonNames[0] : null,
            SerialNumber: Convert.ToHexString(structure.SerialNumber.Value.ToByteArrayUnsigned()),
            NotBefore: Utc(structure.StartDate),
            NotAfter: Utc(structure.EndDate),
            SubjectKey: PublicKeyInfo.FromSubjectPublicKeyInfo(structure.SubjectPublicKeyInfo.GetEncoded(Asn1Encodable.Der)),
            IsCa: basic?.IsCA() ?? false,
            PathLengthConstraint: pathLength is null ? null : pathLength.BitLength < 31 ? pathLength.IntValue : int.MaxValue,
            // BouncyCastle's bit order (first byte low, decipherOnly at 0x8000) is the one of X509KeyUsageFlags.
            KeyUsage: usage is null ? X509KeyUsageFlags.None : (X509KeyUsageFlags)(usage.IntValue & 0x80FF),
            ExtendedKeyUsages: purposes is null ? [] : [.. purposes.GetAllUsages().Select(oid => oid.Id)],
            EmailAddresses: altNames is null ? [] :
                [.. altNames.GetNames().Where(n => n.TagNo == GeneralName.Rfc822Name).Select(n => DerIA5String.GetInstance(n.Name).GetString())]);
    }

    private static DateTimeOffset Utc(Time time) =>
        new(DateTime.SpecifyKind(time.ToDateTime().ToUniversalTime(), DateTimeKind.Utc));
}
