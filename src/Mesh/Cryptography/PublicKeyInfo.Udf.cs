namespace Mesh.Cryptography;

public abstract partial class PublicKeyInfo
{
    /// <summary>
    /// The key's fingerprint: the SHA-2-512 content-digest UDF of its DER SubjectPublicKeyInfo
    /// under the content type <c>application/pkix-keyinfo</c> (UDF.md, "Key fingerprints").
    /// </summary>
    public string Udf(int bits = Mesh.Udf.DefaultBits) =>
        Mesh.Udf.ContentDigest(Mesh.Udf.PkixKeyInfoContentType, SubjectPublicKeyInfo, bits);
}
