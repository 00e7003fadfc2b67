using System.Formats.Asn1;
using Mesh.Cryptography;
using Mesh.X509;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;
using static Mesh.Tests.X509.TestPki;

namespace Mesh.Tests.X509;

/// <summary>Certificates are untrusted input: malformed ones throw MeshException, forged ones never verify, chains fail with a reason.</summary>
public class VerificationTests
{
    public static TheoryData<byte[]> MalformedInputs() => new()
    {
        Array.Empty<byte>(),
        new byte[] { 0x30 },
        new byte[] { 0x30, 0x00 },
        new byte[] { 0x04, 0x03, 0x01, 0x02, 0x03 },
        new byte[] { 0x30, 0x80, 0x00, 0x00 },
    };

    [Theory]
    [MemberData(nameof(MalformedInputs))]
    public void Malformed_der_throws_mesh_exception(byte[] der)
    {
        using var key = NewKey(KeyAlgorithm.Ed25519);
        Assert.Throws<MeshException>(() => PersonalCertificates.Read(der));
        Assert.False(PersonalCertificates.VerifyIssuedBy(der, key.PublicKey));
        Assert.Throws<MeshException>(() => PersonalCertificates.VerifyChain(der, der, Now));
        Assert.Throws<MeshException>(() => PersonalCertificates.VerifyRequest(der));
    }

    [Fact]
    public void Truncated_extended_or_ber_certificate_throws_mesh_exception()
    {
        using var key = NewKey(KeyAlgorithm.Ed25519);
        var ca = Ca(key);
        Assert.Throws<MeshException>(() => PersonalCertificates.Read(ca[..^1]));
        Assert.Throws<MeshException>(() => PersonalCertificates.Read([.. ca, 0x00]));
        // The same certificate with a long-form length where DER needs the short one (BER).
        AsnDecoder.ReadEncodedValue(ca, AsnEncodingRules.DER, out var offset, out var length, out _);
        byte[] ber = [0x30, 0x84, 0, 0, (byte)(length >> 8), (byte)length, .. ca.AsSpan(offset, length)];
        Assert.Throws<MeshException>(() => PersonalCertificates.Read(ber));
    }

    [Theory]
    [InlineData(KeyAlgorithm.Ed25519)]
    [InlineData(KeyAlgorithm.P256)]
    public void Every_single_byte_change_is_rejected_or_fails_to_verify(KeyAlgorithm algorithm)
    {
        using var issuer = NewKey(algorithm);
        using var subject = NewKey(KeyAlgorithm.X25519);
        var leaf = Leaf(issuer, Ca(issuer), subject.PublicKey, CertificateUse.Encryption);
        for (var i = 0; i < leaf.Length; i++)
            foreach (var mask in new byte[] { 0x01, 0x80 })
            {
                var changed = (byte[])leaf.Clone();
                changed[i] ^= mask;
                try
                {
                    PersonalCertificates.Read(changed);
                }
                catch (MeshException)
                {
                    // Rejected as malformed: fine.
                }
                Assert.False(PersonalCertificates.VerifyIssuedBy(changed, issuer.PublicKey), $"byte {i} ^ {mask:x2} still verifies");
            }
    }

    [Fact]
    public void Chain_failures_say_why()
    {
        using var issuer = NewKey(KeyAlgorithm.Ed25519);
        using var subject = NewKey(KeyAlgorithm.Ed25519);
        var ca = Ca(issuer);
        var leaf = Leaf(issuer, ca, subject.PublicKey, CertificateUse.Signature);

        Assert.Contains("not at", Fails(leaf, ca, NotAfter.AddDays(1)));
        Assert.Contains("not at", Fails(leaf, ca, NotBefore.AddDays(-1)));
        Assert.Contains("CA:TRUE", Fails(leaf, leaf, Now));
        using var stranger = NewKey(KeyAlgorithm.Ed25519);
        Assert.Contains("is not the CA", Fails(leaf, Ca(stranger, "Another CA"), Now));
        // Same name, another key: the key identifiers differ.
        Assert.Contains("authority key identifier", Fails(leaf, Ca(stranger), Now));
        Assert.Contains("does not verify", Fails(ReplaceText(leaf, "Test leaf"), ca, Now));
        Assert.Contains("self-signature", Fails(leaf, FlipLastByte(ca), Now));
    }

    [Fact]
    public void Ca_with_an_unknown_critical_extension_is_refused()
    {
        using var key = NewKey(KeyAlgorithm.Ed25519);
        var generator = new X509V3CertificateGenerator(X509CertificateStructure.GetInstance(Ca(key)));
        generator.AddExtension("1.3.6.1.4.1.99999.1", true, DerNull.Instance);
        var ca = generator.Generate(new KeySignatureFactory(key, SignatureScheme.Ed25519)).GetEncoded();
        Assert.True(PersonalCertificates.Read(ca).IsCa);
        Assert.Contains("1.3.6.1.4.1.99999.1", Fails(ca, ca, Now));
    }

    [Fact]
    public void Outer_algorithm_must_equal_the_signed_one()
    {
        using var key = NewKey(KeyAlgorithm.Rsa);
        var ca = Ca(key);
        Assert.True(PersonalCertificates.VerifyIssuedBy(ca, key.PublicKey));
        // Both encodings of sha256WithRSAEncryption are accepted, but the unsigned copy must match the signed one.
        var reader = new AsnReader(ca, AsnEncodingRules.DER).ReadSequence();
        var tbs = reader.ReadEncodedValue();
        _ = reader.ReadEncodedValue();
        var signature = reader.ReadBitString(out _);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteEncodedValue(tbs.Span);
            writer.WriteEncodedValue(new AlgorithmIdentifier(Org.BouncyCastle.Asn1.Pkcs.PkcsObjectIdentifiers.Sha256WithRsaEncryption).GetEncoded());
            writer.WriteBitString(signature);
        }
        Assert.False(PersonalCertificates.VerifyIssuedBy(writer.Encode(), key.PublicKey));
    }

    [Fact]
    public void Rsa_pss_self_signed_ca_verifies()
    {
        using var key = NewKey(KeyAlgorithm.Rsa);
        var ca = PersonalCertificates.SelfSignedCa(key, "PSS CA", NotBefore, NotAfter, SignatureScheme.RsaPssSha256);
        Assert.True(PersonalCertificates.VerifyIssuedBy(ca, key.PublicKey));
        Assert.True(PersonalCertificates.VerifyChain(ca, ca, Now).IsCa);
        Assert.False(PersonalCertificates.VerifyIssuedBy(FlipLastByte(ca), key.PublicKey));
    }

    private static string Fails(byte[] leaf, byte[] ca, DateTimeOffset at) =>
        Assert.Throws<MeshException>(() => PersonalCertificates.VerifyChain(leaf, ca, at)).Message;
}
