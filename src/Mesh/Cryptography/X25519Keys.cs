using System.Security.Cryptography;
using NSec.Cryptography;

namespace Mesh.Cryptography;

/// <summary>An X25519 public key (RFC 7748, JWK per RFC 8037), held by NSec.</summary>
internal sealed class X25519PublicKey(NSec.Cryptography.PublicKey key) : OkpPublicKey(key, "X25519")
{
    public override KeyAlgorithm Algorithm => KeyAlgorithm.X25519;

    internal static X25519PublicKey FromRaw(ReadOnlySpan<byte> raw) =>
        new(NSecKeys.ImportPublic(KeyAgreementAlgorithm.X25519, raw, KeyBlobFormat.RawPublicKey, "The X25519 public key is not 32 valid bytes."));

    internal static X25519PublicKey FromSpki(ReadOnlySpan<byte> der) =>
        new(NSecKeys.ImportPublic(KeyAgreementAlgorithm.X25519, der, KeyBlobFormat.PkixPublicKey, "The X25519 SubjectPublicKeyInfo is malformed."));

    // An encryption key never verifies anything.
    public override bool Verify(SignatureScheme scheme, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) => false;
}

/// <summary>An X25519 private key held by NSec.</summary>
internal sealed class X25519KeyPair : OkpKeyPair
{
    private X25519KeyPair(Key key, KeyExportPolicy policy) : base(key, policy) => PublicKey = new X25519PublicKey(key.PublicKey);

    public override PublicKeyInfo PublicKey { get; }

    internal static X25519KeyPair Generate(KeyExportPolicy policy) =>
        new(NSec.Cryptography.Key.Create(KeyAgreementAlgorithm.X25519, NSecKeys.Parameters(policy)), policy);

    internal static X25519KeyPair FromRaw(ReadOnlySpan<byte> raw, KeyExportPolicy policy) =>
        new(NSecKeys.Import(KeyAgreementAlgorithm.X25519, raw, KeyBlobFormat.RawPrivateKey, policy, "X25519 private key"), policy);

    internal static X25519KeyPair FromPkcs8(ReadOnlySpan<byte> der, KeyExportPolicy policy) =>
        new(NSecKeys.Import(KeyAgreementAlgorithm.X25519, der, KeyBlobFormat.PkixPrivateKey, policy, "X25519 PKCS#8 key"), policy);

    public override byte[] Agree(PublicKeyInfo peer)
    {
        ThrowIfDisposed();
        if (peer is not X25519PublicKey x25519)
            throw new MeshException($"An X25519 key cannot agree with a {peer?.Algorithm.ToString() ?? "missing"} key.");
        // NSec refuses low-order points, whose shared secret would be all zeros and known to anyone.
        try
        {
            var exportable = new SharedSecretCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport };
            using var secret = KeyAgreementAlgorithm.X25519.Agree(NSecKey, x25519.Key, exportable)
                ?? throw new MeshException("The X25519 peer key is degenerate (low order).");
            return secret.Export(SharedSecretBlobFormat.RawSharedSecret);
        }
        catch (CryptographicException e)
        {
            throw new MeshException("The X25519 peer key is degenerate (low order).", e);
        }
    }

    private protected override byte[] SignCore(SignatureScheme scheme, ReadOnlySpan<byte> data) =>
        throw new ArgumentException("An X25519 key cannot sign.", nameof(scheme));
}
