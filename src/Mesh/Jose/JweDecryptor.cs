// RFC 7516 section 5.2 (message decryption): find our recipient, recover the CEK, decrypt the content.
using System.Security.Cryptography;
using System.Text.Json;
using Mesh.Cryptography;

namespace Mesh.Jose;

/// <summary>Decryption of a parsed JWE with either a private key or a symmetric key.</summary>
internal static class JweDecryptor
{
    /// <summary>
    /// Decrypts with <paramref name="pair"/> or, when it is null, <paramref name="symmetricKey"/>.
    /// When a key id is given or there is a single candidate recipient, the error about that
    /// recipient is reported as it is; otherwise recipients that do not fit the key or do not
    /// unwrap are skipped, as they are meant for other keys.
    /// </summary>
    internal static byte[] Decrypt(JweMessage message, KeyPair? pair, ReadOnlySpan<byte> symmetricKey, string? keyId)
    {
        var candidates = keyId is null ? message.Entries : [.. message.Entries.Where(e => e.KeyId == keyId)];
        if (candidates.Count == 0) throw new MeshException($"The JWE has no recipient with key id '{keyId}'.");
        if (keyId is null && candidates.Count > 1)
        {
            // Without a key id, only the recipients whose algorithm fits this key can be meant for it.
            var all = candidates;
            var fitting = new List<JweEntry>();
            foreach (var entry in all)
                if (Fits(entry, pair, symmetricKey)) fitting.Add(entry);
            candidates = fitting;
            if (candidates.Count == 0)
            {
                var algs = string.Join(", ", all.Select(e => e.Header.String("alg")).Distinct(StringComparer.Ordinal));
                throw new MeshException($"None of the JWE's {all.Count} recipients uses an algorithm for the given {Describe(pair, symmetricKey)}; they use {algs}.");
            }
        }
        var strict = keyId is not null || candidates.Count == 1;
        MeshException? lastError = null;
        foreach (var entry in candidates)
        {
            byte[] cek;
            try
            {
                cek = RecoverCek(message, entry, pair, symmetricKey);
            }
            catch (MeshException e) when (!strict)
            {
                lastError = e;
                continue;
            }
            // A CEK that unwrapped (with its integrity check) is the one meant for this key: a
            // content failure now is tampering, not a reason to try other recipients.
            try
            {
                var aad = JweContent.AdditionalData(message.EncodedProtected, message.EncodedAad);
                return JweContent.Decrypt(message.Encryption, cek, message.Iv, message.Ciphertext, message.Tag, aad);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(cek);
            }
        }
        throw new MeshException(
            $"None of the JWE's {candidates.Count} recipients that fit the given {Describe(pair, symmetricKey)} decrypts with it; the last said: {lastError?.Message}",
            lastError!);
    }

    /// <summary>Whether a recipient can be meant for this key: its algorithm fits and, for ECDH-ES, its <c>epk</c> is on the key's curve.</summary>
    private static bool Fits(JweEntry entry, KeyPair? pair, ReadOnlySpan<byte> symmetricKey)
    {
        if (!JweAlgorithms.TryParseKeyManagement(entry.Header.String("alg"), out var alg) || !KeyFits(alg, pair, symmetricKey)) return false;
        if (!alg.IsEcdh()) return true;
        var curve = pair!.Algorithm == KeyAlgorithm.X25519 ? "X25519" : "P-256";
        // Read leniently: a malformed epk of a recipient meant for another key is not our concern.
        return entry.Header.Raw("epk") is { ValueKind: JsonValueKind.Object } epk
            && epk.TryGetProperty("crv", out var crv) && crv.ValueKind == JsonValueKind.String && crv.GetString() == curve;
    }

    private static byte[] RecoverCek(JweMessage message, JweEntry entry, KeyPair? pair, ReadOnlySpan<byte> symmetricKey)
    {
        var alg = JweAlgorithms.ParseKeyManagement(entry.Header.RequiredString("alg"));
        CheckKeyFits(alg, pair, symmetricKey);
        var encryptedKey = entry.EncryptedKey;
        if (alg.IsDirect())
        {
            if (message.Entries.Count != 1) throw new MeshException($"{alg.Name()} can only be used with a single recipient.");
            if (encryptedKey is not null) throw new MeshException($"A JWE using {alg.Name()} must have an empty encrypted key.");
        }
        else if (encryptedKey is null)
        {
            throw new MeshException($"The JWE recipient using {alg.Name()} has no encrypted key.");
        }
        var enc = message.Encryption;
        switch (alg)
        {
            case JweKeyManagement.Direct:
                return symmetricKey.ToArray();
            case JweKeyManagement.A128Kw or JweKeyManagement.A256Kw:
                return AesKeyWrap.Unwrap(symmetricKey, encryptedKey);
            case JweKeyManagement.RsaOaep or JweKeyManagement.RsaOaep256:
                var hash = alg == JweKeyManagement.RsaOaep ? HashAlgorithmName.SHA1 : HashAlgorithmName.SHA256;
                return ((RsaKeyPair)pair!).DecryptOaep(encryptedKey, hash);
            case JweKeyManagement.EcdhEs:
                return JweKeyAgreement.Receive(pair!, entry.Header, enc.Name(), enc.KeyBytes());
            default:
                var kek = JweKeyAgreement.Receive(pair!, entry.Header, alg.Name(), alg.KekBytes());
                try
                {
                    return AesKeyWrap.Unwrap(kek, encryptedKey);
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(kek);
                }
        }
    }

    /// <summary>The allow-list of key types per algorithm (NOTES.md section 3): anything else is rejected before any use of the key.</summary>
    private static void CheckKeyFits(JweKeyManagement alg, KeyPair? pair, ReadOnlySpan<byte> symmetricKey)
    {
        if (!KeyFits(alg, pair, symmetricKey))
        {
            var needs = alg.IsEcdh() ? "an X25519 or P-256 key" : alg.IsRsa() ? "an RSA key"
                : alg == JweKeyManagement.Direct ? "a symmetric key" : $"a {alg.KekBytes()}-byte symmetric key";
            throw new MeshException($"The JWE recipient uses {alg.Name()}, which needs {needs}, not the given {Describe(pair, symmetricKey)}.");
        }
    }

    private static bool KeyFits(JweKeyManagement alg, KeyPair? pair, ReadOnlySpan<byte> symmetricKey) => alg switch
    {
        _ when alg.IsEcdh() => pair?.Algorithm is KeyAlgorithm.X25519 or KeyAlgorithm.P256,
        _ when alg.IsRsa() => pair is RsaKeyPair,
        JweKeyManagement.Direct => pair is null,
        _ => pair is null && symmetricKey.Length == alg.KekBytes(),
    };

    private static string Describe(KeyPair? pair, ReadOnlySpan<byte> symmetricKey) =>
        pair is null ? $"{symmetricKey.Length}-byte symmetric key" : $"{pair.Algorithm} key";
}
