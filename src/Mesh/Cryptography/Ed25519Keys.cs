using System.Text.Json;
using Mesh.Encoding;
using NSec.Cryptography;

namespace Mesh.Cryptography;

/// <summary>An Ed25519 public key (RFC 8032, JWK per RFC 8037), held by NSec.</summary>
internal sealed class Ed25519PublicKey(NSec.Cryptography.PublicKey key) : PublicKeyInfo
{
    internal NSec.Cryptography.PublicKey Key { get; } = key;

    public override KeyAlgorithm Algorithm => KeyAlgorithm.Ed25519;

    public override int KeySize => 256;

    internal byte[] Raw => Key.Export(KeyBlobFormat.RawPublicKey);

    internal static Ed25519PublicKey FromRaw(ReadOnlySpan<byte> raw) =>
        NSec.Cryptography.PublicKey.TryImport(SignatureAlgorithm.Ed25519, raw, KeyBlobFormat.RawPublicKey, out var key)
            ? new Ed25519PublicKey(key!)
            : throw new MeshException("The Ed25519 public key is not 32 valid bytes.");

    internal static Ed25519PublicKey FromSpki(ReadOnlySpan<byte> der) =>
        NSec.Cryptography.PublicKey.TryImport(SignatureAlgorithm.Ed25519, der, KeyBlobFormat.PkixPublicKey, out var key)
            ? new Ed25519PublicKey(key!)
            : throw new MeshException("The Ed25519 SubjectPublicKeyInfo is malformed.");

    private protected override byte[] EncodeSubjectPublicKeyInfo() => Key.Export(KeyBlobFormat.PkixPublicKey);

    public override void WriteJwkMembers(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteString("kty", "OKP");
        writer.WriteString("crv", "Ed25519");
        writer.WriteString("x", Base64Url.Encode(Raw));
    }

    private protected override string ThumbprintInput() => $$"""{"crv":"Ed25519","kty":"OKP","x":"{{Base64Url.Encode(Raw)}}"}""";

    public override bool Verify(SignatureScheme scheme, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        scheme == SignatureScheme.Ed25519 && SignatureAlgorithm.Ed25519.Verify(Key, data, signature);
}

/// <summary>An Ed25519 private key held by NSec.</summary>
internal sealed class Ed25519KeyPair : KeyPair
{
    private readonly Key _key;

    private Ed25519KeyPair(Key key, KeyExportPolicy policy) : base(policy)
    {
        _key = key;
        PublicKey = new Ed25519PublicKey(key.PublicKey);
    }

    public override PublicKeyInfo PublicKey { get; }

    internal static Ed25519KeyPair Generate(KeyExportPolicy policy) =>
        new(NSec.Cryptography.Key.Create(SignatureAlgorithm.Ed25519, NSecKeys.Parameters(policy)), policy);

    internal static Ed25519KeyPair FromRaw(ReadOnlySpan<byte> seed, KeyExportPolicy policy) =>
        new(NSecKeys.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey, policy, "Ed25519 private key"), policy);

    internal static Ed25519KeyPair FromPkcs8(ReadOnlySpan<byte> der, KeyExportPolicy policy) =>
        new(NSecKeys.Import(SignatureAlgorithm.Ed25519, der, KeyBlobFormat.PkixPrivateKey, policy, "Ed25519 PKCS#8 key"), policy);

    private protected override byte[] SignCore(SignatureScheme scheme, ReadOnlySpan<byte> data) =>
        SignatureAlgorithm.Ed25519.Sign(_key, data);

    private protected override byte[] ExportPkcs8Core() => _key.Export(KeyBlobFormat.PkixPrivateKey);

    private protected override void WritePrivateJwkMembers(Utf8JsonWriter writer) =>
        writer.WriteString("d", Base64Url.Encode(_key.Export(KeyBlobFormat.RawPrivateKey)));

    protected override void Dispose(bool disposing)
    {
        if (disposing) _key.Dispose();
        base.Dispose(disposing);
    }
}
