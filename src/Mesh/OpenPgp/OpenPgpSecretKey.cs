// A transferable secret key, RFC 4880 section 11.2, with secret key packets as section 5.5.3. The
// passphrase protection on export is iterated and salted S2K (section 3.7.1.3) with AES-256 and a
// SHA-1 check value (s2k usage 254), which GnuPG 2.2 imports.

using System.Security.Cryptography;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Security;

namespace Mesh.OpenPgp;

/// <summary>
/// An OpenPGP key pair of the mail profile: the checked <see cref="PublicKey"/> and its private keys,
/// exportable with or without a passphrase.
/// </summary>
/// <remarks>
/// The private keys are held under a random in-memory passphrase. That is not protection: it is how
/// BouncyCastle's public API re-encrypts a key, and it keeps the SHA-1 check (usage 254) of a
/// generated key on every export, where a key held unencrypted would be exported with the
/// deprecated 16-bit checksum (usage 255).
/// </remarks>
public sealed class OpenPgpSecretKey
{
    private readonly PgpSecretKeyRing _ring;
    private readonly byte[] _hold;
    private readonly Lazy<PgpPrivateKey> _signingKey;

    internal OpenPgpSecretKey(PgpSecretKeyRing ring, byte[] hold, OpenPgpPublicKey publicKey)
    {
        _ring = ring;
        _hold = hold;
        PublicKey = publicKey;
        // Opened once: for RSA, BouncyCastle's checks of a private key take a few tenths of a second.
        _signingKey = new(() => _ring.GetSecretKey().ExtractPrivateKeyRaw(_hold));
    }

    /// <summary>The public half, with its fingerprint and user id.</summary>
    public OpenPgpPublicKey PublicKey { get; }

    /// <summary>The primary key's v4 fingerprint: 40 upper-case hex digits.</summary>
    public string Fingerprint => PublicKey.Fingerprint;

    /// <summary>
    /// The key pair in binary packets, as <c>gpg --export-secret-keys</c> writes it: protected with
    /// <paramref name="passphrase"/> (UTF-8, iterated and salted S2K, AES-256), or unprotected when it is null.
    /// </summary>
    /// <exception cref="ArgumentException">The passphrase is empty: pass null for no protection.</exception>
    public byte[] ExportBinary(string? passphrase = null)
    {
        if (passphrase is { Length: 0 })
            throw new ArgumentException("An empty passphrase protects nothing; pass null for an unprotected export.", nameof(passphrase));
        var (algorithm, bytes) = passphrase is null
            ? (SymmetricKeyAlgorithmTag.Null, null)
            : (SymmetricKeyAlgorithmTag.Aes256, System.Text.Encoding.UTF8.GetBytes(passphrase));
        return Rewrap(_ring, _hold, bytes, algorithm).GetEncoded();
    }

    /// <summary>
    /// The key pair ASCII-armored as a <c>-----BEGIN PGP PRIVATE KEY BLOCK-----</c>, which
    /// <c>gpg --import</c> accepts; protected as <see cref="ExportBinary"/> says.
    /// </summary>
    public string ExportArmored(string? passphrase = null) => Armor.Encode(ExportBinary(passphrase));

    /// <summary>The primary key's private part, which signs.</summary>
    internal PgpPrivateKey SigningKey() => _signingKey.Value;

    /// <summary>A fresh random passphrase to hold private keys under.</summary>
    internal static byte[] NewHold() => RandomNumberGenerator.GetBytes(32);

    /// <summary>Every secret key of <paramref name="ring"/> re-encrypted from <paramref name="old"/> to <paramref name="next"/>.</summary>
    internal static PgpSecretKeyRing Rewrap(PgpSecretKeyRing ring, byte[]? old, byte[]? next, SymmetricKeyAlgorithmTag algorithm)
    {
        var random = new SecureRandom();
        foreach (var key in ring.GetSecretKeys().ToList())
            ring = PgpSecretKeyRing.InsertSecretKey(ring, PgpSecretKey.CopyWithNewPasswordRaw(key, old, next, algorithm, random));
        return ring;
    }
}
