// Detached signatures over binary documents: RFC 4880 section 5.2 (v4 signature packet, type 0x00)
// and section 11.4, ASCII-armored as a PGP SIGNATURE block (section 6.2), as gpg --detach-sign
// --armor writes them and gpg --verify reads them.

using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace Mesh.OpenPgp;

internal static class DetachedSignature
{
    internal static string Sign(OpenPgpSecretKey key, ReadOnlySpan<byte> data, DateTimeOffset signingTime)
    {
        var time = KeyGeneration.PacketTime(signingTime, nameof(signingTime));
        var primary = key.PublicKey.Primary;
        var generator = new PgpSignatureGenerator(primary.Algorithm, HashAlgorithmTag.Sha256);
        generator.InitSign(PgpSignature.BinaryDocument, key.SigningKey());
        var hashed = new PgpSignatureSubpacketGenerator();
        hashed.SetSignatureCreationTime(false, time);
        hashed.SetIssuerFingerprint(false, primary);
        generator.SetHashedSubpackets(hashed.Generate());
        generator.Update(data);
        return Armor.Encode(generator.Generate().GetEncoded());
    }

    internal static bool Verify(OpenPgpPublicKey key, ReadOnlySpan<byte> data, string armoredSignature)
    {
        ArgumentNullException.ThrowIfNull(armoredSignature);
        try
        {
            var binary = Armor.Decode(armoredSignature, Armor.SignatureBlock);
            var copy = data.ToArray();
            return Untrusted.Parse("signature", () =>
            {
                var objects = new PgpObjectFactory(binary).AllPgpObjects();
                if (objects is not [PgpSignatureList { Count: 1 } list]) return false;
                var signature = list[0];
                var primary = key.Primary;
                if (signature.Version != 4 || signature.SignatureType != PgpSignature.BinaryDocument
                    || signature.KeyId != primary.KeyId || signature.KeyAlgorithm != primary.Algorithm
                    || !KeyRingShape.StrongHash(signature))
                    return false;
                signature.InitVerify(primary);
                signature.Update(copy);
                return signature.Verify();
            });
        }
        catch (MeshException)
        {
            return false;
        }
    }
}
