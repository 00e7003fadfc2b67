// RFC 7518 section 4.6.2: the Concat KDF of NIST SP 800-56A (section 5.8.1) with SHA-256, as ECDH-ES uses it.
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Mesh.Jose;

/// <summary>Derives ECDH-ES key material from a shared secret Z.</summary>
internal static class ConcatKdf
{
    /// <summary>
    /// Derives <paramref name="keyBytes"/> bytes from Z with
    /// OtherInfo = AlgorithmID || PartyUInfo || PartyVInfo || SuppPubInfo, where the first three are
    /// length-prefixed (32-bit big-endian) and SuppPubInfo is the key length in bits.
    /// <paramref name="algorithmId"/> is the <c>enc</c> value for direct ECDH-ES, else the <c>alg</c> value.
    /// </summary>
    internal static byte[] Derive(ReadOnlySpan<byte> z, string algorithmId, ReadOnlySpan<byte> apu, ReadOnlySpan<byte> apv, int keyBytes)
    {
        ArgumentNullException.ThrowIfNull(algorithmId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(keyBytes);
        var output = new byte[keyBytes];
        var digest = new byte[SHA256.HashSizeInBytes];
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (int counter = 1, done = 0; done < keyBytes; counter++)
        {
            AppendUInt32(hash, (uint)counter);
            hash.AppendData(z);
            AppendLengthPrefixed(hash, System.Text.Encoding.ASCII.GetBytes(algorithmId));
            AppendLengthPrefixed(hash, apu);
            AppendLengthPrefixed(hash, apv);
            AppendUInt32(hash, (uint)keyBytes * 8);
            hash.GetHashAndReset(digest);
            var take = Math.Min(digest.Length, keyBytes - done);
            digest.AsSpan(0, take).CopyTo(output.AsSpan(done));
            done += take;
        }
        CryptographicOperations.ZeroMemory(digest);
        return output;
    }

    private static void AppendLengthPrefixed(IncrementalHash hash, ReadOnlySpan<byte> data)
    {
        AppendUInt32(hash, (uint)data.Length);
        hash.AppendData(data);
    }

    private static void AppendUInt32(IncrementalHash hash, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        hash.AppendData(bytes);
    }
}
