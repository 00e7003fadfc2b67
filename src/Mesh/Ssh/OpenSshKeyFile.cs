// OpenSSH's PROTOCOL.key: the openssh-key-v1 private key file, written unencrypted (the profile's
// end-to-end encryption protects the key; a file written out is the user's to protect).
using System.Security.Cryptography;

namespace Mesh.Ssh;

/// <summary>Writes OpenSSH private key files (<c>-----BEGIN OPENSSH PRIVATE KEY-----</c>).</summary>
public static class OpenSshKeyFile
{
    private static readonly byte[] Magic = "openssh-key-v1\0"u8.ToArray();

    /// <summary>The key as an unencrypted openssh-key-v1 file, with a comment, base64 wrapped at 70 columns as ssh-keygen does.</summary>
    public static string Write(SshKeyPair key, string comment)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(comment);
        var check = (uint)RandomNumberGenerator.GetInt32(int.MaxValue);
        var section = new SshWriter().Number(check).Number(check).Text(key.PublicKey.AlgorithmName);
        key.WritePrivateFields(section);
        section.Text(comment);
        var unpadded = section.ToArray();
        var padding = Enumerable.Range(1, (8 - (unpadded.Length % 8)) % 8).Select(i => (byte)i).ToArray();
        var body = new SshWriter().Raw(Magic).Text("none").Text("none").Bytes([]).Number(1)
            .Bytes(key.PublicKey.BlobSpan).Bytes([.. unpadded, .. padding]).ToArray();
        var base64 = Convert.ToBase64String(body);
        var lines = Enumerable.Range(0, (base64.Length + 69) / 70).Select(i => base64.Substring(i * 70, Math.Min(70, base64.Length - (i * 70))));
        return $"-----BEGIN OPENSSH PRIVATE KEY-----\n{string.Join('\n', lines)}\n-----END OPENSSH PRIVATE KEY-----\n";
    }
}
