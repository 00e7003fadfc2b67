// RFC 7516 (JSON Web Encryption): the entry points. NOTES.md section 3: EncryptedData is a general JSON
// serialization with one recipient per device key (kid = the key's UDF) and enc = A256GCM.
using Mesh.Cryptography;

namespace Mesh.Jose;

/// <summary>
/// Encrypts data to recipients as a JWE and decrypts JWEs. Only the algorithms of
/// <see cref="JweKeyManagement"/> and <see cref="JweEncryption"/> are accepted; every problem with
/// an untrusted JWE is a <see cref="MeshException"/>, misuse an <see cref="ArgumentException"/>.
/// </summary>
public static class Jwe
{
    /// <summary>
    /// The largest plaintext encrypted (4 MiB: a vault of some 25,000 logins), so that every JWE
    /// written, and a JWS that carries one, fits <see cref="JoseJson.MaxObjectLength"/>.
    /// </summary>
    public const int MaxPlaintextLength = 4 * 1024 * 1024;

    /// <summary>The most recipients a JWE may have, when writing and when reading.</summary>
    public const int MaxRecipients = 64;

    /// <summary>
    /// Encrypts to one or more recipients in the general JSON serialization (RFC 7516 section 7.2.1):
    /// the protected header holds <c>enc</c> (and <c>cty</c>), each recipient's header its
    /// <c>alg</c>, <c>kid</c> and, for ECDH-ES, a fresh <c>epk</c>. Throws <see cref="ArgumentException"/>
    /// for misuse (see <see cref="JweRecipient"/>, <see cref="MaxRecipients"/>, <see cref="MaxPlaintextLength"/>;
    /// ECDH-ES and dir take a single recipient) and <see cref="MeshException"/> for a recipient's
    /// X25519 public key of low order, with which no secret can be agreed.
    /// </summary>
    public static string Encrypt(ReadOnlySpan<byte> plaintext, IReadOnlyList<JweRecipient> recipients, JweOptions? options = null) =>
        JweWriter.General(JweEncryptor.Encrypt(plaintext, recipients, options ?? new JweOptions(), singleHeader: false));

    /// <summary>
    /// Encrypts to one recipient in the compact serialization (RFC 7516 section 7.1), every header
    /// member protected. <see cref="JweOptions.AdditionalData"/> must be empty.
    /// </summary>
    public static string EncryptCompact(ReadOnlySpan<byte> plaintext, JweRecipient recipient, JweOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        options ??= new JweOptions();
        if (!options.AdditionalData.IsEmpty)
            throw new ArgumentException("The compact serialization cannot carry additional authenticated data.", nameof(options));
        return JweWriter.Compact(JweEncryptor.Encrypt(plaintext, [recipient], options, singleHeader: true));
    }

    /// <summary>Parses a JWE in any serialization and decrypts it with a private key; see <see cref="JweMessage.Decrypt(KeyPair, string?)"/>.</summary>
    public static byte[] Decrypt(string jwe, KeyPair key, string? keyId = null) => JweMessage.Parse(jwe).Decrypt(key, keyId);

    /// <summary>Parses a JWE in any serialization and decrypts it with a symmetric key; see <see cref="JweMessage.Decrypt(ReadOnlySpan{byte}, string?)"/>.</summary>
    public static byte[] Decrypt(string jwe, ReadOnlySpan<byte> symmetricKey, string? keyId = null) => JweMessage.Parse(jwe).Decrypt(symmetricKey, keyId);
}
