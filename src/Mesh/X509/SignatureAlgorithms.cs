// Signature algorithm identifiers of certificates and requests:
// RFC 5280 section 4.1.1.2, RFC 8410 section 3 (Ed25519), RFC 5758 section 3.2 (ECDSA with SHA-256),
// RFC 4055 sections 3.1 and 5 (sha256WithRSAEncryption, RSASSA-PSS), RFC 5754 section 2 (SHA-256 parameters).
using System.Formats.Asn1;
using Mesh.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.EdEC;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;

namespace Mesh.X509;

/// <summary>
/// Maps <see cref="SignatureScheme"/> to the AlgorithmIdentifier written into certificates, and
/// back by exact DER encoding: an allow-list, so parameters that would change the meaning of a
/// signature (another PSS hash or salt length, stray ECDSA parameters) are never accepted.
/// </summary>
internal static class SignatureAlgorithms
{
    private const int P256FieldBytes = 32;

    // RFC 5754 section 2: SHA-256 identifiers are written with absent parameters; RFC 4055 readers
    // must also accept NULL, which is what some producers put in PSS parameters.
    private static readonly AlgorithmIdentifier Sha256 = new(NistObjectIdentifiers.IdSha256);
    private static readonly AlgorithmIdentifier Sha256WithNull = new(NistObjectIdentifiers.IdSha256, DerNull.Instance);

    private static readonly (byte[] Der, SignatureScheme Scheme)[] Accepted =
    [
        (Der(Identifier(SignatureScheme.Ed25519)), SignatureScheme.Ed25519),
        (Der(Identifier(SignatureScheme.EcdsaP256Sha256)), SignatureScheme.EcdsaP256Sha256),
        (Der(Identifier(SignatureScheme.RsaPkcs1Sha256)), SignatureScheme.RsaPkcs1Sha256),
        // RFC 4055 section 5: readers accept sha256WithRSAEncryption with absent parameters too.
        (Der(new AlgorithmIdentifier(PkcsObjectIdentifiers.Sha256WithRsaEncryption)), SignatureScheme.RsaPkcs1Sha256),
        (Der(Identifier(SignatureScheme.RsaPssSha256)), SignatureScheme.RsaPssSha256),
        (Der(new AlgorithmIdentifier(PkcsObjectIdentifiers.IdRsassaPss, PssParameters(Sha256WithNull))), SignatureScheme.RsaPssSha256),
    ];

    /// <summary>
    /// The scheme a key signs certificates and requests with, or null for a key that cannot sign
    /// (X25519). RSA uses PKCS#1 v1.5, the one every S/MIME peer accepts (RFC 8551 section 2.2).
    /// </summary>
    internal static SignatureScheme? DefaultScheme(KeyAlgorithm algorithm) => algorithm switch
    {
        KeyAlgorithm.Ed25519 => SignatureScheme.Ed25519,
        KeyAlgorithm.P256 => SignatureScheme.EcdsaP256Sha256,
        KeyAlgorithm.Rsa => SignatureScheme.RsaPkcs1Sha256,
        _ => null,
    };

