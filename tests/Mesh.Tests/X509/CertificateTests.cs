using System.Security.Cryptography.X509Certificates;
using Mesh.Cryptography;
using Mesh.X509;
using static Mesh.Tests.X509.TestPki;

namespace Mesh.Tests.X509;

public class CertificateTests
{
    public static TheoryData<KeyAlgorithm, KeyAlgorithm> IssuersAndSubjects()
    {
        var data = new TheoryData<KeyAlgorithm, KeyAlgorithm>();
        foreach (var issuer in new[] { KeyAlgorithm.Ed25519, KeyAlgorithm.P256, KeyAlgorithm.Rsa })
            foreach (var subject in Enum.GetValues<KeyAlgorithm>())
                data.Add(issuer, subject);
        return data;
    }

    [Theory]
    [MemberData(nameof(IssuersAndSubjects))]
    public void Ca_and_leaf_read_back_and_verify(KeyAlgorithm issuerAlgorithm, KeyAlgorithm subjectAlgorithm)
    {
        using var issuer = NewKey(issuerAlgorithm);
        using var subject = NewKey(subjectAlgorithm);
        var ca = Ca(issuer);
        var leaf = Leaf(issuer, ca, subject.PublicKey, UseFor(subjectAlgorithm));

        var caInfo = PersonalCertificates.Read(ca);
        Assert.Equal("CN=Test CA", caInfo.Subject);
        Assert.Equal(caInfo.Subject, caInfo.Issuer);
        Assert.True(caInfo.IsCa);
        Assert.Equal(0, caInfo.PathLengthConstraint);
        Assert.Equal(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, caInfo.KeyUsage);
        Assert.Equal(issuer.PublicKey, caInfo.SubjectKey);

        var info = PersonalCertificates.Read(leaf);
        Assert.Equal("Test leaf", info.CommonName);
        Assert.Equal("CN=Test CA", info.Issuer);
        Assert.Equal(subject.PublicKey, info.SubjectKey);
        Assert.False(info.IsCa);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(NotBefore.ToUnixTimeSeconds()), info.NotBefore);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(NotAfter.ToUnixTimeSeconds()), info.NotAfter);
        Assert.Empty(info.EmailAddresses);

        Assert.True(PersonalCertificates.VerifyIssuedBy(ca, issuer.PublicKey));
        Assert.True(PersonalCertificates.VerifyIssuedBy(leaf, issuer.PublicKey));
        Assert.Equal(subject.PublicKey, PersonalCertificates.VerifyChain(leaf, ca, Now).SubjectKey);
    }

    [Theory]
    [MemberData(nameof(IssuersAndSubjects))]
    public void Tampered_certificate_or_wrong_issuer_does_not_verify(KeyAlgorithm issuerAlgorithm, KeyAlgorithm subjectAlgorithm)
    {
        using var issuer = NewKey(issuerAlgorithm);
        using var other = NewKey(issuerAlgorithm);
        using var subject = NewKey(subjectAlgorithm);
        var ca = Ca(issuer);
        var leaf = Leaf(issuer, ca, subject.PublicKey, UseFor(subjectAlgorithm));

        var renamed = ReplaceText(leaf, "Test leaf");
        Assert.Equal("Test leag", PersonalCertificates.Read(renamed).CommonName);
        Assert.False(PersonalCertificates.VerifyIssuedBy(renamed, issuer.PublicKey));
        Assert.False(PersonalCertificates.VerifyIssuedBy(FlipLastByte(leaf), issuer.PublicKey));
        Assert.False(PersonalCertificates.VerifyIssuedBy(leaf, other.PublicKey));
        Assert.False(PersonalCertificates.VerifyIssuedBy(leaf, subject.PublicKey));
        Assert.Throws<MeshException>(() => PersonalCertificates.VerifyChain(renamed, ca, Now));
        Assert.Throws<MeshException>(() => PersonalCertificates.VerifyChain(leaf, Ca(other), Now));
    }

    [Theory]
    [InlineData(KeyAlgorithm.Ed25519, CertificateUse.Signature, X509KeyUsageFlags.DigitalSignature, null)]
    [InlineData(KeyAlgorithm.P256, CertificateUse.Authentication, X509KeyUsageFlags.DigitalSignature, CertificateInfo.ClientAuthentication)]
    [InlineData(KeyAlgorithm.X25519, CertificateUse.Encryption, X509KeyUsageFlags.KeyAgreement, null)]
    [InlineData(KeyAlgorithm.P256, CertificateUse.Encryption, X509KeyUsageFlags.KeyAgreement, null)]
    [InlineData(KeyAlgorithm.Rsa, CertificateUse.Encryption, X509KeyUsageFlags.KeyEncipherment, null)]
    [InlineData(KeyAlgorithm.X25519, CertificateUse.Escrow, X509KeyUsageFlags.KeyAgreement, null)]
    [InlineData(KeyAlgorithm.Rsa, CertificateUse.Escrow, X509KeyUsageFlags.KeyEncipherment, null)]
    public void Use_sets_key_usage_and_extended_key_usage(KeyAlgorithm algorithm, CertificateUse use, X509KeyUsageFlags usage, string? purpose)
    {
        using var issuer = NewKey(KeyAlgorithm.Ed25519);
        using var subject = NewKey(algorithm);
        var info = PersonalCertificates.Read(Leaf(issuer, Ca(issuer), subject.PublicKey, use));
        Assert.Equal(usage, info.KeyUsage);
        Assert.Equal(purpose is null ? [] : [purpose], info.ExtendedKeyUsages);
    }

    [Theory]
    [InlineData(KeyAlgorithm.Ed25519, X509KeyUsageFlags.DigitalSignature)]
    [InlineData(KeyAlgorithm.X25519, X509KeyUsageFlags.KeyAgreement)]
    [InlineData(KeyAlgorithm.P256, X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement)]
    [InlineData(KeyAlgorithm.Rsa, X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment)]
    public void Smime_certificate_has_email_protection_and_the_address(KeyAlgorithm algorithm, X509KeyUsageFlags usage)
    {
        using var issuer = NewKey(KeyAlgorithm.P256);
        using var subject = NewKey(algorithm);
        var ca = Ca(issuer);
        var leaf = Leaf(issuer, ca, subject.PublicKey, CertificateUse.EmailProtection, emails: ["alice@example.com", "a@b.example"]);
        var info = PersonalCertificates.VerifyChain(leaf, ca, Now);
        Assert.Equal([CertificateInfo.EmailProtection], info.ExtendedKeyUsages);
        Assert.Equal(["alice@example.com", "a@b.example"], info.EmailAddresses);
        Assert.Equal(usage, info.KeyUsage);
    }
}
