// A transferable public key, RFC 4880 section 11.1: the primary key, its user id with a positive
// certification, and the encryption subkey with its binding signature. Fingerprints are v4 (RFC
// 4880 section 12.2): SHA-1 over the public key packet, 40 hex digits.

using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Mesh.OpenPgp;

/// <summary>
/// An OpenPGP public key of the mail profile, checked on the way in: a v4 primary key (Ed25519 or
/// RSA-3072) with valid self-signatures on its user ids and one bound encryption subkey.
/// </summary>
public sealed class OpenPgpPublicKey
{
    private readonly PgpPublicKeyRing _ring;

    private OpenPgpPublicKey(PgpPublicKeyRing ring, OpenPgpAlgorithm algorithm, string userId)
    {
        _ring = ring;
        Algorithm = algorithm;
        UserId = userId;
    }

    /// <summary>The primary key's v4 fingerprint: 40 upper-case hex digits, as <c>gpg --with-colons</c> prints it.</summary>
    public string Fingerprint => Convert.ToHexString(Primary.GetFingerprint());

    /// <summary>The encryption subkey's v4 fingerprint: 40 upper-case hex digits.</summary>
    public string EncryptionFingerprint => Convert.ToHexString(Subkey.GetFingerprint());

    /// <summary>The first user id, conventionally <c>Name &lt;email&gt;</c>.</summary>
    public string UserId { get; }

    /// <summary>The algorithms of the primary key and the subkey.</summary>
    public OpenPgpAlgorithm Algorithm { get; }

    /// <summary>The primary key's creation time, to the second (it is part of the fingerprint).</summary>
    public DateTimeOffset Created => new(Primary.CreationTime, TimeSpan.Zero);

    internal PgpPublicKey Primary => _ring.GetPublicKey();

    internal PgpPublicKey Subkey => _ring.GetPublicKeys().Skip(1).First();

    /// <summary>The key in binary packets (RFC 4880 section 11.1), as <c>gpg --export</c> writes it.</summary>
    public byte[] ExportBinary() => _ring.GetEncoded();

    /// <summary>The key ASCII-armored as a <c>-----BEGIN PGP PUBLIC KEY BLOCK-----</c>, as <c>gpg --export --armor</c> writes it.</summary>
    public string ExportArmored() => Armor.Encode(ExportBinary());

    /// <summary>Checks the shape and self-signatures of a parsed ring; throws <see cref="MeshException"/> when they are wrong.</summary>
    internal static OpenPgpPublicKey FromRing(PgpPublicKeyRing ring)
    {
        var (algorithm, userId) = KeyRingShape.Check(ring.GetPublicKeys().ToList());
        return new OpenPgpPublicKey(ring, algorithm, userId);
    }
}
