// RFC 7516 section 5.1 (message encryption) with the key management of RFC 7518 sections 4.2-4.6 and RFC 8037.
using System.Security.Cryptography;
using Mesh.Cryptography;
using Mesh.Encoding;

namespace Mesh.Jose;

/// <summary>What one recipient gets: its header members and its encrypted key (null for direct algorithms).</summary>
internal sealed record JweRecipientOutput(JweRecipient Recipient, PublicKeyInfo? EphemeralKey, byte[]? EncryptedKey);

/// <summary>An encrypted JWE before serialization.</summary>
internal sealed record JweParts(
    string EncodedProtected, IReadOnlyList<JweRecipientOutput> Recipients, byte[] Iv, byte[] Ciphertext, byte[] Tag, string? EncodedAad);

/// <summary>Encrypts a plaintext to one or more recipients under a fresh CEK.</summary>
internal static class JweEncryptor
{
    /// <summary>
    /// Encrypts. With <paramref name="singleHeader"/> (the compact layout) the one recipient's
    /// <c>alg</c>, <c>kid</c> and <c>epk</c> go in the protected header; otherwise they go in
    /// per-recipient headers and the protected header holds only <c>enc</c> and <c>cty</c>.
    /// Throws <see cref="ArgumentException"/> for misuse (no or too many recipients, duplicate
    /// key ids, a direct algorithm with several recipients, a plaintext over the limit).
    /// </summary>
    internal static JweParts Encrypt(ReadOnlySpan<byte> plaintext, IReadOnlyList<JweRecipient> recipients, JweOptions options, bool singleHeader)
    {
        Check(plaintext, recipients, options, singleHeader);
        var enc = options.Encryption;
        var outputs = new List<JweRecipientOutput>(recipients.Count);
        byte[]? cek = null;
        try
        {
            if (recipients[0].Algorithm.IsDirect())
            {
                (cek, var epk) = DirectCek(recipients[0], enc, options);
                outputs.Add(new JweRecipientOutput(recipients[0], epk, null));
            }
            else
            {
                cek = options.TestCek?.ToArray() ?? RandomNumberGenerator.GetBytes(enc.KeyBytes());
                foreach (var recipient in recipients) outputs.Add(Wrap(recipient, cek, options));
            }
            var encodedProtected = Base64Url.Encode(JweWriter.ProtectedHeader(enc, options.ContentType, singleHeader ? outputs[0] : null));
            var encodedAad = options.AdditionalData.IsEmpty ? null : Base64Url.Encode(options.AdditionalData.Span);
            var iv = options.TestIv?.ToArray() ?? RandomNumberGenerator.GetBytes(JweContent.IvBytes);
            var (ciphertext, tag) = JweContent.Encrypt(enc, cek, iv, plaintext, JweContent.AdditionalData(encodedProtected, encodedAad));
            return new JweParts(encodedProtected, outputs, iv, ciphertext, tag, encodedAad);
        }
        finally
        {
            if (cek is not null) CryptographicOperations.ZeroMemory(cek);
        }
    }

    private static void Check(ReadOnlySpan<byte> plaintext, IReadOnlyList<JweRecipient> recipients, JweOptions options, bool singleHeader)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        ArgumentNullException.ThrowIfNull(options);
        // Never write what our own reader would refuse.
        if (plaintext.Length > Jwe.MaxPlaintextLength)
            throw new ArgumentException($"The plaintext is {plaintext.Length} bytes; at most {Jwe.MaxPlaintextLength} can be encrypted.", nameof(plaintext));
        if (recipients.Count is 0 or > Jwe.MaxRecipients)
            throw new ArgumentException($"A JWE has 1 to {Jwe.MaxRecipients} recipients, not {recipients.Count}.", nameof(recipients));
        if (recipients.Any(r => r is null)) throw new ArgumentException("A recipient is null.", nameof(recipients));
        if (recipients.Select(r => r.KeyId).Distinct(StringComparer.Ordinal).Count() != recipients.Count)
            throw new ArgumentException("Two recipients have the same key id.", nameof(recipients));
        if (recipients.Count > 1 && recipients.Any(r => r.Algorithm.IsDirect()))
            throw new ArgumentException("ECDH-ES and dir can only be used with a single recipient.", nameof(recipients));
        if (singleHeader && recipients.Count != 1)
            throw new ArgumentException("Only one recipient's header fits in the protected header.", nameof(recipients));
        if (recipients[0].Algorithm == JweKeyManagement.Direct && recipients[0].SymmetricKey.Length != options.Encryption.KeyBytes())
            throw new ArgumentException($"dir with {options.Encryption.Name()} needs a {options.Encryption.KeyBytes()}-byte key.", nameof(recipients));
    }

    /// <summary>The CEK of a direct algorithm: the shared key itself (dir) or the ECDH-ES KDF output.</summary>
    private static (byte[] Cek, PublicKeyInfo? Epk) DirectCek(JweRecipient recipient, JweEncryption enc, JweOptions options)
    {
        if (recipient.Algorithm == JweKeyManagement.Direct) return (recipient.SymmetricKey.ToArray(), null);
        var ephemeral = Ephemeral(recipient.PublicKey!, options);
        try
        {
            return (JweKeyAgreement.Send(ephemeral, recipient.PublicKey!, enc.Name(), enc.KeyBytes()), ephemeral.PublicKey);
        }
        finally
        {
            if (ephemeral != options.TestEphemeralKey) ephemeral.Dispose();
        }
    }

    private static JweRecipientOutput Wrap(JweRecipient recipient, byte[] cek, JweOptions options)
    {
        var alg = recipient.Algorithm;
        switch (alg)
        {
            case JweKeyManagement.A128Kw or JweKeyManagement.A256Kw:
                return new JweRecipientOutput(recipient, null, AesKeyWrap.Wrap(recipient.SymmetricKey, cek));
            case JweKeyManagement.RsaOaep or JweKeyManagement.RsaOaep256:
                var hash = alg == JweKeyManagement.RsaOaep ? HashAlgorithmName.SHA1 : HashAlgorithmName.SHA256;
                return new JweRecipientOutput(recipient, null, ((RsaPublicKey)recipient.PublicKey!).EncryptOaep(cek, hash));
            default:
                var ephemeral = Ephemeral(recipient.PublicKey!, options);
                var kek = JweKeyAgreement.Send(ephemeral, recipient.PublicKey!, alg.Name(), alg.KekBytes());
                try
                {
                    return new JweRecipientOutput(recipient, ephemeral.PublicKey, AesKeyWrap.Wrap(kek, cek));
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(kek);
                    if (ephemeral != options.TestEphemeralKey) ephemeral.Dispose();
                }
        }
    }

    /// <summary>A fresh ephemeral key on the recipient's curve (one per recipient, as each recipient has its own key type).</summary>
    private static KeyPair Ephemeral(PublicKeyInfo recipient, JweOptions options) =>
        options.TestEphemeralKey ?? KeyPair.Generate(recipient.Algorithm);
}