    /// <summary>The AlgorithmIdentifier written for a scheme.</summary>
    internal static AlgorithmIdentifier Identifier(SignatureScheme scheme) => scheme switch
    {
        // RFC 8410 section 3: the parameters MUST be absent.
        SignatureScheme.Ed25519 => new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519),
        // RFC 5758 section 3.2: the parameters MUST be absent.
        SignatureScheme.EcdsaP256Sha256 => new AlgorithmIdentifier(X9ObjectIdentifiers.ECDsaWithSha256),
        // RFC 4055 section 5: NULL parameters.
        SignatureScheme.RsaPkcs1Sha256 => new AlgorithmIdentifier(PkcsObjectIdentifiers.Sha256WithRsaEncryption, DerNull.Instance),
        SignatureScheme.RsaPssSha256 => new AlgorithmIdentifier(PkcsObjectIdentifiers.IdRsassaPss, PssParameters(Sha256)),
        _ => throw new ArgumentOutOfRangeException(nameof(scheme)),
    };

    // RFC 4055 section 3.1: SHA-256, MGF1 with SHA-256, a 32-byte salt (what PublicKeyInfo's
    // PS256 uses), trailer field 1 (the default, so not encoded).
    private static RsassaPssParameters PssParameters(AlgorithmIdentifier hash) =>
        new(hash, new AlgorithmIdentifier(PkcsObjectIdentifiers.IdMgf1, hash), DerInteger.ValueOf(32), DerInteger.ValueOf(1));

    private static byte[] Der(AlgorithmIdentifier identifier) => identifier.GetEncoded(Asn1Encodable.Der);

    /// <summary>The scheme of a DER AlgorithmIdentifier, or null when it is not on the allow-list.</summary>
    internal static SignatureScheme? SchemeOf(ReadOnlySpan<byte> algorithmDer)
    {
        foreach (var (der, scheme) in Accepted)
            if (algorithmDer.SequenceEqual(der)) return scheme;
        return null;
    }

    /// <summary>
    /// Verifies a signature as it appears in a certificate or request (DER ECDSA) over the exact
    /// signed bytes. False for a bad signature, an algorithm not on the allow-list, or an
    /// algorithm that does not fit the key.
    /// </summary>
    internal static bool Verify(PublicKeyInfo key, ReadOnlySpan<byte> algorithmDer, ReadOnlySpan<byte> signed, ReadOnlySpan<byte> signature)
    {
        if (SchemeOf(algorithmDer) is not { } scheme || !key.Supports(scheme)) return false;
        if (scheme != SignatureScheme.EcdsaP256Sha256) return key.Verify(scheme, signed, signature);
        return DerToP1363(signature) is { } rs && key.Verify(scheme, signed, rs);
    }

    /// <summary>Converts a P-256 ECDSA signature from r||s (IEEE P1363, what KeyPair.Sign returns) to the DER SEQUENCE { r, s } of RFC 3279 section 2.2.3.</summary>
    internal static byte[] P1363ToDer(ReadOnlySpan<byte> rs)
    {
        if (rs.Length != 2 * P256FieldBytes) throw new ArgumentException("A P-256 signature has 64 bytes.", nameof(rs));
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteIntegerUnsigned(TrimLeadingZeros(rs[..P256FieldBytes]));
            writer.WriteIntegerUnsigned(TrimLeadingZeros(rs[P256FieldBytes..]));
        }
        return writer.Encode();
    }

    /// <summary>Converts a DER ECDSA signature to r||s; null when it is not DER or an integer is negative or too large.</summary>
    internal static byte[]? DerToP1363(ReadOnlySpan<byte> der)
    {
        try
        {
            var reader = new AsnReader(der.ToArray(), AsnEncodingRules.DER);
            var sequence = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            var r = sequence.ReadIntegerBytes();
            var s = sequence.ReadIntegerBytes();
            sequence.ThrowIfNotEmpty();
            var rs = new byte[2 * P256FieldBytes];
            return CopyUnsigned(r.Span, rs.AsSpan(0, P256FieldBytes)) && CopyUnsigned(s.Span, rs.AsSpan(P256FieldBytes)) ? rs : null;
        }
        catch (AsnContentException)
        {
            return null;
        }
    }

    private static ReadOnlySpan<byte> TrimLeadingZeros(ReadOnlySpan<byte> value)
    {
        var i = 0;
        while (i < value.Length - 1 && value[i] == 0) i++;
        return value[i..];
    }

    // The reader has checked minimal DER, so a positive integer has at most one leading zero byte.
    private static bool CopyUnsigned(ReadOnlySpan<byte> integer, Span<byte> destination)
    {
        if ((integer[0] & 0x80) != 0) return false;
        if (integer.Length > 1 && integer[0] == 0) integer = integer[1..];
        if (integer.Length > destination.Length) return false;
        integer.CopyTo(destination[(destination.Length - integer.Length)..]);
        return true;
    }
}
