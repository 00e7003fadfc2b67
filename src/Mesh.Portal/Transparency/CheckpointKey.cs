using Mesh.Cryptography;
using Mesh.Profiles;

namespace Mesh.Portal.Transparency;

/// <summary>
/// The portal's Ed25519 checkpoint key: read from a PKCS#8 file, or created there (readable by
/// the owner only) on first start. Portal processes that share a database must share this file.
/// </summary>
public static class CheckpointKey
{
    /// <summary>The file name used in the data folder when no path is configured.</summary>
    public const string DefaultFileName = "checkpoint-key.p8";

    /// <summary>Loads the key at <paramref name="path"/>, creating it first when the file does not exist.</summary>
    public static KeyPair LoadOrCreate(string path) => KeyFile.LoadOrCreate(path);

    /// <summary>
    /// The key as Hello publishes it: its UDF and a self-signed certificate, made once and kept
    /// beside the key file so that every process sharing the key publishes the same certificate.
    /// </summary>
    public static Schema.PublicKey Describe(KeyPair key, string keyPath, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(key);
        var certificatePath = keyPath + ".cer";
        if (File.Exists(certificatePath))
        {
            var stored = File.ReadAllBytes(certificatePath);
            if (X509.PersonalCertificates.VerifyIssuedBy(stored, key.PublicKey) && X509.PersonalCertificates.Read(stored).SubjectKey.Equals(key.PublicKey))
                return new Schema.PublicKey { UDF = key.PublicKey.Udf(), X509Certificate = stored };
        }
        var described = CertifiedKeys.SelfSigned(key, now);
        var temporary = certificatePath + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllBytes(temporary, described.X509Certificate!);
        File.Move(temporary, certificatePath, overwrite: true);
        return described;
    }
}
