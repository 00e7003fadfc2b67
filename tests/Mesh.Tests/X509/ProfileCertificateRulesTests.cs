using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using Mesh.Cryptography;
using Mesh.Profiles;
using Mesh.X509;

namespace Mesh.Tests.X509;

/// <summary>
/// docs/protocol.md section 4, read from the DER of the certificates a profile carries: which extensions are
/// critical, how the serial is encoded and exactly how the validity is computed.
/// </summary>
public sealed class ProfileCertificateRulesTests
{
    // A creation time with a fraction of a second, so that the truncation shows.
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 20, 30, 750, TimeSpan.Zero);

    public static TheoryData<string> Kinds => ["ca", "signature", "authentication", "encryption", "escrow"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Extensions_serial_and_validity_are_exactly_as_documented(string kind)
    {
        using var root = KeyPair.Generate(KeyAlgorithm.Ed25519);
        using var subject = KeyPair.Generate(kind is "encryption" or "escrow" ? KeyAlgorithm.X25519 : KeyAlgorithm.Ed25519);
        var ca = CertifiedKeys.SelfSigned(root, Now);
        var key = kind switch
        {
            "ca" => ca,
            "signature" => CertifiedKeys.Issued(root, ca, subject.PublicKey, CertificateUse.Signature, Now),
            "authentication" => CertifiedKeys.Issued(root, ca, subject.PublicKey, CertificateUse.Authentication, Now),
            "encryption" => CertifiedKeys.Issued(root, ca, subject.PublicKey, CertificateUse.Encryption, Now),
            _ => CertifiedKeys.Issued(root, ca, subject.PublicKey, CertificateUse.Escrow, Now),
        };
        using var certificate = X509CertificateLoader.LoadCertificate(key.X509Certificate!);

        var critical = certificate.Extensions.Cast<X509Extension>().ToDictionary(e => e.Oid!.Value!, e => e.Critical);
        Assert.True(critical["2.5.29.19"]); // basicConstraints
        Assert.True(critical["2.5.29.15"]); // keyUsage
        Assert.False(critical["2.5.29.14"]); // subjectKeyIdentifier
        Assert.False(critical["2.5.29.35"]); // authorityKeyIdentifier
        Assert.Equal(kind == "authentication", critical.ContainsKey("2.5.29.37"));
        if (critical.TryGetValue("2.5.29.37", out var eku)) Assert.False(eku);
        Assert.Equal(kind == "authentication" ? 5 : 4, critical.Count);

        // The serial: a positive DER INTEGER in minimal form, at most 17 content octets.
        var serial = certificate.SerialNumberBytes.ToArray(); // big-endian, as encoded
        Assert.InRange(serial.Length, 1, 17);
        Assert.True(serial[0] < 0x80, "positive");
        if (serial.Length > 1) Assert.False(serial[0] == 0 && serial[1] < 0x80, "minimal");

        // Validity: now − 1 hour and now + 10,957.5 days, each truncated to the second.
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 9, 20, 30, TimeSpan.Zero), new DateTimeOffset(certificate.NotBefore.ToUniversalTime()));
        Assert.Equal(new DateTimeOffset(2056, 12, 2, 22, 20, 30, TimeSpan.Zero), new DateTimeOffset(certificate.NotAfter.ToUniversalTime()));
        // RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050.
        var tbs = new AsnReader(key.X509Certificate, AsnEncodingRules.DER).ReadSequence().ReadSequence();
        tbs.ReadEncodedValue(); // [0] version
        tbs.ReadEncodedValue(); // serialNumber
        tbs.ReadEncodedValue(); // signature
        tbs.ReadEncodedValue(); // issuer
        var validity = tbs.ReadSequence();
        Assert.Equal(UniversalTagNumber.UtcTime, (UniversalTagNumber)validity.PeekTag().TagValue);
        validity.ReadEncodedValue();
        Assert.Equal(UniversalTagNumber.GeneralizedTime, (UniversalTagNumber)validity.PeekTag().TagValue);
    }
}
