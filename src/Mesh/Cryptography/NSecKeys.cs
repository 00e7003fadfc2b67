using System.Text.Json;
using Mesh.Encoding;
using NSec.Cryptography;

namespace Mesh.Cryptography;

/// <summary>Shared handling of NSec keys: export policy and import with a clear error.</summary>
internal static class NSecKeys
{
    internal static KeyCreationParameters Parameters(KeyExportPolicy policy) => new()
    {
        ExportPolicy = policy == KeyExportPolicy.AllowExport ? KeyExportPolicies.AllowPlaintextExport : KeyExportPolicies.None,
    };

    internal static Key Import(NSec.Cryptography.Algorithm algorithm, ReadOnlySpan<byte> blob, KeyBlobFormat format, KeyExportPolicy policy, string what)
    {
        var parameters = Parameters(policy);
        return Key.TryImport(algorithm, blob, format, out var key, parameters)
            ? key!
            : throw new MeshException($"The {what} is malformed.");
    }

    /// <summary>Imports a public key blob; throws <see cref="MeshException"/> with <paramref name="error"/> when it is not valid.</summary>
    internal static NSec.Cryptography.PublicKey ImportPublic(NSec.Cryptography.Algorithm algorithm, ReadOnlySpan<byte> blob, KeyBlobFormat format, string error) =>
        NSec.Cryptography.PublicKey.TryImport(algorithm, blob, format, out var key) ? key! : throw new MeshException(error);
}

/// <summary>
/// An octet key pair public key (RFC 8037: Ed25519, X25519) held by NSec: its SubjectPublicKeyInfo
/// and JWK (<c>kty</c> OKP, <c>crv</c>, <c>x</c>) are the same but for the curve name.
/// </summary>
internal abstract class OkpPublicKey(NSec.Cryptography.PublicKey key, string curve) : PublicKeyInfo
{
    internal NSec.Cryptography.PublicKey Key { get; } = key;

    public sealed override int KeySize => 256;

    internal byte[] Raw => Key.Export(KeyBlobFormat.RawPublicKey);

    private protected sealed override byte[] EncodeSubjectPublicKeyInfo() => Key.Export(KeyBlobFormat.PkixPublicKey);

    public sealed override void WriteJwkMembers(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteString("kty", "OKP");
        writer.WriteString("crv", curve);
        writer.WriteString("x", Base64Url.Encode(Raw));
    }

    private protected sealed override string ThumbprintInput() => $$"""{"crv":"{{curve}}","kty":"OKP","x":"{{Base64Url.Encode(Raw)}}"}""";
}

/// <summary>An octet key pair private key (RFC 8037) held by NSec: PKCS#8 and the JWK <c>d</c> member are the same for both curves.</summary>
internal abstract class OkpKeyPair : KeyPair
{
    private protected OkpKeyPair(Key key, KeyExportPolicy policy) : base(policy) => NSecKey = key;

    private protected Key NSecKey { get; }

    private protected sealed override byte[] ExportPkcs8Core() => NSecKey.Export(KeyBlobFormat.PkixPrivateKey);

    private protected sealed override void WritePrivateJwkMembers(Utf8JsonWriter writer) =>
        writer.WriteString("d", Base64Url.Encode(NSecKey.Export(KeyBlobFormat.RawPrivateKey)));

    protected sealed override void Dispose(bool disposing)
    {
        if (disposing) NSecKey.Dispose();
        base.Dispose(disposing);
    }
}
