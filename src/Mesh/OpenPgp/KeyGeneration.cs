// Makes the mail profile's OpenPGP key, RFC 4880 section 12.1: a v4 primary key that certifies
// and signs, a user id bound by a positive certification (0x13), and an encryption subkey bound by
// a subkey binding signature (0x18). Subpackets per section 5.2.3: key flags (5.2.3.21), preferred
// algorithms (5.2.3.7, 5.2.3.8), features with MDC (5.2.3.24), issuer fingerprint (RFC 9580
// 5.2.3.35). Ed25519 as EdDSA (algorithm 22) and X25519 as ECDH on Curve25519 (algorithm 18),
// per draft-ietf-openpgp-rfc4880bis-10, the form GnuPG 2.2 reads.

using System.Security.Cryptography;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Bcpg.Sig;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace Mesh.OpenPgp;

internal static class KeyGeneration
{
    internal static OpenPgpSecretKey Generate(string name, string email, DateTimeOffset created, OpenPgpAlgorithm algorithm)
    {
        var userId = UserId(name, email);
        var time = PacketTime(created, nameof(created));
        var random = new SecureRandom();
        var (primary, subkey) = algorithm switch
        {
            OpenPgpAlgorithm.Ed25519 => (
                new PgpKeyPair(PublicKeyAlgorithmTag.EdDsa_Legacy, Ed25519Pair(random), time),
                // BouncyCastle writes the KDF parameters SHA-256 and AES-128, as GnuPG does for Cv25519.
                new PgpKeyPair(PublicKeyAlgorithmTag.ECDH, X25519Pair(random), time)),
            OpenPgpAlgorithm.Rsa3072 => (
                new PgpKeyPair(PublicKeyAlgorithmTag.RsaGeneral, RsaPair(), time),
                new PgpKeyPair(PublicKeyAlgorithmTag.RsaGeneral, RsaPair(), time)),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Not an OpenPGP algorithm of the profile."),
        };

        var hold = OpenPgpSecretKey.NewHold();
        var generator = new PgpKeyRingGenerator(PgpSignature.PositiveCertification, primary, userId,
            SymmetricKeyAlgorithmTag.Aes256, HashAlgorithmTag.Sha256, hold, true, PrimarySubpackets(primary, time), null, random);
        generator.AddSubKey(subkey, SubkeySubpackets(primary, time), null, HashAlgorithmTag.Sha256);

        var publicKey = OpenPgpPublicKey.FromRing(generator.GeneratePublicKeyRing());
        return new OpenPgpSecretKey(generator.GenerateSecretKeyRing(), hold, publicKey);
    }

    private static PgpSignatureSubpacketVector PrimarySubpackets(PgpKeyPair primary, DateTime time)
    {
        var hashed = new PgpSignatureSubpacketGenerator();
        // Dated at the key's creation, not now, so the same keys always give the same signatures.
        hashed.SetSignatureCreationTime(false, time);
        hashed.SetKeyFlags(false, PgpKeyFlags.CanCertify | PgpKeyFlags.CanSign);
        hashed.SetPreferredSymmetricAlgorithms(false, [(int)SymmetricKeyAlgorithmTag.Aes256]);
        hashed.SetPreferredHashAlgorithms(false, [(int)HashAlgorithmTag.Sha256]);
        hashed.SetFeature(false, Features.FEATURE_MODIFICATION_DETECTION);
        hashed.SetPrimaryUserId(false, true);
        hashed.SetIssuerFingerprint(false, primary.PublicKey);
        return hashed.Generate();
    }

    private static PgpSignatureSubpacketVector SubkeySubpackets(PgpKeyPair primary, DateTime time)
    {
        var hashed = new PgpSignatureSubpacketGenerator();
        hashed.SetSignatureCreationTime(false, time);
        hashed.SetKeyFlags(false, PgpKeyFlags.CanEncryptCommunications | PgpKeyFlags.CanEncryptStorage);
        hashed.SetIssuerFingerprint(false, primary.PublicKey);
        return hashed.Generate();
    }

    private static AsymmetricCipherKeyPair Ed25519Pair(SecureRandom random)
    {
        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(random));
        return generator.GenerateKeyPair();
    }

    private static AsymmetricCipherKeyPair X25519Pair(SecureRandom random)
    {
        var generator = new X25519KeyPairGenerator();
        generator.Init(new X25519KeyGenerationParameters(random));
        return generator.GenerateKeyPair();
    }

    // The platform's RSA (OpenSSL here) finds 1536-bit primes several times faster than BouncyCastle.
    private static AsymmetricCipherKeyPair RsaPair()
    {
        using var rsa = RSA.Create(3072);
        return DotNetUtilities.GetRsaKeyPair(rsa);
    }

    /// <summary><c>Name &lt;email&gt;</c>, the user id convention of RFC 4880 section 5.11.</summary>
    private static string UserId(string name, string email)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        if (name.Any(c => char.IsControl(c) || c is '<' or '>') || name != name.Trim())
            throw new ArgumentException("The name must not have control characters, angle brackets or outer spaces.", nameof(name));
        if (email.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c is '<' or '>') || email.IndexOf('@', StringComparison.Ordinal) <= 0)
            throw new ArgumentException("The email address must be one word with an @ and no angle brackets.", nameof(email));
        return $"{name} <{email}>";
    }

    /// <summary>OpenPGP times are unsigned 32-bit seconds since 1970 (RFC 4880 section 3.5).</summary>
    internal static DateTime PacketTime(DateTimeOffset time, string parameter)
    {
        var seconds = time.ToUnixTimeSeconds();
        if (seconds is < 0 or > uint.MaxValue)
            throw new ArgumentOutOfRangeException(parameter, time, "OpenPGP times run from 1970 to 2106.");
        return DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime;
    }
}
