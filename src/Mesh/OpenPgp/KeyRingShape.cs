// Checks an untrusted transferable public key (RFC 4880 section 11.1) against the two shapes the
// mail profile makes, and verifies its self-signatures (RFC 4880 section 5.2.1: positive
// certification 0x13 and friends on the user ids, subkey binding 0x18 on the subkey). The EdDSA and
// Cv25519 forms are those of draft-ietf-openpgp-rfc4880bis-10 (RFC 9580's "legacy" algorithms 22, 18).

using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Gnu;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Mesh.OpenPgp;

internal static class KeyRingShape
{
    private const int RsaBits = 3072;

    /// <summary>Curve25519 for ECDH, as GnuPG names it (rfc4880bis-10 section 9.2); BouncyCastle keeps its constant internal.</summary>
    private static readonly DerObjectIdentifier Curve25519 = new("1.3.6.1.4.1.3029.1.5.1");

    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(false, true);

    /// <summary>The algorithm and first user id of a key with one primary key and one encryption subkey, all self-signatures valid.</summary>
    internal static (OpenPgpAlgorithm Algorithm, string UserId) Check(IReadOnlyList<PgpPublicKey> keys)
    {
        // Count before verifying anything, so a ring with thousands of subkeys costs nothing.
        if (keys.Count != 2)
            throw new MeshException($"The OpenPGP key must have a primary key and one encryption subkey; it has {keys.Count} keys.");
        var (primary, subkey) = (keys[0], keys[1]);
        if (!primary.IsMasterKey || subkey.IsMasterKey)
            throw new MeshException("The OpenPGP key must begin with its primary key, followed by its subkey.");
        if (primary.Version != 4 || subkey.Version != 4)
            throw new MeshException("The OpenPGP key must be a version 4 key (RFC 4880 section 5.5.2).");

        var algorithm = PrimaryAlgorithm(primary);
        CheckSubkeyAlgorithm(algorithm, subkey);
        var userId = CheckUserIds(primary);
        CheckBinding(primary, subkey);
        return (algorithm, userId);
    }

    private static OpenPgpAlgorithm PrimaryAlgorithm(PgpPublicKey primary) => primary.Algorithm switch
    {
        PublicKeyAlgorithmTag.EdDsa_Legacy when primary.PublicKeyPacket.Key is EdDsaPublicBcpgKey ed
            && ed.CurveOid.Equals(GnuObjectIdentifiers.Ed25519) => OpenPgpAlgorithm.Ed25519,
        PublicKeyAlgorithmTag.RsaGeneral or PublicKeyAlgorithmTag.RsaSign when primary.BitStrength == RsaBits
            => OpenPgpAlgorithm.Rsa3072,
        _ => throw new MeshException($"The OpenPGP primary key must be Ed25519 or RSA-{RsaBits}; it is {primary.Algorithm} of {primary.BitStrength} bits."),
    };

    private static void CheckSubkeyAlgorithm(OpenPgpAlgorithm algorithm, PgpPublicKey subkey)
    {
        var fits = algorithm switch
        {
            // The KDF parameters (RFC 6637 section 9) must name a hash and key wrap at least as strong as GnuPG's defaults.
            OpenPgpAlgorithm.Ed25519 => subkey.Algorithm == PublicKeyAlgorithmTag.ECDH
                && subkey.PublicKeyPacket.Key is ECDHPublicBcpgKey ecdh
                && ecdh.CurveOid.Equals(Curve25519)
                && ecdh.HashAlgorithm is HashAlgorithmTag.Sha256 or HashAlgorithmTag.Sha384 or HashAlgorithmTag.Sha512
                && ecdh.SymmetricKeyAlgorithm is SymmetricKeyAlgorithmTag.Aes128 or SymmetricKeyAlgorithmTag.Aes192 or SymmetricKeyAlgorithmTag.Aes256,
            _ => subkey.Algorithm is PublicKeyAlgorithmTag.RsaGeneral or PublicKeyAlgorithmTag.RsaEncrypt
                && subkey.BitStrength == RsaBits,
        };
        if (!fits)
            throw new MeshException($"The OpenPGP subkey ({subkey.Algorithm}, {subkey.BitStrength} bits) does not fit an {algorithm} key.");
        // Decoding the point or modulus catches a malformed key before anyone encrypts to it.
        Untrusted.Parse("encryption subkey", subkey.GetKey);
    }

    private static string CheckUserIds(PgpPublicKey primary)
    {
        if (primary.GetUserAttributes().Any())
            throw new MeshException("The OpenPGP key has user attributes (photo ids), which the profile does not use.");
        var rawIds = primary.GetRawUserIds().ToList();
        if (rawIds.Count == 0)
            throw new MeshException("The OpenPGP key has no user id.");
        var userIds = new List<string>();
        foreach (var raw in rawIds)
        {
            // BouncyCastle verifies a certification over the string re-encoded: exact only for valid UTF-8.
            var userId = Untrusted.Parse("user id", () => StrictUtf8.GetString(raw));
            var certified = (primary.GetSignaturesForId(raw) ?? []).Any(signature =>
                signature.IsCertification() && signature.KeyId == primary.KeyId && StrongHash(signature)
                && Verify(signature, primary, s => s.VerifyCertification(userId, primary)));
            if (!certified)
                throw new MeshException($"The user id \"{userId}\" has no valid self-signature.");
            userIds.Add(userId);
        }
        return userIds[0];
    }

    private static void CheckBinding(PgpPublicKey primary, PgpPublicKey subkey)
    {
        var bound = subkey.GetSignaturesOfType(PgpSignature.SubkeyBinding).Any(signature =>
            signature.KeyId == primary.KeyId && StrongHash(signature) && EncryptionFlags(signature)
            && Verify(signature, primary, s => s.VerifyCertification(primary, subkey)));
        if (!bound)
            throw new MeshException("The OpenPGP subkey has no valid binding signature for encryption.");
    }

    private static bool EncryptionFlags(PgpSignature signature) =>
        signature.GetHashedSubPackets()?.GetKeyFlags() is var flags
        && (flags & (PgpKeyFlags.CanEncryptCommunications | PgpKeyFlags.CanEncryptStorage)) != 0;

    /// <summary>SHA-1 self-signatures can be forged with chosen-prefix collisions; the profile signs with SHA-256.</summary>
    internal static bool StrongHash(PgpSignature signature) => signature.HashAlgorithm
        is HashAlgorithmTag.Sha256 or HashAlgorithmTag.Sha384 or HashAlgorithmTag.Sha512
        or HashAlgorithmTag.Sha3_256 or HashAlgorithmTag.Sha3_512;

    private static bool Verify(PgpSignature signature, PgpPublicKey signer, Func<PgpSignature, bool> check) =>
        Untrusted.Parse("self-signature", () =>
        {
            signature.InitVerify(signer);
            return check(signature);
        });
}
