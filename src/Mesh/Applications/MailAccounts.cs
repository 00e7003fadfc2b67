// Draft section 5.8: a mail account: its servers (5.6.1 connections) and the key pairs made for
// the user, S/MIME (RFC 8550, RFC 8551) and OpenPGP (RFC 4880).
using Mesh.Cryptography;
using Mesh.OpenPgp;
using Mesh.Profiles;
using Mesh.Schema;
using Mesh.X509;

namespace Mesh.Applications;

/// <summary>A new mail account: the public part of its mail profile and the private part to seal with it.</summary>
/// <param name="Profile">the public part: the S/MIME certificate and the OpenPGP public key correspondents encrypt to</param>
/// <param name="Private">the private part: servers and private keys</param>
public sealed record MailAccount(MailProfile Profile, MailProfilePrivate Private);

/// <summary>
/// Makes mail accounts with fresh keys.
/// </summary>
/// <remarks>
/// <para>S/MIME: one RSA-3072 key pair that signs and decrypts. RSA is the one key type every mail
/// client takes for both (ECDH key agreement for S/MIME, RFC 5753, is missing from several), and one
/// dual-use key keeps the account to one certificate. Its certificate (keyUsage digitalSignature and
/// keyEncipherment, extKeyUsage emailProtection, the address as rfc822Name) is issued by a CA made
/// for the account alone: a self-signed P-256 CA (ECDSA certificate signatures are read by every
/// client, unlike Ed25519). Not the device signature key, which would tie the account to one device
/// and die with it; not the master signing key, which stays offline. The CA certificate is the
/// certificate chain of the S/MIME key, and its private key stays in the private part so that any
/// device that reads the account can issue a new certificate under the same CA, which correspondents
/// may have chosen to trust. Certificates last as long as those of the personal PKI.</para>
/// <para>OpenPGP: <see cref="OpenPgpKeys.Generate"/>, Ed25519 with a Cv25519 subkey unless asked
/// otherwise. Its <see cref="PublicKey"/> entry carries only a UDF: the content digest, with content
/// type <see cref="OpenPgpKeyContentType"/>, of the binary transferable public key.</para>
/// <para>Where the private keys live (this implementation's additions to the draft's schema):
/// <see cref="MailProfilePrivate.PrivateKeys"/> holds the S/MIME and CA private keys as PKCS#8, by UDF;
/// <see cref="MailProfilePrivate.OpenPGPSecretKey"/> the unprotected OpenPGP secret key; the private
/// part is only ever stored encrypted. <see cref="MailProfile.EncryptionPGPKey"/> publishes the OpenPGP public key.</para>
/// </remarks>
public static class MailAccounts
{
    /// <summary>The content type under which an OpenPGP public key is fingerprinted as a UDF (RFC 3156's media type).</summary>
    public const string OpenPgpKeyContentType = "application/pgp-keys";

    /// <summary>The size of the S/MIME RSA key.</summary>
    public const int SmimeRsaBits = 3072;

    /// <summary>
    /// Makes a mail account for <paramref name="emailAddress"/> with fresh S/MIME and OpenPGP keys
    /// and the servers given as URIs (see <see cref="ConnectionUri"/>), preferred first.
    /// </summary>
    /// <exception cref="ArgumentException">the address is not an ASCII mailbox, the display name is
    /// empty or unfit for an OpenPGP user id, or a server URI is invalid</exception>
    public static MailAccount Create(string emailAddress, string displayName, string? accountName,
        IEnumerable<string> inbound, IEnumerable<string> outbound, DateTimeOffset now,
        OpenPgpAlgorithm openPgpAlgorithm = OpenPgpAlgorithm.Ed25519)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(emailAddress);
        ArgumentException.ThrowIfNullOrWhiteSpace(displayName);
        ArgumentNullException.ThrowIfNull(inbound);
        ArgumentNullException.ThrowIfNull(outbound);
        var inboundConnections = inbound.Select(u => ConnectionUri.Parse(u, ConnectionKind.MailInbound)).ToList();
        var outboundConnections = outbound.Select(u => ConnectionUri.Parse(u, ConnectionKind.MailOutbound)).ToList();
        CheckAddress(emailAddress);
        // Made first: it checks the name and address for an OpenPGP user id before the slow RSA key is made.
        var pgp = OpenPgpKeys.Generate(displayName, emailAddress, now, openPgpAlgorithm);
        var pgpPublic = pgp.PublicKey.ExportBinary();
        var pgpKey = new PublicKey { UDF = OpenPgpKeyUdf(pgpPublic) };

        using var ca = KeyPair.Generate(KeyAlgorithm.P256, KeyExportPolicy.AllowExport);
        using var smime = KeyPair.Generate(KeyAlgorithm.Rsa, KeyExportPolicy.AllowExport, SmimeRsaBits);
        var caKey = CertifiedKeys.SelfSigned(ca, now);
        var certificate = PersonalCertificates.Issue(ca, caKey.X509Certificate!, smime.PublicKey, CommonName(displayName, emailAddress, smime),
            CertificateUse.EmailProtection, now - TimeSpan.FromHours(1), now + CertifiedKeys.Lifetime, [emailAddress]);
        var smimeKey = new PublicKey { UDF = smime.PublicKey.Udf(), X509Certificate = certificate, X509Chain = [caKey.X509Certificate!] };

        var profile = new MailProfile { EncryptionSMIME = smimeKey, EncryptionPGP = pgpKey, EncryptionPGPKey = pgpPublic };
        var privatePart = new MailProfilePrivate
        {
            EmailAddress = emailAddress,
            DisplayName = displayName,
            AccountName = accountName,
            Inbound = inboundConnections,
            Outbound = outboundConnections,
            Sign = [smimeKey, pgpKey],
            Encrypt = [smimeKey, pgpKey],
            PrivateKeys =
            [
                new Key { UDF = smimeKey.UDF, PKCS8 = smime.ExportPkcs8() },
                new Key { UDF = caKey.UDF, PKCS8 = ca.ExportPkcs8() },
            ],
            OpenPGPSecretKey = pgp.ExportBinary(),
        };
        return new MailAccount(profile, privatePart);
    }

    /// <summary>The UDF of an OpenPGP public key given in binary packets.</summary>
    public static string OpenPgpKeyUdf(ReadOnlySpan<byte> binaryPublicKey) => Udf.ContentDigest(OpenPgpKeyContentType, binaryPublicKey);

    // An ASCII addr-spec as an rfc822Name holds it (RFC 5280 section 4.2.1.6); the certificate code checks it again.
    private static void CheckAddress(string emailAddress)
    {
        var at = emailAddress.IndexOf('@', StringComparison.Ordinal);
        var valid = at > 0 && at == emailAddress.LastIndexOf('@') && !emailAddress.Any(c => c is <= ' ' or > '~')
            && SitePattern.TryNormalize(emailAddress[(at + 1)..], out var domain, out _) && !SitePattern.IsWildcard(domain);
        if (!valid) throw new ArgumentException($"'{emailAddress}' is not an ASCII email address (local@domain).", nameof(emailAddress));
    }

    // Mail clients show the subject's common name; X.509 allows 64 characters in it.
    private static string CommonName(string displayName, string emailAddress, KeyPair key) =>
        displayName.Length <= 64 ? displayName : emailAddress.Length <= 64 ? emailAddress : key.PublicKey.Udf();
}
