using Mesh.Cryptography;
using Mesh.X509;
using static Mesh.Tests.X509.TestPki;

namespace Mesh.Tests.X509;

/// <summary>Creating certificates the personal PKI does not allow is the caller's mistake: ArgumentException.</summary>
public class MisuseTests
{
    [Fact]
    public void X25519_key_cannot_be_a_ca_or_sign_a_request()
    {
        using var key = NewKey(KeyAlgorithm.X25519);
        Assert.Throws<ArgumentException>(() => Ca(key));
        Assert.Throws<ArgumentException>(() => PersonalCertificates.CreateRequest(key, "x"));
    }

    [Theory]
    [InlineData(KeyAlgorithm.X25519, CertificateUse.Signature)]
    [InlineData(KeyAlgorithm.X25519, CertificateUse.Authentication)]
    [InlineData(KeyAlgorithm.Ed25519, CertificateUse.Encryption)]
    [InlineData(KeyAlgorithm.Ed25519, CertificateUse.Escrow)]
    public void Key_type_must_fit_the_use(KeyAlgorithm algorithm, CertificateUse use)
    {
        using var issuer = NewKey(KeyAlgorithm.Ed25519);
        using var subject = NewKey(algorithm);
        Assert.Throws<ArgumentException>(() => Leaf(issuer, Ca(issuer), subject.PublicKey, use));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not an address")]
    [InlineData("@example.com")]
    [InlineData("alice@")]
    [InlineData("a@b@c")]
    [InlineData("jürgen@example.com")]
    public void Smime_needs_ascii_addresses(string address)
    {
        using var issuer = NewKey(KeyAlgorithm.Ed25519);
        using var subject = NewKey(KeyAlgorithm.Ed25519);
        var ca = Ca(issuer);
        Assert.Throws<ArgumentException>(() => Leaf(issuer, ca, subject.PublicKey, CertificateUse.EmailProtection, emails: [address]));
    }

    [Fact]
    public void Smime_needs_an_address()
    {
        using var issuer = NewKey(KeyAlgorithm.Ed25519);
        using var subject = NewKey(KeyAlgorithm.Ed25519);
        Assert.Throws<ArgumentException>(() => Leaf(issuer, Ca(issuer), subject.PublicKey, CertificateUse.EmailProtection));
    }

    [Fact]
    public void Issuer_certificate_must_be_a_ca_for_the_issuer_key()
    {
        using var issuer = NewKey(KeyAlgorithm.Ed25519);
        using var other = NewKey(KeyAlgorithm.Ed25519);
        var ca = Ca(issuer);
        Assert.Throws<ArgumentException>(() => Leaf(other, ca, other.PublicKey, CertificateUse.Signature));
        var leaf = Leaf(issuer, ca, other.PublicKey, CertificateUse.Signature);
        Assert.Throws<ArgumentException>(() => Leaf(other, leaf, issuer.PublicKey, CertificateUse.Signature));
        Assert.Throws<ArgumentException>(() => Leaf(issuer, [0x30, 0x00], other.PublicKey, CertificateUse.Signature));
    }

    [Theory]
    [InlineData("")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123456789")]
    public void Name_must_have_1_to_64_characters(string name)
    {
        using var key = NewKey(KeyAlgorithm.Ed25519);
        Assert.Throws<ArgumentException>(() => Ca(key, name));
    }

    [Fact]
    public void Name_is_not_parsed_as_a_distinguished_name()
    {
        using var key = NewKey(KeyAlgorithm.Ed25519);
        const string Name = "#41, O=Evil+CN=x \"quoted\"";
        Assert.Equal(Name, PersonalCertificates.Read(Ca(key, Name)).CommonName);
    }

    [Fact]
    public void Period_must_end_after_it_starts()
    {
        using var key = NewKey(KeyAlgorithm.Ed25519);
        Assert.Throws<ArgumentException>(() => PersonalCertificates.CreateSelfSignedCa(key, "x", Now, Now.AddDays(-1)));
        // Certificates hold whole seconds, so a period within one second is empty.
        var second = DateTimeOffset.FromUnixTimeSeconds(Now.ToUnixTimeSeconds());
        Assert.Throws<ArgumentException>(() => PersonalCertificates.CreateSelfSignedCa(key, "x", second.AddMilliseconds(100), second.AddMilliseconds(900)));
    }

    [Fact]
    public void Serial_numbers_are_random_and_positive()
    {
        using var key = NewKey(KeyAlgorithm.Ed25519);
        var serials = Enumerable.Range(0, 8).Select(_ => PersonalCertificates.Read(Ca(key)).SerialNumber).ToList();
        Assert.Equal(serials.Count, serials.Distinct().Count());
        Assert.All(serials, s => Assert.InRange(s.Length, 2, 32));
    }
}
