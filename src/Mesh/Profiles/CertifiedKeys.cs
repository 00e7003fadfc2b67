using Mesh.Cryptography;
using Mesh.X509;

namespace Mesh.Profiles;

/// <summary>
/// The keys of a profile as the draft's <see cref="Schema.PublicKey"/>: a UDF and an X.509
/// certificate in the personal PKI (NOTES.md section 4). Reading one checks the certificate, its
/// issuer and that the UDF is the fingerprint of the certified key.
/// </summary>
public static class CertifiedKeys
{
    /// <summary>How long certificates of the personal PKI are made valid for.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(365.25 * 30);

    // Certificates start a little in the past so that a peer whose clock is behind accepts them.
    private static readonly TimeSpan ClockSkew = TimeSpan.FromHours(1);

    /// <summary>A self-signed CA certificate for a signature key (master or device), as a PublicKey.</summary>
    public static Schema.PublicKey SelfSigned(KeyPair key, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(key);
        var udf = key.PublicKey.Udf();
        var certificate = PersonalCertificates.CreateSelfSignedCa(key, udf, now - ClockSkew, now + Lifetime);
        return new Schema.PublicKey { UDF = udf, X509Certificate = certificate };
    }

    /// <summary>A certificate for <paramref name="subject"/> issued by <paramref name="issuer"/>, as a PublicKey.</summary>
    public static Schema.PublicKey Issued(KeyPair issuer, Schema.PublicKey issuerKey, PublicKeyInfo subject, CertificateUse use, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentNullException.ThrowIfNull(issuerKey);
        ArgumentNullException.ThrowIfNull(subject);
        var udf = subject.Udf();
        var certificate = PersonalCertificates.Issue(issuer, issuerKey.X509Certificate!, subject, udf, use, now - ClockSkew, now + Lifetime);
        return new Schema.PublicKey { UDF = udf, X509Certificate = certificate };
    }

    /// <summary>
    /// Reads a key that must carry a self-signed CA certificate; fails with CertificateInvalid or IdentifierMismatch.
    /// </summary>
    internal static PublicKeyInfo ReadSelfSigned(Schema.PublicKey? key, DateTimeOffset at, string what)
    {
        var (certificate, info) = Decode(key, what);
        if (!info.IsCa || !PersonalCertificates.VerifyIssuedBy(certificate, info.SubjectKey))
            throw new ProfileVerificationException(ProfileFailure.CertificateInvalid, $"The certificate of the {what} is not a self-signed CA certificate.");
        CheckValidity(info, at, what);
        return info.SubjectKey;
    }

    /// <summary>Reads a key whose certificate must be issued by <paramref name="issuer"/>.</summary>
    internal static PublicKeyInfo ReadIssued(Schema.PublicKey? key, PublicKeyInfo issuer, DateTimeOffset at, string what)
    {
        var (certificate, info) = Decode(key, what);
        if (!PersonalCertificates.VerifyIssuedBy(certificate, issuer))
            throw new ProfileVerificationException(ProfileFailure.CertificateInvalid, $"The certificate of the {what} is not issued by key {issuer.Udf()}.");
        CheckValidity(info, at, what);
        return info.SubjectKey;
    }

    private static (byte[] Certificate, CertificateInfo Info) Decode(Schema.PublicKey? key, string what)
    {
        if (key?.X509Certificate is not { } certificate)
            throw new ProfileVerificationException($"The {what} has no certificate.");
        CertificateInfo info;
        try
        {
            info = PersonalCertificates.Read(certificate);
        }
        catch (MeshException e)
        {
            throw new ProfileVerificationException(ProfileFailure.CertificateInvalid, $"The certificate of the {what} is malformed: {e.Message}", e);
        }
        if (key.UDF is null || !Udf.AreEqual(key.UDF, info.SubjectKey.Udf()))
            throw new ProfileVerificationException(ProfileFailure.IdentifierMismatch, $"The UDF given for the {what} is not the fingerprint of its key.");
        return (certificate, info);
    }

    private static void CheckValidity(CertificateInfo info, DateTimeOffset at, string what)
    {
        if (!info.IsValidAt(at))
            throw new ProfileVerificationException(ProfileFailure.CertificateInvalid, $"The certificate of the {what} is not valid at {at:u}.");
    }
}
