// Reading the private key files people already have: OpenSSH's openssh-key-v1 (PROTOCOL.key, with
// or without a bcrypt-pbkdf passphrase), and PEM PKCS#1, SEC 1 and PKCS#8 (encrypted or not).
using System.Numerics;
using System.Security.Cryptography;
using Mesh.Ssh;
using Renci.SshNet;
using Renci.SshNet.Common;
using Renci.SshNet.Security;

namespace Mesh.Client.Ssh;

/// <summary>Imports an existing SSH private key file, parsed by SSH.NET, as an <see cref="SshKeyPair"/>.</summary>
public static class SshKeyImport
{
    /// <summary>The largest key file read.</summary>
    public const int MaxFileBytes = 64 * 1024;

    /// <summary>
    /// The key pair in a private key file and the comment it carries (openssh-key-v1 files have one).
    /// Throws <see cref="MeshException"/> with the reason for a file that is not a supported key,
    /// needs a passphrase that was not given, or does not open with the one given.
    /// </summary>
    public static (SshKeyPair Key, string? Comment) Read(byte[] file, string? passphrase)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Length > MaxFileBytes) throw new MeshException(MeshStatus.BadRequest, $"A private key file is at most {MaxFileBytes / 1024} KiB.");
        PrivateKeyFile parsed;
        try
        {
            using var stream = new MemoryStream(file, writable: false);
            parsed = string.IsNullOrEmpty(passphrase) ? new PrivateKeyFile(stream) : new PrivateKeyFile(stream, passphrase);
        }
        catch (SshPassPhraseNullOrEmptyException)
        {
            throw new MeshException(MeshStatus.ClientUnauthorized, "The private key file is protected by a passphrase; give it with --passphrase-file FILE or MESH_SSH_PASSPHRASE.");
        }
        // The file is untrusted and the parser is another project's: whatever it throws on a malformed
        // file is a refusal of that file, never a crash of the command.
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new MeshException(MeshStatus.BadRequest, $"The file is not a private key this can read (an OpenSSH, PEM or PKCS#8 Ed25519, ECDSA P-256 or RSA key), or the passphrase is wrong: {e.Message}");
        }
        using (parsed)
        {
            try
            {
                var comment = string.IsNullOrWhiteSpace(parsed.Key.Comment) ? null : parsed.Key.Comment;
                return (Convert(parsed.Key), comment);
            }
            catch (Exception e) when (e is FormatException or CryptographicException)
            {
                throw new MeshException(MeshStatus.BadRequest, $"The private key cannot be used: {e.Message}");
            }
        }
    }

    private static SshKeyPair Convert(Key key) => key switch
    {
        ED25519Key ed => SshKeyPair.FromEd25519Seed(ed.PrivateKey),
        EcdsaKey ec => SshKeyPair.FromEcdsa(ec.Ecdsa.ExportParameters(true)),
        RsaKey rsa => SshKeyPair.FromRsa(Parameters(rsa)),
        _ => throw new FormatException($"{key} keys are not supported; Ed25519, ECDSA P-256 and RSA are."),
    };

    private static RSAParameters Parameters(RsaKey rsa)
    {
        var size = rsa.Modulus.GetByteCount(isUnsigned: true);
        var half = (size + 1) / 2;
        return new RSAParameters
        {
            Modulus = Bytes(rsa.Modulus, size),
            Exponent = Bytes(rsa.Exponent, rsa.Exponent.GetByteCount(isUnsigned: true)),
            D = Bytes(rsa.D, size),
            P = Bytes(rsa.P, half),
            Q = Bytes(rsa.Q, half),
            DP = Bytes(rsa.DP, half),
            DQ = Bytes(rsa.DQ, half),
            InverseQ = Bytes(rsa.InverseQ, half),
        };
    }

    // Big-endian unsigned, left-padded to the size .NET's RSAParameters requires.
    private static byte[] Bytes(BigInteger value, int size)
    {
        var raw = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        if (raw.Length > size) throw new FormatException("An RSA key component is larger than the modulus allows.");
        var result = new byte[size];
        raw.CopyTo(result, size - raw.Length);
        return result;
    }
}
