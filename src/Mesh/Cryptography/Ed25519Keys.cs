using NSec.Cryptography;

namespace Mesh.Cryptography;

/// <summary>An Ed25519 public key (RFC 8032, JWK per RFC 8037), held by NSec.</summary>
internal sealed class Ed25519PublicKey(NSec.Cryptography.PublicKey key) : OkpPublicKey(key, "Ed25519")
{
    public override KeyAlgorithm Algorithm => KeyAlgorithm.Ed25519;

    internal static Ed25519PublicKey FromRaw(ReadOnlySpan<byte> raw) =>
        new(NSecKeys.ImportPublic(SignatureAlgorithm.Ed25519, raw, KeyBlobFormat.RawPublicKey, "The Ed25519 public key is not 32 valid bytes."));

    internal static Ed25519PublicKey FromSpki(ReadOnlySpan<byte> der) =>
        new(NSecKeys.ImportPublic(SignatureAlgorithm.Ed25519, der, KeyBlobFormat.PkixPublicKey, "The Ed25519 SubjectPublicKeyInfo is malformed."));

    public override bool Verify(SignatureScheme scheme, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        scheme == SignatureScheme.Ed25519 && SignatureAlgorithm.Ed25519.Verify(Key, data, signature);
}

/// <summary>An Ed25519 private key held by NSec.</summary>
internal sealed class Ed25519KeyPair : OkpKeyPair
{
    private Ed25519KeyPair(Key key, KeyExportPolicy policy) : base(key, policy) => PublicKey = new Ed25519PublicKey(key.PublicKey);

    public override PublicKeyInfo PublicKey { get; }

    internal static Ed25519KeyPair Generate(KeyExportPolicy policy) =>
        new(NSec.Cryptography.Key.Create(SignatureAlgorithm.Ed25519, NSecKeys.Parameters(policy)), policy);

    internal static Ed25519KeyPair FromRaw(ReadOnlySpan<byte> seed, KeyExportPolicy policy) =>
        new(NSecKeys.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey, policy, "Ed25519 private key"), policy);

    internal static Ed25519KeyPair FromPkcs8(ReadOnlySpan<byte> der, KeyExportPolicy policy) =>
        new(NSecKeys.Import(SignatureAlgorithm.Ed25519, der, KeyBlobFormat.PkixPrivateKey, policy, "Ed25519 PKCS#8 key"), policy);

    private protected override byte[] SignCore(SignatureScheme scheme, ReadOnlySpan<byte> data) =>
        SignatureAlgorithm.Ed25519.Sign(NSecKey, data);
}
