// The mail profile's OpenPGP keys (RFC 4880; EdDSA and Cv25519 as draft-ietf-openpgp-rfc4880bis-10,
// RFC 9580's legacy algorithms 22 and 18): made, exported and read back through BouncyCastle.

namespace Mesh.OpenPgp;

/// <summary>
/// Makes and reads the OpenPGP key pair of the mail profile: a v4 primary key that certifies and
/// signs, with a user id <c>Name &lt;email&gt;</c>, and an encryption subkey. GnuPG 2.2 and later import it.
/// </summary>
public static class OpenPgpKeys
{
    /// <summary>
    /// Makes a new key pair for user id <c><paramref name="name"/> &lt;<paramref name="email"/>&gt;</c>,
    /// with every key and self-signature dated <paramref name="created"/> (to the second).
    /// </summary>
    /// <exception cref="ArgumentException">The name or email is empty or would break the user id convention.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="created"/> is outside 1970–2106, or the algorithm is unknown.</exception>
    public static OpenPgpSecretKey Generate(string name, string email, DateTimeOffset created,
        OpenPgpAlgorithm algorithm = OpenPgpAlgorithm.Ed25519) =>
        KeyGeneration.Generate(name, email, created, algorithm);

    /// <summary>Reads an armored <c>PGP PUBLIC KEY BLOCK</c> of the profile's shape, its self-signatures verified.</summary>
    /// <exception cref="MeshException">The text is not such a block: wrong armor, truncated, malformed, wrong shape or a bad signature.</exception>
    public static OpenPgpPublicKey ReadPublic(string armored) =>
        KeyRingReader.ReadPublic(Armor.Decode(armored, Armor.PublicKeyBlock));

    /// <summary>Reads a public key in binary packets, as <see cref="OpenPgpPublicKey.ExportBinary"/> writes it.</summary>
    /// <exception cref="MeshException">The bytes are not a public key of the profile's shape with valid self-signatures.</exception>
    public static OpenPgpPublicKey ReadPublic(ReadOnlySpan<byte> binary) =>
        KeyRingReader.ReadPublic(Bounded(binary));

    /// <summary>
    /// Reads an armored <c>PGP PRIVATE KEY BLOCK</c> of the profile's shape, opening it with
    /// <paramref name="passphrase"/> (UTF-8) where it is protected; an unprotected key needs none.
    /// </summary>
    /// <exception cref="MeshException">
    /// <see cref="MeshStatus.ClientUnauthorized"/> when the passphrase is missing or does not open the key;
    /// <see cref="MeshStatus.BadRequest"/> (or <see cref="MeshStatus.TooLarge"/>) when the text is not such a block.
    /// </exception>
    public static OpenPgpSecretKey ReadSecret(string armored, string? passphrase) =>
        KeyRingReader.ReadSecret(Armor.Decode(armored, Armor.PrivateKeyBlock), passphrase);

    /// <summary>Reads a secret key in binary packets, as <see cref="OpenPgpSecretKey.ExportBinary"/> writes it; otherwise as the armored overload.</summary>
    /// <exception cref="MeshException">As for the armored overload.</exception>
    public static OpenPgpSecretKey ReadSecret(ReadOnlySpan<byte> binary, string? passphrase) =>
        KeyRingReader.ReadSecret(Bounded(binary), passphrase);

    /// <summary>
    /// Signs <paramref name="data"/> as a binary document with the primary key (SHA-256), dated
    /// <paramref name="signingTime"/>; returns the armored <c>PGP SIGNATURE</c> that <c>gpg --verify</c> checks.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="signingTime"/> is outside 1970–2106.</exception>
    public static string SignDetached(OpenPgpSecretKey key, ReadOnlySpan<byte> data, DateTimeOffset signingTime)
    {
        ArgumentNullException.ThrowIfNull(key);
        return DetachedSignature.Sign(key, data, signingTime);
    }

    /// <summary>
    /// Whether <paramref name="armoredSignature"/> is one valid v4 binary-document signature over
    /// <paramref name="data"/> by the primary key of <paramref name="key"/> with a SHA-2 hash; false
    /// for anything else, malformed input included.
    /// </summary>
    public static bool VerifyDetached(OpenPgpPublicKey key, ReadOnlySpan<byte> data, string armoredSignature)
    {
        ArgumentNullException.ThrowIfNull(key);
        return DetachedSignature.Verify(key, data, armoredSignature);
    }

    private static byte[] Bounded(ReadOnlySpan<byte> binary) => binary.Length <= Armor.MaxChars
        ? binary.ToArray()
        : throw new MeshException(MeshStatus.TooLarge, $"The OpenPGP data is longer than {Armor.MaxChars} bytes.");
}
