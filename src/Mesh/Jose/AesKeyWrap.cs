// RFC 3394 section 2.2 (AES Key Wrap, index-based form), as JOSE's A128KW/A256KW use it (RFC 7518 section 4.4).
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Mesh.Jose;

/// <summary>
/// AES Key Wrap of RFC 3394 (not the padded variant of RFC 5649, which is the only one .NET
/// offers and which produces different bytes). Built from single-block AES-ECB operations.
/// </summary>
internal static class AesKeyWrap
{
    private const ulong DefaultIv = 0xA6A6A6A6A6A6A6A6; // RFC 3394 section 2.2.3.1

    /// <summary>
    /// Wraps key data (a multiple of 8 bytes, at least 16) under a 16-, 24- or 32-byte key-encryption
    /// key; the result is 8 bytes longer. Throws <see cref="ArgumentException"/> for bad sizes.
    /// </summary>
    internal static byte[] Wrap(ReadOnlySpan<byte> kek, ReadOnlySpan<byte> keyData)
    {
        CheckKek(kek);
        if (keyData.Length < 16 || keyData.Length % 8 != 0)
            throw new ArgumentException("AES Key Wrap needs at least 16 bytes of key data in multiples of 8.", nameof(keyData));
        var n = keyData.Length / 8;
        var output = new byte[keyData.Length + 8];
        keyData.CopyTo(output.AsSpan(8));
        var a = DefaultIv;
        Span<byte> block = stackalloc byte[16];
        using var aes = CreateAes(kek);
        for (var j = 0; j < 6; j++)
        {
            for (var i = 1; i <= n; i++)
            {
                var r = output.AsSpan(8 * i, 8);
                BinaryPrimitives.WriteUInt64BigEndian(block, a);
                r.CopyTo(block[8..]);
                aes.EncryptEcb(block, block, PaddingMode.None);
                a = BinaryPrimitives.ReadUInt64BigEndian(block) ^ (ulong)(n * j + i);
                block[8..].CopyTo(r);
            }
        }
        BinaryPrimitives.WriteUInt64BigEndian(output, a);
        CryptographicOperations.ZeroMemory(block);
        return output;
    }

    /// <summary>
    /// Unwraps wrapped key data. Throws <see cref="MeshException"/> when the input has a bad
    /// length or fails the integrity check (wrong key-encryption key or tampered data).
    /// </summary>
    internal static byte[] Unwrap(ReadOnlySpan<byte> kek, ReadOnlySpan<byte> wrapped)
    {
        CheckKek(kek);
        if (wrapped.Length < 24 || wrapped.Length % 8 != 0)
            throw new MeshException($"The AES-wrapped key must be at least 24 bytes in multiples of 8, not {wrapped.Length}.");
        var n = wrapped.Length / 8 - 1;
        var output = wrapped[8..].ToArray();
        var a = BinaryPrimitives.ReadUInt64BigEndian(wrapped);
        Span<byte> block = stackalloc byte[16];
        using var aes = CreateAes(kek);
        for (var j = 5; j >= 0; j--)
        {
            for (var i = n; i >= 1; i--)
            {
                var r = output.AsSpan(8 * (i - 1), 8);
                BinaryPrimitives.WriteUInt64BigEndian(block, a ^ (ulong)(n * j + i));
                r.CopyTo(block[8..]);
                aes.DecryptEcb(block, block, PaddingMode.None);
                a = BinaryPrimitives.ReadUInt64BigEndian(block);
                block[8..].CopyTo(r);
            }
        }
        CryptographicOperations.ZeroMemory(block);
        Span<byte> check = stackalloc byte[8];
        Span<byte> expected = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(check, a);
        BinaryPrimitives.WriteUInt64BigEndian(expected, DefaultIv);
        // Constant time, so that a failed check says nothing about how far the unwrapped value was off.
        if (!CryptographicOperations.FixedTimeEquals(check, expected))
        {
            CryptographicOperations.ZeroMemory(output);
            throw new MeshException("The AES-wrapped key fails its integrity check: wrong key or tampered.");
        }
        return output;
    }

    private static void CheckKek(ReadOnlySpan<byte> kek)
    {
        if (kek.Length is not (16 or 24 or 32))
            throw new ArgumentException("An AES key-encryption key is 16, 24 or 32 bytes.", nameof(kek));
    }

    private static Aes CreateAes(ReadOnlySpan<byte> kek)
    {
        var aes = Aes.Create();
        // SetKey takes a span: no copy of the key-encryption key is left behind unerased.
        aes.SetKey(kek);
        return aes;
    }
}
