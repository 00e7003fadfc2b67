// RFC 7518 section 5.3 (AES-GCM content encryption) and RFC 7516 section 5.1 step 14 / 5.2 step 14 (the AAD).
using System.Security.Cryptography;

namespace Mesh.Jose;

/// <summary>AES-GCM with a 96-bit IV and a 128-bit tag over the JWE's plaintext.</summary>
internal static class JweContent
{
    internal const int IvBytes = 12;
    internal const int TagBytes = 16;

    /// <summary>
    /// The AAD of RFC 7516 section 5.1 step 14: ASCII(encoded protected header), followed by
    /// '.' and the encoded JWE AAD when there is one. Both are taken exactly as written.
    /// </summary>
    internal static byte[] AdditionalData(string encodedProtected, string? encodedAad) =>
        System.Text.Encoding.ASCII.GetBytes(encodedAad is null ? encodedProtected : encodedProtected + "." + encodedAad);

    /// <summary>Encrypts; the CEK must have the length <paramref name="encryption"/> needs.</summary>
    internal static (byte[] Ciphertext, byte[] Tag) Encrypt(
        JweEncryption encryption, ReadOnlySpan<byte> cek, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> aad)
    {
        if (cek.Length != encryption.KeyBytes()) throw new ArgumentException($"{encryption.Name()} needs a {encryption.KeyBytes()}-byte key.", nameof(cek));
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[TagBytes];
        using var gcm = new AesGcm(cek, TagBytes);
        gcm.Encrypt(iv, plaintext, ciphertext, tag, aad);
        return (ciphertext, tag);
    }

    /// <summary>
    /// Decrypts and authenticates. Throws <see cref="MeshException"/> for a CEK, IV or tag of the
    /// wrong length, or when the tag does not match (wrong key, or anything authenticated was changed).
    /// </summary>
    internal static byte[] Decrypt(
        JweEncryption encryption, ReadOnlySpan<byte> cek, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> aad)
    {
        if (cek.Length != encryption.KeyBytes())
            throw new MeshException($"The content encryption key is {cek.Length} bytes; {encryption.Name()} needs {encryption.KeyBytes()}.");
        if (iv.Length != IvBytes) throw new MeshException($"The JWE 'iv' must be {IvBytes} bytes for {encryption.Name()}, not {iv.Length}.");
        // AesGcm would accept shorter tags; a truncated tag is weaker and never what we write.
        if (tag.Length != TagBytes) throw new MeshException($"The JWE 'tag' must be {TagBytes} bytes for {encryption.Name()}, not {tag.Length}.");
        var plaintext = new byte[ciphertext.Length];
        try
        {
            using var gcm = new AesGcm(cek, TagBytes);
            gcm.Decrypt(iv, ciphertext, tag, plaintext, aad);
            return plaintext;
        }
        catch (CryptographicException e)
        {
            CryptographicOperations.ZeroMemory(plaintext);
            throw new MeshException("The JWE does not decrypt: wrong key or tampered.", e);
        }
    }
}
