// A secret key packet (RFC 4880 section 5.5.3) repeats its public key and adds the private part. A
// wrong passphrase that slips past the 16-bit checksum, or a crafted packet, can pair a public key
// with a private part that is not its own; this check catches both before the key is used.

using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;

namespace Mesh.OpenPgp;

internal static class KeyMatch
{
    /// <summary>Whether <paramref name="privateKey"/> is the private half of <paramref name="publicKey"/>.</summary>
    internal static bool Matches(PgpPrivateKey privateKey, PgpPublicKey publicKey) => privateKey.Key switch
    {
        Ed25519PrivateKeyParameters d => publicKey.GetKey() is Ed25519PublicKeyParameters q
            && d.GeneratePublicKey().GetEncoded().AsSpan().SequenceEqual(q.GetEncoded()),
        X25519PrivateKeyParameters d => publicKey.GetKey() is X25519PublicKeyParameters q
            && d.GeneratePublicKey().GetEncoded().AsSpan().SequenceEqual(q.GetEncoded()),
        // The packet's numbers, not GetKey(): BouncyCastle tests every RSA modulus it wraps for
        // compositeness, a tenth of a second each time.
        RsaPrivateCrtKeyParameters d => publicKey.PublicKeyPacket.Key is RsaPublicBcpgKey q && RsaMatches(d, q),
        _ => false,
    };

    private static bool RsaMatches(RsaPrivateCrtKeyParameters d, RsaPublicBcpgKey q)
    {
        // n = pq, and e·d ≡ 1 modulo p−1 and q−1, is what makes the pair a working RSA key.
        if (!d.P.Multiply(d.Q).Equals(q.Modulus) || !d.Modulus.Equals(q.Modulus)) return false;
        var ed = q.PublicExponent.Multiply(d.Exponent);
        return ed.Mod(d.P.Subtract(BigInteger.One)).Equals(BigInteger.One)
            && ed.Mod(d.Q.Subtract(BigInteger.One)).Equals(BigInteger.One);
    }
}
