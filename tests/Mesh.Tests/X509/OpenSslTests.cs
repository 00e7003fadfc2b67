using Mesh.Cryptography;
using Mesh.X509;
using static Mesh.Tests.X509.TestPki;

namespace Mesh.Tests.X509;

/// <summary>OpenSSL 3 accepts the personal PKI's chains and requests with -x509_strict, and its certificates pass VerifyChain.</summary>
public class OpenSslTests
{
    [OpenSslFact]
    public void Ed25519_ca_with_x25519_encryption_leaf() =>
        AssertOpenSslAccepts(KeyAlgorithm.Ed25519, KeyAlgorithm.X25519, CertificateUse.Encryption, "Key Agreement");

    [OpenSslFact]
    public void Ed25519_ca_with_ed25519_authentication_leaf() =>
        AssertOpenSslAccepts(KeyAlgorithm.Ed25519, KeyAlgorithm.Ed25519, CertificateUse.Authentication, "TLS Web Client Authentication");

    [OpenSslFact]
    public void P256_ca_with_p256_smime_leaf() =>
        AssertOpenSslAccepts(KeyAlgorithm.P256, KeyAlgorithm.P256, CertificateUse.EmailProtection, "email:alice@example.com");

    [OpenSslFact]
    public void Rsa_ca_with_rsa_escrow_leaf() =>
        AssertOpenSslAccepts(KeyAlgorithm.Rsa, KeyAlgorithm.Rsa, CertificateUse.Escrow, "Key Encipherment");

    [OpenSslFact]
    public void Rsa_pss_self_signed_ca()
    {
        using var key = NewKey(KeyAlgorithm.Rsa);
        using var folder = new TempFolder();
        var ca = OpenSsl.WritePem(folder.Path, "ca.pem", "CERTIFICATE",
            PersonalCertificates.SelfSignedCa(key, "PSS CA", NotBefore, NotAfter, SignatureScheme.RsaPssSha256));
        AssertOk(OpenSsl.Run(folder.Path, "verify", "-CAfile", ca, "-x509_strict", ca), ca);
        var text = AssertSuccess(OpenSsl.Run(folder.Path, "x509", "-in", ca, "-noout", "-text"));
        Assert.Contains("rsassaPss", text);
        Assert.Contains("Salt Length: 0x20", text);
    }

    [OpenSslFact]
    public void Openssl_accepts_our_requests()
    {
        using var folder = new TempFolder();
        foreach (var algorithm in new[] { KeyAlgorithm.Ed25519, KeyAlgorithm.P256, KeyAlgorithm.Rsa })
        {
            using var key = NewKey(algorithm);
            var request = OpenSsl.WritePem(folder.Path, $"{algorithm}.csr", "CERTIFICATE REQUEST", PersonalCertificates.CreateRequest(key, "Device"));
            var output = AssertSuccess(OpenSsl.Run(folder.Path, "req", "-in", request, "-verify", "-noout"));
            Assert.Contains("verify OK", output);
        }
    }

    [OpenSslFact]
    public void Openssl_certificates_pass_verify_chain()
    {
        using var folder = new TempFolder();
        foreach (var algorithm in new[] { "ed25519", "EC" })
        {
            string[] keyOptions = algorithm == "EC" ? ["-newkey", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"] : ["-newkey", algorithm];
            AssertSuccess(OpenSsl.Run(folder.Path, ["req", "-x509", .. keyOptions, "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                "-subj", "/CN=OpenSSL CA", "-days", "2", "-addext", "keyUsage=critical,keyCertSign,cRLSign"]));
            // Our request, certified by OpenSSL's CA, verified by us.
            using var subject = NewKey(KeyAlgorithm.Ed25519);
            OpenSsl.WritePem(folder.Path, "leaf.csr", "CERTIFICATE REQUEST", PersonalCertificates.CreateRequest(subject, "Leaf"));
            AssertSuccess(OpenSsl.Run(folder.Path, "x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                "-CAcreateserial", "-out", "leaf.pem", "-days", "1"));
            var info = PersonalCertificates.VerifyChain(OpenSsl.ReadPem(folder.Path, "leaf.pem"), OpenSsl.ReadPem(folder.Path, "ca.pem"), DateTimeOffset.UtcNow);
            Assert.Equal(subject.PublicKey, info.SubjectKey);
            Assert.Equal("Leaf", info.CommonName);
        }
    }

    private static void AssertOpenSslAccepts(KeyAlgorithm issuerAlgorithm, KeyAlgorithm subjectAlgorithm, CertificateUse use, string leafText)
    {
        using var issuer = NewKey(issuerAlgorithm);
        using var subject = NewKey(subjectAlgorithm);
        using var folder = new TempFolder();
        var caDer = Ca(issuer);
        var leafDer = Leaf(issuer, caDer, subject.PublicKey, use, emails: use == CertificateUse.EmailProtection ? ["alice@example.com"] : null);
        var ca = OpenSsl.WritePem(folder.Path, "ca.pem", "CERTIFICATE", caDer);
        var leaf = OpenSsl.WritePem(folder.Path, "leaf.pem", "CERTIFICATE", leafDer);

        AssertOk(OpenSsl.Run(folder.Path, "verify", "-CAfile", ca, "-x509_strict", leaf), leaf);
        if (use == CertificateUse.EmailProtection)
            AssertOk(OpenSsl.Run(folder.Path, "verify", "-CAfile", ca, "-x509_strict", "-purpose", "smimesign", leaf), leaf);

        var caText = AssertSuccess(OpenSsl.Run(folder.Path, "x509", "-in", ca, "-noout", "-text"));
        Assert.Matches(@"X509v3 Basic Constraints: critical\s+CA:TRUE, pathlen:0", caText);
        Assert.Matches(@"X509v3 Key Usage: critical\s+Certificate Sign, CRL Sign", caText);
        Assert.Contains("X509v3 Subject Key Identifier", caText);

        var text = AssertSuccess(OpenSsl.Run(folder.Path, "x509", "-in", leaf, "-noout", "-text"));
        Assert.Matches(@"X509v3 Basic Constraints: critical\s+CA:FALSE", text);
        Assert.Contains("X509v3 Key Usage: critical", text);
        Assert.Contains("X509v3 Authority Key Identifier", text);
        Assert.Contains(leafText, text);
    }

    private static void AssertOk((int Code, string Output) result, string file)
    {
        Assert.True(result.Code == 0, $"openssl verify failed ({result.Code}): {result.Output}");
        Assert.Equal($"{file}: OK", result.Output.Trim());
    }

    private static string AssertSuccess((int Code, string Output) result)
    {
        Assert.True(result.Code == 0, $"openssl failed ({result.Code}): {result.Output}");
        return result.Output;
    }
}
