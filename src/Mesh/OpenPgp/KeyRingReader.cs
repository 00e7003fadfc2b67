// Reads untrusted transferable keys, RFC 4880 sections 11.1 (public) and 11.2 (secret): exactly one
// key ring, of the shape KeyRingShape checks; for a secret key, every private part opened with the
// passphrase (S2K, section 3.7) and matched against its public key.

using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Mesh.OpenPgp;

internal static class KeyRingReader
{
    internal static OpenPgpPublicKey ReadPublic(byte[] binary) =>
        OpenPgpPublicKey.FromRing(Single<PgpPublicKeyRing>(binary, "public key"));

    internal static OpenPgpSecretKey ReadSecret(byte[] binary, string? passphrase)
    {
        var ring = Single<PgpSecretKeyRing>(binary, "secret key");
        if (ring.GetExtraPublicKeys().Any())
            throw new MeshException("The OpenPGP secret key also holds public keys without their private part.");
        var publicKey = OpenPgpPublicKey.FromRing(Untrusted.Parse("secret key", () => PublicRing(ring)));

        var secretKeys = ring.GetSecretKeys().ToList();
        var bytes = passphrase is null ? null : System.Text.Encoding.UTF8.GetBytes(passphrase);
        foreach (var secretKey in secretKeys)
            Open(secretKey, bytes);

        // Re-encrypt under a fresh random passphrase, so the caller's is not kept.
        var hold = OpenPgpSecretKey.NewHold();
        var held = Untrusted.Parse("secret key", () => OpenPgpSecretKey.Rewrap(ring, bytes, hold, SymmetricKeyAlgorithmTag.Aes256));
        return new OpenPgpSecretKey(held, hold, publicKey);
    }

    private static void Open(PgpSecretKey secretKey, byte[]? passphrase)
    {
        // GnuPG's "gnu-dummy" stubs (a primary key kept offline) have no private part to open.
        if (secretKey.IsPrivateKeyEmpty || secretKey.S2k?.Type == S2k.GnuDummyS2K)
            throw new MeshException("The OpenPGP secret key lacks the private part of one of its keys.");
        var encrypted = secretKey.KeyEncryptionAlgorithm != SymmetricKeyAlgorithmTag.Null;
        if (encrypted && passphrase is null)
            throw new MeshException(MeshStatus.ClientUnauthorized, "The OpenPGP secret key is protected by a passphrase; none was given.");

        PgpPrivateKey? privateKey;
        try
        {
            privateKey = secretKey.ExtractPrivateKeyRaw(passphrase);
        }
        // Under CFB a wrong passphrase and damaged ciphertext look the same: a failed check value or garbage.
        catch (Exception e) when (encrypted && e is not OutOfMemoryException)
        {
            throw new MeshException(MeshStatus.ClientUnauthorized, "The passphrase does not open the OpenPGP secret key (or the key is damaged).", e);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new MeshException(MeshStatus.BadRequest, "The OpenPGP secret key's private part is malformed.", e);
        }

        if (privateKey is null || !Untrusted.Parse("secret key", () => KeyMatch.Matches(privateKey, secretKey.PublicKey)))
            throw encrypted
                ? new MeshException(MeshStatus.ClientUnauthorized, "The passphrase does not open the OpenPGP secret key (or the key is damaged).")
                : new MeshException("The OpenPGP secret key's private part does not match its public key.");
    }

    /// <summary>The public keys of a secret ring as a public ring: BouncyCastle's way is to re-read their packets.</summary>
    private static PgpPublicKeyRing PublicRing(PgpSecretKeyRing ring)
    {
        using var buffer = new MemoryStream();
        foreach (var key in ring.GetPublicKeys())
            key.Encode(buffer);
        return new PgpPublicKeyRing(buffer.ToArray());
    }

    /// <summary>The one object of type <typeparamref name="T"/> in <paramref name="binary"/>, with nothing before or after it.</summary>
    private static T Single<T>(byte[] binary, string what) where T : PgpObject =>
        Untrusted.Parse(what, () =>
        {
            var objects = new PgpObjectFactory(binary).AllPgpObjects();
            return objects is [T one]
                ? one
                : throw new MeshException($"The data must hold exactly one OpenPGP {what}; it holds {objects.Count} objects ({string.Join(", ", objects.Select(o => o.GetType().Name))}).");
        });
}
