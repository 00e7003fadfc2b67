using System.Security.Cryptography;
using Mesh.Encoding;
using Mesh.Jose;
using NSec.Cryptography;

namespace Mesh.Client.Home;

/// <summary>
/// Protection of secret files with a passphrase: a 256-bit key derived with Argon2id (RFC 9106;
/// 64 MiB, 3 passes, one lane, a random 16-byte salt) encrypts the file as a compact JWE
/// (<c>dir</c>, <c>A256GCM</c>). The protected form is the text <c>argon2id$m=65536,t=3,p=1$SALT$JWE</c>.
/// </summary>
public static class Passphrase
{
    private const string Prefix = "argon2id$";
    private const long MemoryKiB = 64 * 1024;
    private const long Passes = 3;

    /// <summary>Whether bytes read from a file are passphrase-protected.</summary>
    public static bool IsProtected(ReadOnlySpan<byte> bytes) => bytes.StartsWith("argon2id$"u8);

    /// <summary>Encrypts bytes under a passphrase.</summary>
    public static byte[] Protect(ReadOnlySpan<byte> plaintext, string passphrase)
    {
        ArgumentException.ThrowIfNullOrEmpty(passphrase);
        var salt = RandomNumberGenerator.GetBytes(16);
        var key = Derive(passphrase, salt, MemoryKiB, Passes);
        try
        {
            var jwe = Jwe.EncryptCompact(plaintext, JweRecipient.ForSymmetricKey(key, "passphrase", JweKeyManagement.Direct));
            return System.Text.Encoding.ASCII.GetBytes($"{Prefix}m={MemoryKiB},t={Passes},p=1${Base64Url.Encode(salt)}${jwe}");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Decrypts protected bytes; throws <see cref="MeshException"/> (401) for a wrong passphrase, 400 when malformed.</summary>
    public static byte[] Unprotect(ReadOnlySpan<byte> protectedBytes, string passphrase)
    {
        ArgumentNullException.ThrowIfNull(passphrase);
        var parts = System.Text.Encoding.ASCII.GetString(protectedBytes).Split('$');
        if (parts.Length != 4 || parts[0] != "argon2id" || !Base64Url.TryDecode(parts[2], out var salt) || salt.Length < 16)
            throw new MeshException("The protected file is malformed.");
        var settings = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var setting in parts[1].Split(',').Select(p => p.Split('=')))
            if (!settings.TryAdd(setting[0], setting.Length == 2 && long.TryParse(setting[1], out var v) ? v : -1))
                throw new MeshException("The protected file repeats an Argon2id setting.");
        if (!settings.TryGetValue("m", out var memory) || !settings.TryGetValue("t", out var passes) || memory is < 8 * 1024 or > 4 * 1024 * 1024 || passes is < 1 or > 64)
            throw new MeshException("The protected file has unusable Argon2id settings.");
        var key = Derive(passphrase, salt, memory, passes);
        try
        {
            return Jwe.Decrypt(parts[3], key);
        }
        catch (MeshException e)
        {
            throw new MeshException(MeshStatus.ClientUnauthorized, "The passphrase is wrong (or the file was altered).", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static byte[] Derive(string passphrase, byte[] salt, long memoryKiB, long passes)
    {
        var argon = PasswordBasedKeyDerivationAlgorithm.Argon2id(new Argon2Parameters { DegreeOfParallelism = 1, MemorySize = memoryKiB, NumberOfPasses = passes });
        return argon.DeriveBytes(passphrase, salt, 32);
    }
}
