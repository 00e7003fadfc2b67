// Draft section 5.8: handing a mail account's keys to a mail client, as PKCS #12 (RFC 7292) for
// S/MIME and as ASCII-armored OpenPGP keys (RFC 4880 section 6.2).
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mesh.Cryptography;
using Mesh.OpenPgp;
using Mesh.Schema;
using Mesh.X509;

namespace Mesh.Applications;

/// <summary>
/// Exports the keys of a mail account (see <see cref="MailAccounts"/>) in the forms mail clients
/// import. The private part comes from a decrypted profile, so its contents are checked: a missing
/// or mismatched key is a <see cref="MeshException"/> (400).
/// </summary>
public static class MailKeys
{
    /// <summary>
    /// The S/MIME key pair as a PKCS #12 file: the certificate with its private key, and its CA
    /// certificate. Encrypted with PBES2, AES-256 and SHA-256 (which OpenSSL 3, NSS and current
    /// Windows read), or with <paramref name="legacyEncryption"/> the 3DES and SHA-1 that older clients need.
    /// </summary>
    /// <exception cref="ArgumentException">the password is empty</exception>
    /// <exception cref="MeshException">the account has no S/MIME key pair, or its private key is missing or not the certificate's</exception>
    public static byte[] ExportPkcs12(MailProfilePrivate account, string password, bool legacyEncryption = false)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentException.ThrowIfNullOrEmpty(password);
        var key = (account.Encrypt ?? []).Concat(account.Sign ?? []).FirstOrDefault(k => k.X509Certificate is not null)
            ?? throw new MeshException("The mail account has no S/MIME key pair.");
        var pkcs8 = PrivateKey(account, key);
        try
        {
            using var leaf = X509CertificateLoader.LoadCertificate(key.X509Certificate!);
            using var withKey = WithPrivateKey(leaf, pkcs8);
            var collection = new X509Certificate2Collection(withKey);
            foreach (var ca in key.X509Chain ?? []) collection.Add(X509CertificateLoader.LoadCertificate(ca));
            try
            {
                return collection.ExportPkcs12(
                    legacyEncryption ? Pkcs12ExportPbeParameters.Pkcs12TripleDesSha1 : Pkcs12ExportPbeParameters.Pbes2Aes256Sha256, password);
            }
            finally
            {
                foreach (var c in collection.Skip(1)) c.Dispose();
            }
        }
        catch (CryptographicException e)
        {
            throw new MeshException($"The S/MIME key pair of the mail account cannot be exported: {e.Message}", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    /// <summary>
    /// The OpenPGP key pair, armored as <c>gpg --import</c> takes it, protected with
    /// <paramref name="passphrase"/> or unprotected when it is null.
    /// </summary>
    /// <exception cref="MeshException">the account has no OpenPGP key pair, or it is malformed</exception>
    public static string ExportOpenPgpSecret(MailProfilePrivate account, string? passphrase)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (account.OpenPGPSecretKey is null) throw new MeshException("The mail account has no OpenPGP key pair.");
        return OpenPgpKeys.ReadSecret(account.OpenPGPSecretKey, null).ExportArmored(passphrase);
    }

    /// <summary>The armored OpenPGP public key of a mail profile, checked against the UDF its EncryptionPGP gives.</summary>
    /// <exception cref="MeshException">the profile has no OpenPGP key, it is malformed, or it is not the key EncryptionPGP names</exception>
    public static string ExportOpenPgpPublic(MailProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (profile.EncryptionPGPKey is null) throw new MeshException("The mail profile has no OpenPGP key.");
        if (!Udf.AreEqual(profile.EncryptionPGP?.UDF, MailAccounts.OpenPgpKeyUdf(profile.EncryptionPGPKey)))
            throw new MeshException("The mail profile's OpenPGP key is not the key its EncryptionPGP names.");
        return OpenPgpKeys.ReadPublic(profile.EncryptionPGPKey).ExportArmored();
    }

    // The PKCS#8 of the key pair's private key, checked to be the certificate's key.
    private static byte[] PrivateKey(MailProfilePrivate account, Schema.PublicKey key)
    {
        var stored = (account.PrivateKeys ?? []).FirstOrDefault(k => Udf.AreEqual(k.UDF, key.UDF))?.PKCS8
            ?? throw new MeshException($"The mail account has no private key for its S/MIME key {key.UDF}.");
        var certified = PersonalCertificates.Read(key.X509Certificate!).SubjectKey;
        using var pair = KeyPair.ImportPkcs8(stored);
        if (!pair.PublicKey.Equals(certified))
            throw new MeshException($"The private key stored for S/MIME key {key.UDF} is not the key its certificate certifies.");
        return (byte[])stored.Clone();
    }

    private static X509Certificate2 WithPrivateKey(X509Certificate2 certificate, byte[] pkcs8)
    {
        switch (certificate.PublicKey.Oid.Value)
        {
            case Asn1Oids.RsaEncryption:
                using (var rsa = RSA.Create())
                {
                    rsa.ImportPkcs8PrivateKey(pkcs8, out _);
                    return certificate.CopyWithPrivateKey(rsa);
                }
            case Asn1Oids.EcPublicKey:
                using (var ec = ECDsa.Create())
                {
                    ec.ImportPkcs8PrivateKey(pkcs8, out _);
                    return certificate.CopyWithPrivateKey(ec);
                }
            default:
                throw new MeshException($"A PKCS #12 file cannot be made for a key of type {certificate.PublicKey.Oid.Value}.");
        }
    }
}
