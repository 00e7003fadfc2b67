using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Text.Json;
using Mesh.Encoding;

namespace Mesh.Cryptography;

/// <summary>
/// A public key: a value that can be compared, exported as DER SubjectPublicKeyInfo (RFC 5280)
/// or JWK (RFC 7517, RFC 8037), fingerprinted, and used to verify signatures. Two keys are
/// equal when their SubjectPublicKeyInfo bytes are equal.
/// </summary>
public abstract partial class PublicKeyInfo : IEquatable<PublicKeyInfo>
{
    private byte[]? _spki;

    /// <summary>The key type.</summary>
    public abstract KeyAlgorithm Algorithm { get; }

    /// <summary>The size of the key in bits (256 for the elliptic curves, the modulus size for RSA).</summary>
    public abstract int KeySize { get; }

    /// <summary>The DER SubjectPublicKeyInfo of the key (a copy).</summary>
    public byte[] ExportSubjectPublicKeyInfo() => (byte[])SubjectPublicKeyInfo.Clone();

    internal byte[] SubjectPublicKeyInfo => _spki ??= EncodeSubjectPublicKeyInfo();

    private protected abstract byte[] EncodeSubjectPublicKeyInfo();

    /// <summary>Writes the public members of the key's JWK (<c>kty</c>, <c>crv</c>, <c>x</c>, ...) to an open object.</summary>
    public abstract void WriteJwkMembers(Utf8JsonWriter writer);

    /// <summary>The key as a JWK JSON object with its public members only.</summary>
    public string ToJwk() => Jwk.Write(WriteJwkMembers);

    /// <summary>The JWK thumbprint of RFC 7638 with SHA-256, as base64url.</summary>
    public string JwkThumbprint() => Base64Url.Encode(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(ThumbprintInput())));

    /// <summary>The required members of the JWK in lexicographic order without whitespace (RFC 7638 section 3.2).</summary>
    private protected abstract string ThumbprintInput();

    /// <summary>Verifies a signature over data; false for a bad signature or a scheme this key cannot verify.</summary>
    public abstract bool Verify(SignatureScheme scheme, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature);

    /// <summary>Whether this key type can verify signatures made with the scheme.</summary>
    public bool Supports(SignatureScheme scheme) => (Algorithm, scheme) switch
    {
        (KeyAlgorithm.Ed25519, SignatureScheme.Ed25519) => true,
        (KeyAlgorithm.P256, SignatureScheme.EcdsaP256Sha256) => true,
        (KeyAlgorithm.Rsa, SignatureScheme.RsaPkcs1Sha256 or SignatureScheme.RsaPssSha256) => true,
        _ => false,
    };

    /// <summary>
    /// Reads a DER SubjectPublicKeyInfo of a supported key type.
    /// Throws <see cref="MeshException"/> for anything malformed or unsupported.
    /// </summary>
    public static PublicKeyInfo FromSubjectPublicKeyInfo(ReadOnlySpan<byte> der)
    {
        string oid;
        string? curve = null;
        try
        {
            var reader = new AsnReader(der.ToArray(), AsnEncodingRules.DER);
            var spki = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            var algorithm = spki.ReadSequence();
            oid = algorithm.ReadObjectIdentifier();
            if (oid == Asn1Oids.EcPublicKey) curve = algorithm.ReadObjectIdentifier();
        }
        catch (AsnContentException e)
        {
            throw new MeshException("The public key is not a DER SubjectPublicKeyInfo.", e);
        }
        return oid switch
        {
            Asn1Oids.Ed25519 => Ed25519PublicKey.FromSpki(der),
            Asn1Oids.X25519 => X25519PublicKey.FromSpki(der),
            Asn1Oids.EcPublicKey when curve == Asn1Oids.P256 => P256PublicKey.FromSpki(der),
            Asn1Oids.EcPublicKey => throw new MeshException($"The elliptic curve {curve} is not supported; only P-256 is."),
            Asn1Oids.RsaEncryption => RsaPublicKey.FromSpki(der),
            _ => throw new MeshException($"The key algorithm {oid} is not supported."),
        };
    }

    /// <summary>Reads the public part of a JWK; throws <see cref="MeshException"/> for anything malformed or unsupported.</summary>
    public static PublicKeyInfo FromJwk(JsonElement jwk) => Jwk.ReadPublic(jwk);

    /// <summary>Reads the public part of a JWK given as JSON text.</summary>
    public static PublicKeyInfo FromJwk(string json)
    {
        using var document = Jwk.Parse(json);
        return Jwk.ReadPublic(document.RootElement);
    }

    /// <inheritdoc/>
    public bool Equals(PublicKeyInfo? other) =>
        other is not null && (ReferenceEquals(this, other) || SubjectPublicKeyInfo.AsSpan().SequenceEqual(other.SubjectPublicKeyInfo));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as PublicKeyInfo);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(SubjectPublicKeyInfo);
        return hash.ToHashCode();
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Algorithm} {JwkThumbprint()}";
}
