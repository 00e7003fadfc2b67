using System.Formats.Asn1;
using System.Text.Json;

namespace Mesh.Cryptography;

/// <summary>
/// A private key with its public key. Disposable: the private key is erased when disposed.
/// Not exportable unless created or imported with <see cref="KeyExportPolicy.AllowExport"/>,
/// so a key cannot leave its holder by accident.
/// </summary>
public abstract class KeyPair : IDisposable
{
    private bool _disposed;

    /// <summary>Creates the base with its export policy.</summary>
    private protected KeyPair(KeyExportPolicy exportPolicy) => ExportPolicy = exportPolicy;

    /// <summary>Whether the private key may be exported.</summary>
    public KeyExportPolicy ExportPolicy { get; }

    /// <summary>The key type.</summary>
    public KeyAlgorithm Algorithm => PublicKey.Algorithm;

    /// <summary>The public key.</summary>
    public abstract PublicKeyInfo PublicKey { get; }

    /// <summary>Generates a new key. RSA keys are 3072 bits unless <paramref name="rsaBits"/> says otherwise (at least 2048).</summary>
    public static KeyPair Generate(KeyAlgorithm algorithm, KeyExportPolicy exportPolicy = KeyExportPolicy.None, int rsaBits = 3072) => algorithm switch
    {
        KeyAlgorithm.Ed25519 => Ed25519KeyPair.Generate(exportPolicy),
        KeyAlgorithm.X25519 => X25519KeyPair.Generate(exportPolicy),
        KeyAlgorithm.P256 => P256KeyPair.Generate(exportPolicy),
        KeyAlgorithm.Rsa => RsaKeyPair.Generate(rsaBits, exportPolicy),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    /// <summary>Signs data. Throws <see cref="ArgumentException"/> when this key type cannot use the scheme.</summary>
    public byte[] Sign(SignatureScheme scheme, ReadOnlySpan<byte> data)
    {
        ThrowIfDisposed();
        if (!PublicKey.Supports(scheme))
            throw new ArgumentException($"A {Algorithm} key cannot sign with {scheme}.", nameof(scheme));
        return SignCore(scheme, data);
    }

    private protected abstract byte[] SignCore(SignatureScheme scheme, ReadOnlySpan<byte> data);

    /// <summary>
    /// Key agreement (X25519 or ECDH on P-256) with a peer's public key of the same type: returns the
    /// raw shared secret Z. Throws <see cref="MeshException"/> for a peer key of another type or a
    /// degenerate (low-order) peer key.
    /// </summary>
    public virtual byte[] Agree(PublicKeyInfo peer) =>
        throw new ArgumentException($"A {Algorithm} key cannot be used for key agreement.", nameof(peer));

    /// <summary>Exports the private key as DER PKCS#8; only when the export policy allows it.</summary>
    public byte[] ExportPkcs8()
    {
        ThrowIfNotExportable();
        return ExportPkcs8Core();
    }

    private protected abstract byte[] ExportPkcs8Core();

    /// <summary>Exports the private key as a JWK with its private members; only when the export policy allows it.</summary>
    public string ExportJwk()
    {
        ThrowIfNotExportable();
        return Jwk.Write(w =>
        {
            PublicKey.WriteJwkMembers(w);
            WritePrivateJwkMembers(w);
        });
    }

    private protected abstract void WritePrivateJwkMembers(Utf8JsonWriter writer);

    /// <summary>Imports a DER PKCS#8 private key; throws <see cref="MeshException"/> for anything malformed or unsupported.</summary>
    public static KeyPair ImportPkcs8(ReadOnlySpan<byte> der, KeyExportPolicy exportPolicy = KeyExportPolicy.None)
    {
        string oid;
        string? curve = null;
        try
        {
            var reader = new AsnReader(der.ToArray(), AsnEncodingRules.BER);
            var info = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            _ = info.ReadInteger();
            var algorithm = info.ReadSequence();
            oid = algorithm.ReadObjectIdentifier();
            if (oid == Asn1Oids.EcPublicKey && algorithm.HasData) curve = algorithm.ReadObjectIdentifier();
        }
        catch (AsnContentException e)
        {
            throw new MeshException("The private key is not a DER PKCS#8 PrivateKeyInfo.", e);
        }
        return oid switch
        {
            Asn1Oids.Ed25519 => Ed25519KeyPair.FromPkcs8(der, exportPolicy),
            Asn1Oids.X25519 => X25519KeyPair.FromPkcs8(der, exportPolicy),
            Asn1Oids.EcPublicKey when curve is null or Asn1Oids.P256 => P256KeyPair.FromPkcs8(der, exportPolicy),
            Asn1Oids.EcPublicKey => throw new MeshException($"The elliptic curve {curve} is not supported; only P-256 is."),
            Asn1Oids.RsaEncryption => RsaKeyPair.FromPkcs8(der, exportPolicy),
            _ => throw new MeshException($"The key algorithm {oid} is not supported."),
        };
    }

    /// <summary>Imports a private JWK; throws <see cref="MeshException"/> for anything malformed or unsupported.</summary>
    public static KeyPair ImportJwk(JsonElement jwk, KeyExportPolicy exportPolicy = KeyExportPolicy.None) => Jwk.ReadPrivate(jwk, exportPolicy);

    /// <summary>Imports a private JWK given as JSON text.</summary>
    public static KeyPair ImportJwk(string json, KeyExportPolicy exportPolicy = KeyExportPolicy.None)
    {
        using var document = Jwk.Parse(json);
        return Jwk.ReadPrivate(document.RootElement, exportPolicy);
    }

    private void ThrowIfNotExportable()
    {
        ThrowIfDisposed();
        if (ExportPolicy != KeyExportPolicy.AllowExport)
            throw new InvalidOperationException("This private key is not exportable.");
    }

    private protected void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>Erases the private key.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the private key material.</summary>
    protected virtual void Dispose(bool disposing) => _disposed = true;
}
