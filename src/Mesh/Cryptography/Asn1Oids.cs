namespace Mesh.Cryptography;

/// <summary>Object identifiers of the key types in SubjectPublicKeyInfo and PKCS#8 (RFC 5480, 8017, 8410).</summary>
internal static class Asn1Oids
{
    public const string Ed25519 = "1.3.101.112";
    public const string X25519 = "1.3.101.110";
    public const string EcPublicKey = "1.2.840.10045.2.1";
    public const string P256 = "1.2.840.10045.3.1.7";
    public const string RsaEncryption = "1.2.840.113549.1.1.1";
}
