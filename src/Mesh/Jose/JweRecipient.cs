// RFC 7516 section 7.2.1: one entry of "recipients", described before encryption.
using Mesh.Cryptography;

namespace Mesh.Jose;

/// <summary>
/// A recipient to encrypt to: a public key (X25519, P-256 or RSA) or a shared symmetric key,
/// the key management algorithm, and the <c>kid</c> that names the key in the JWE (the Mesh
/// uses the key's UDF). Build one with <see cref="ForPublicKey"/> or <see cref="ForSymmetricKey"/>.
/// </summary>
public sealed class JweRecipient
{
    private readonly byte[]? _symmetricKey;

    private JweRecipient(string keyId, JweKeyManagement algorithm, PublicKeyInfo? publicKey, byte[]? symmetricKey)
    {
        KeyId = keyId;
        Algorithm = algorithm;
        PublicKey = publicKey;
        _symmetricKey = symmetricKey;
    }

    /// <summary>The <c>kid</c> written in the recipient's header.</summary>
    public string KeyId { get; }

    /// <summary>The key management algorithm (<c>alg</c>).</summary>
    public JweKeyManagement Algorithm { get; }

    /// <summary>The recipient's public key, or null for a symmetric key.</summary>
    public PublicKeyInfo? PublicKey { get; }

    internal ReadOnlySpan<byte> SymmetricKey => _symmetricKey;

    /// <summary>
    /// A recipient holding the private key of <paramref name="key"/>. The algorithm defaults to
    /// <c>ECDH-ES+A256KW</c> for X25519 and P-256 keys and <c>RSA-OAEP-256</c> for RSA keys.
    /// Throws <see cref="ArgumentException"/> for an empty key id, a key that cannot encrypt
    /// (Ed25519) or an algorithm that does not fit the key.
    /// </summary>
    public static JweRecipient ForPublicKey(PublicKeyInfo key, string keyId, JweKeyManagement? algorithm = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        var alg = algorithm ?? key.Algorithm switch
        {
            KeyAlgorithm.X25519 or KeyAlgorithm.P256 => JweKeyManagement.EcdhEsA256Kw,
            KeyAlgorithm.Rsa => JweKeyManagement.RsaOaep256,
            _ => throw new ArgumentException($"A {key.Algorithm} key cannot receive encrypted data.", nameof(key)),
        };
        var fits = key.Algorithm switch
        {
            KeyAlgorithm.X25519 or KeyAlgorithm.P256 => alg.IsEcdh(),
            KeyAlgorithm.Rsa => alg.IsRsa(),
            _ => false,
        };
        if (!fits) throw new ArgumentException($"A {key.Algorithm} key cannot be used with {alg.Name()}.", nameof(algorithm));
        return new JweRecipient(keyId, alg, key, null);
    }

    /// <summary>
    /// A recipient sharing a symmetric key: <c>A128KW</c> (16 bytes), <c>A256KW</c> (32 bytes) or
    /// <c>dir</c> (the key is the CEK: 16 bytes for A128GCM, 32 for A256GCM). The key is copied.
    /// Throws <see cref="ArgumentException"/> for another algorithm or a wrong key length.
    /// </summary>
    public static JweRecipient ForSymmetricKey(ReadOnlySpan<byte> key, string keyId, JweKeyManagement algorithm)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        if (!algorithm.IsSymmetric())
            throw new ArgumentException($"{algorithm.Name()} does not use a symmetric key.", nameof(algorithm));
        var ok = algorithm == JweKeyManagement.Direct ? key.Length is 16 or 32 : key.Length == algorithm.KekBytes();
        if (!ok) throw new ArgumentException($"A {key.Length}-byte key cannot be used with {algorithm.Name()}.", nameof(key));
        return new JweRecipient(keyId, algorithm, null, key.ToArray());
    }
}
