using System.Security.Cryptography;
using System.Text.Json;
using Mesh.Encoding;

namespace Mesh.Cryptography;

/// <summary>A NIST P-256 public key, usable for ES256 verification and as an ECDH peer.</summary>
internal sealed class P256PublicKey : PublicKeyInfo
{
    private readonly ECParameters _parameters;
    private readonly ECDsa _ecdsa;

    private P256PublicKey(ECParameters parameters)
    {
        _parameters = parameters;
        _ecdsa = ECDsa.Create(parameters);
    }

    public override KeyAlgorithm Algorithm => KeyAlgorithm.P256;

    public override int KeySize => 256;

    internal ECParameters Parameters => _parameters;

    /// <summary>Creates the key from its point, checking that it lies on P-256.</summary>
    internal static P256PublicKey FromParameters(ECParameters parameters)
    {
        try
        {
            parameters.Validate();
            if (parameters.Q.X?.Length != 32 || parameters.Q.Y?.Length != 32) throw new CryptographicException("bad point size");
            // Creating the key makes the platform check that the point is on the curve.
            using var check = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = parameters.Q });
            return new P256PublicKey(check.ExportParameters(false));
        }
        catch (CryptographicException e)
        {
            throw new MeshException("The P-256 public key is not a point on the curve.", e);
        }
    }

    internal static P256PublicKey FromSpki(ReadOnlySpan<byte> der)
    {
        try
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(der, out var read);
            if (read != der.Length) throw new CryptographicException("trailing data");
            var parameters = ecdsa.ExportParameters(false);
            if (parameters.Curve.Oid?.Value != Asn1Oids.P256) throw new CryptographicException("not P-256");
            return new P256PublicKey(parameters);
        }
        catch (CryptographicException e)
        {
            throw new MeshException("The P-256 SubjectPublicKeyInfo is malformed.", e);
        }
    }

    private protected override byte[] EncodeSubjectPublicKeyInfo() => _ecdsa.ExportSubjectPublicKeyInfo();

    public override void WriteJwkMembers(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteString("kty", "EC");
        writer.WriteString("crv", "P-256");
        writer.WriteString("x", Base64Url.Encode(_parameters.Q.X));
        writer.WriteString("y", Base64Url.Encode(_parameters.Q.Y));
    }

    private protected override string ThumbprintInput() =>
        $$"""{"crv":"P-256","kty":"EC","x":"{{Base64Url.Encode(_parameters.Q.X)}}","y":"{{Base64Url.Encode(_parameters.Q.Y)}}"}""";

    public override bool Verify(SignatureScheme scheme, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        scheme == SignatureScheme.EcdsaP256Sha256 && signature.Length == 64 &&
        _ecdsa.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
}

/// <summary>A NIST P-256 private key, for ES256 signatures and ECDH.</summary>
internal sealed class P256KeyPair : KeyPair
{
    private readonly ECDsa _ecdsa;
    private readonly P256PublicKey _public;

    private P256KeyPair(ECDsa ecdsa, KeyExportPolicy policy) : base(policy)
    {
        _ecdsa = ecdsa;
        _public = P256PublicKey.FromParameters(ecdsa.ExportParameters(false));
    }

    public override PublicKeyInfo PublicKey => _public;

    internal static P256KeyPair Generate(KeyExportPolicy policy) => new(ECDsa.Create(ECCurve.NamedCurves.nistP256), policy);

    internal static P256KeyPair FromParameters(ECParameters parameters, KeyExportPolicy policy)
    {
        try
        {
            return new P256KeyPair(ECDsa.Create(parameters), policy);
        }
        catch (CryptographicException e)
        {
            throw new MeshException("The P-256 private key is not valid.", e);
        }
    }

    internal static P256KeyPair FromPkcs8(ReadOnlySpan<byte> der, KeyExportPolicy policy)
    {
        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportPkcs8PrivateKey(der, out _);
            if (ecdsa.ExportParameters(false).Curve.Oid?.Value != Asn1Oids.P256) throw new CryptographicException("not P-256");
            return new P256KeyPair(ecdsa, policy);
        }
        catch (CryptographicException e)
        {
            ecdsa.Dispose();
            throw new MeshException("The P-256 PKCS#8 key is malformed.", e);
        }
    }

    private protected override byte[] SignCore(SignatureScheme scheme, ReadOnlySpan<byte> data) =>
        _ecdsa.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    public override byte[] Agree(PublicKeyInfo peer)
    {
        ThrowIfDisposed();
        if (peer is not P256PublicKey p256)
            throw new MeshException($"A P-256 key cannot agree with a {peer?.Algorithm.ToString() ?? "missing"} key.");
        var parameters = _ecdsa.ExportParameters(true);
        try
        {
            using var self = ECDiffieHellman.Create(parameters);
            using var other = ECDiffieHellman.Create(p256.Parameters);
            return self.DeriveRawSecretAgreement(other.PublicKey);
        }
        finally
        {
            // The exported private scalar is a copy of the key: erase it, as WritePrivateJwkMembers does.
            CryptographicOperations.ZeroMemory(parameters.D);
        }
    }

    private protected override byte[] ExportPkcs8Core() => _ecdsa.ExportPkcs8PrivateKey();

    private protected override void WritePrivateJwkMembers(Utf8JsonWriter writer)
    {
        var d = _ecdsa.ExportParameters(true).D!;
        writer.WriteString("d", Base64Url.Encode(d));
        CryptographicOperations.ZeroMemory(d);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _ecdsa.Dispose();
        base.Dispose(disposing);
    }
}
