// The two key shapes of the mail profile's OpenPGP keys (RFC 4880 section 12.1, v4 keys):
// EdDSA and Cv25519 as draft-ietf-openpgp-rfc4880bis-10 sections 9.1 and 13.3 (the "legacy"
// forms of RFC 9580 section 9.1) that GnuPG 2.2 reads, or RSA.

namespace Mesh.OpenPgp;

/// <summary>The algorithms of an OpenPGP key pair: a primary signing key and an encryption subkey.</summary>
public enum OpenPgpAlgorithm
{
    /// <summary>
    /// An EdDSA (Ed25519) primary key, algorithm 22, with an ECDH Cv25519 (X25519) encryption subkey,
    /// algorithm 18: the GnuPG 2.2 default, readable by every current implementation.
    /// </summary>
    Ed25519,

    /// <summary>An RSA-3072 primary key with an RSA-3072 encryption subkey, for older implementations.</summary>
    Rsa3072,
}
