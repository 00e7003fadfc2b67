// Certificate signing requests: PKCS #10, RFC 2986 section 4 (CertificationRequestInfo, signed
// with the subject's own key as proof of possession).
using Mesh.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Pkcs;

namespace Mesh.X509;

public static partial class PersonalCertificates
{
    /// <summary>
    /// A PKCS #10 certification request (DER) for <paramref name="key"/> with subject CN=<paramref name="subjectName"/>,
    /// signed by the key itself. Throws <see cref="ArgumentException"/> for a key that cannot sign
    /// (X25519: its holder proves possession some other way) or an invalid name.
    /// </summary>
    public static byte[] CreateRequest(KeyPair key, string subjectName)
    {
        ArgumentNullException.ThrowIfNull(key);
        var scheme = SignatureAlgorithms.DefaultScheme(key.Algorithm)
            ?? throw new ArgumentException($"A {key.Algorithm} key cannot sign, so it cannot sign a certification request.", nameof(key));
        var factory = new KeySignatureFactory(key, scheme);
        var spki = SubjectPublicKeyInfo.GetInstance(key.PublicKey.ExportSubjectPublicKeyInfo());
        // RFC 2986 section 4.1: attributes is not optional, so an empty SET is written.
        return new Pkcs10CertificationRequest(factory, CommonName(subjectName), spki, new DerSet()).GetEncoded(Asn1Encodable.Der);
    }

    /// <summary>
    /// Checks a PKCS #10 request and returns the public key it asks to certify. Throws
    /// <see cref="MeshException"/> when the request is malformed or not DER, has an unsupported
    /// key or signature algorithm, or its signature does not verify with its own key.
    /// The subject name is not returned: the issuer names the key (by its UDF), not the requester.
    /// </summary>
    public static PublicKeyInfo VerifyRequest(byte[] der)
    {
        ArgumentNullException.ThrowIfNull(der);
        const string What = "certification request";
        var envelope = SignedEnvelope.Parse(der, What);
        var info = SignedEnvelope.Decode(envelope.ToBeSigned, o =>
        {
            var value = CertificationRequestInfo.GetInstance(o);
            _ = value.Subject.ToString();
            return value;
        }, What);
        if (!info.Version.HasValue(0))
            throw new MeshException("The certification request is not version 1 (0).");
        var key = PublicKeyInfo.FromSubjectPublicKeyInfo(SignedEnvelope.Guard(() => info.SubjectPublicKeyInfo.GetEncoded(Asn1Encodable.Der), What));
        if (SignatureAlgorithms.SchemeOf(envelope.Algorithm.Span) is null)
            throw new MeshException("The certification request is signed with an algorithm this implementation does not accept.");
        if (!SignatureAlgorithms.Verify(key, envelope.Algorithm.Span, envelope.ToBeSigned.Span, envelope.Signature.Span))
            throw new MeshException("The certification request's signature does not verify with the key it contains.");
        return key;
    }
}
