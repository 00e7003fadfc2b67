// The personal PKI of NOTES.md section 4: certificates per RFC 5280 sections 4.1 (serial number,
// validity, names) and 4.2.1.1, 4.2.1.2, 4.2.1.3, 4.2.1.6, 4.2.1.9, 4.2.1.12 (the extensions),
// key identifiers per RFC 7093 section 2, X25519 and Ed25519 keys per RFC 8410.
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mesh.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Mesh.X509;

/// <summary>
/// Creates and checks the certificates of a personal PKI: a self-signed CA for the master
/// signing key (and for each device's signature key), and end-entity certificates it issues.
/// Keys sign through <see cref="KeyPair.Sign"/>; no private key is handed to BouncyCastle.
/// Misuse (a key that cannot play its part, a bad name or period) throws <see cref="ArgumentException"/>;
/// untrusted input that is malformed or does not verify throws <see cref="MeshException"/> with the reason.
/// </summary>
public static partial class PersonalCertificates
{
    // RFC 5280 Appendix A: ub-common-name.
    private const int MaxCommonNameLength = 64;

    /// <summary>
    /// A self-signed X.509v3 CA certificate (DER) for <paramref name="key"/> with subject CN=<paramref name="subjectName"/>:
    /// basicConstraints CA:TRUE, pathLenConstraint 0 (critical), keyUsage keyCertSign and cRLSign (critical),
    /// subject and authority key identifiers. The key must be able to sign (Ed25519, P-256 or RSA).
    /// Times are truncated to whole seconds.
    /// </summary>
    public static byte[] CreateSelfSignedCa(KeyPair key, string subjectName, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        ArgumentNullException.ThrowIfNull(key);
        var scheme = SignatureAlgorithms.DefaultScheme(key.Algorithm)
            ?? throw new ArgumentException($"A {key.Algorithm} key cannot sign, so it cannot be a CA.", nameof(key));
        return SelfSignedCa(key, subjectName, notBefore, notAfter, scheme);
    }

    /// <summary>As <see cref="CreateSelfSignedCa"/>, with an explicit scheme (RSASSA-PSS for an RSA key).</summary>
    internal static byte[] SelfSignedCa(KeyPair key, string subjectName, DateTimeOffset notBefore, DateTimeOffset notAfter, SignatureScheme scheme)
    {
        var factory = new KeySignatureFactory(key, scheme);
        var name = CommonName(subjectName);
        var spki = SubjectPublicKeyInfo.GetInstance(key.PublicKey.ExportSubjectPublicKeyInfo());
        var keyId = KeyIdentifier(spki);
        var generator = Start(name, name, spki, notBefore, notAfter);
        // pathLenConstraint 0: the keys this CA certifies are end entities (see CertificateUse).
        generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(0));
        generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.KeyCertSign | KeyUsage.CrlSign));
        generator.AddExtension(X509Extensions.SubjectKeyIdentifier, false, new SubjectKeyIdentifier(keyId));
        // Optional for a self-signed certificate (RFC 5280 section 4.2.1.1), but it lets a
        // verifier match it like any other issuer.
        generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false, new AuthorityKeyIdentifier(keyId));
        return generator.Generate(factory).GetEncoded();
    }

    /// <summary>
    /// An end-entity certificate (DER) for <paramref name="subjectKey"/> with subject CN=<paramref name="subjectName"/>,
    /// issued by <paramref name="issuerKey"/> whose CA certificate is <paramref name="issuerCertificateDer"/>.
    /// basicConstraints CA:FALSE and keyUsage (both critical) and extKeyUsage follow <paramref name="use"/>;
    /// <paramref name="emailAddresses"/> become rfc822Name entries of subjectAltName (at least one is required
    /// for <see cref="CertificateUse.EmailProtection"/>). Throws <see cref="ArgumentException"/> when the issuer
    /// certificate is not a CA certificate of the issuer key, the subject key cannot serve the use, or a name,
    /// address or period is invalid.
    /// </summary>
    public static byte[] Issue(KeyPair issuerKey, byte[] issuerCertificateDer, PublicKeyInfo subjectKey, string subjectName,
        CertificateUse use, DateTimeOffset notBefore, DateTimeOffset notAfter, IReadOnlyList<string>? emailAddresses = null)
    {
        ArgumentNullException.ThrowIfNull(issuerKey);
        ArgumentNullException.ThrowIfNull(issuerCertificateDer);
        ArgumentNullException.ThrowIfNull(subjectKey);
        var issuer = CheckIssuer(issuerKey, issuerCertificateDer);
        var factory = new KeySignatureFactory(issuerKey, SignatureAlgorithms.DefaultScheme(issuerKey.Algorithm)
            ?? throw new ArgumentException($"A {issuerKey.Algorithm} key cannot sign certificates.", nameof(issuerKey)));
        var (keyUsage, purpose) = UsageFor(use, subjectKey.Algorithm);
        var addresses = CheckAddresses(use, emailAddresses ?? []);
        var spki = SubjectPublicKeyInfo.GetInstance(subjectKey.ExportSubjectPublicKeyInfo());

        // The issuer name is copied from the issuer's certificate as decoded, so it matches byte for byte.
        var generator = Start(X509Name.GetInstance(Asn1Object.FromByteArray(issuer.SubjectName)), CommonName(subjectName), spki, notBefore, notAfter);
        generator.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(false));
        generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(keyUsage));
        if (purpose is not null)
            generator.AddExtension(X509Extensions.ExtendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        if (addresses.Length > 0)
            generator.AddExtension(X509Extensions.SubjectAlternativeName, false,
                new GeneralNames([.. addresses.Select(a => new GeneralName(GeneralName.Rfc822Name, a))]));
        generator.AddExtension(X509Extensions.SubjectKeyIdentifier, false, new SubjectKeyIdentifier(KeyIdentifier(spki)));
        generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false,
            new AuthorityKeyIdentifier(issuer.SubjectKeyId ?? KeyIdentifier(SubjectPublicKeyInfo.GetInstance(issuerKey.PublicKey.ExportSubjectPublicKeyInfo()))));
        return generator.Generate(factory).GetEncoded();
    }

    private static ParsedCertificate CheckIssuer(KeyPair issuerKey, byte[] issuerCertificateDer)
    {
        ParsedCertificate issuer;
        try
        {
            issuer = ParsedCertificate.Parse(issuerCertificateDer);
        }
        catch (MeshException e)
        {
            throw new ArgumentException($"The issuer certificate cannot be read: {e.Message}", nameof(issuerCertificateDer), e);
        }
        if (!issuer.Info.SubjectKey.Equals(issuerKey.PublicKey))
            throw new ArgumentException("The issuer certificate is not for the issuer key.", nameof(issuerCertificateDer));
        if (!issuer.Info.IsCa || !issuer.Info.KeyUsage.HasFlag(X509KeyUsageFlags.KeyCertSign))
            throw new ArgumentException("The issuer certificate is not a CA certificate with keyCertSign.", nameof(issuerCertificateDer));
        return issuer;
    }

    private static (int KeyUsage, KeyPurposeID? Purpose) UsageFor(CertificateUse use, KeyAlgorithm algorithm)
    {
        var signs = algorithm is KeyAlgorithm.Ed25519 or KeyAlgorithm.P256 or KeyAlgorithm.Rsa;
        // RSA receives by key transport, X25519 and P-256 by key agreement (RFC 8550 section 4.4.2).
        var receives = algorithm switch
        {
            KeyAlgorithm.Rsa => KeyUsage.KeyEncipherment,
            KeyAlgorithm.X25519 or KeyAlgorithm.P256 => KeyUsage.KeyAgreement,
            _ => 0,
        };
        return use switch
        {
            CertificateUse.Signature when signs => (KeyUsage.DigitalSignature, null),
            CertificateUse.Authentication when signs => (KeyUsage.DigitalSignature, KeyPurposeID.id_kp_clientAuth),
            CertificateUse.Encryption or CertificateUse.Escrow when receives != 0 => (receives, null),
            CertificateUse.EmailProtection => ((signs ? KeyUsage.DigitalSignature : 0) | receives, KeyPurposeID.id_kp_emailProtection),
            CertificateUse.Signature or CertificateUse.Authentication or CertificateUse.Encryption or CertificateUse.Escrow =>
                throw new ArgumentException($"A {algorithm} key cannot be certified for {use}.", nameof(use)),
            _ => throw new ArgumentOutOfRangeException(nameof(use)),
        };
    }

    private static string[] CheckAddresses(CertificateUse use, IReadOnlyList<string> emailAddresses)
    {
        if (use == CertificateUse.EmailProtection && emailAddresses.Count == 0)
            throw new ArgumentException("An S/MIME certificate needs at least one email address.", nameof(emailAddresses));
        foreach (var address in emailAddresses)
            if (!IsAsciiMailbox(address))
                throw new ArgumentException($"'{address}' is not an ASCII email address (local@domain).", nameof(emailAddresses));
        return [.. emailAddresses];
    }

    // rfc822Name is an IA5String mailbox (RFC 5280 section 4.2.1.6); internationalized addresses
    // would need SmtpUTF8Mailbox (RFC 8398), which this does not write.
    private static bool IsAsciiMailbox(string? address)
    {
        if (address is null) return false;
        var at = address.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at == address.LastIndexOf('@') && at < address.Length - 1 && !address.Any(c => c is <= ' ' or > '~');
    }

    private static X509V3CertificateGenerator Start(X509Name issuer, X509Name subject, SubjectPublicKeyInfo spki, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        // RFC 5280 section 4.1.2.5: times are in whole seconds.
        var from = DateTimeOffset.FromUnixTimeSeconds(notBefore.ToUnixTimeSeconds()).UtcDateTime;
        var to = DateTimeOffset.FromUnixTimeSeconds(notAfter.ToUnixTimeSeconds()).UtcDateTime;
        if (from >= to) throw new ArgumentException("The validity period must end after it starts.", nameof(notAfter));
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(SerialNumber());
        generator.SetIssuerDN(issuer);
        generator.SetSubjectDN(subject);
        generator.SetNotBefore(from);
        generator.SetNotAfter(to);
        generator.SetSubjectPublicKeyInfo(spki);
        return generator;
    }

    // RFC 5280 section 4.1.2.2: positive, at most 20 octets. 128 random bits are unpredictable
    // and unique without any state; the DER integer takes 17 octets at most.
    private static BigInteger SerialNumber()
    {
        var serial = new BigInteger(1, RandomNumberGenerator.GetBytes(16));
        return serial.SignValue == 0 ? BigInteger.One : serial;
    }

    /// <summary>CN=<paramref name="subjectName"/> as one UTF8String attribute, built directly so no character of the name is parsed as syntax.</summary>
    internal static X509Name CommonName(string subjectName)
    {
        if (string.IsNullOrEmpty(subjectName) || subjectName.Length > MaxCommonNameLength)
            throw new ArgumentException($"A subject name has 1 to {MaxCommonNameLength} characters.", nameof(subjectName));
        var attribute = new DerSequence(X509Name.CN, new DerUtf8String(subjectName));
        return X509Name.GetInstance(new DerSequence(new DerSet(attribute)));
    }

    // RFC 7093 section 2, method 1: the leftmost 160 bits of the SHA-256 hash of the
    // subjectPublicKey BIT STRING's value.
    private static byte[] KeyIdentifier(SubjectPublicKeyInfo spki) =>
        SHA256.HashData(spki.PublicKey.GetOctets())[..20];
}
