using Mesh.Cryptography;

namespace Mesh.Tests.Cryptography;

public class KeyFingerprintTests
{
    // The RFC 8037 A.1 Ed25519 key; the expected UDF was computed independently (Python hashlib)
    // as SHA-512("application/pkix-keyinfo:" || SHA-512(SPKI)), type 'M', 140 bits.
    private const string Rfc8037PublicJwk = """{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}""";

    [Fact]
    public void The_udf_of_a_key_is_the_digest_of_its_subject_public_key_info()
    {
        var key = PublicKeyInfo.FromJwk(Rfc8037PublicJwk);
        Assert.Equal("302a300506032b6570032100d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
            Convert.ToHexStringLower(key.ExportSubjectPublicKeyInfo()));
        Assert.Equal("MCF2-2NZ4-KL4B-2AND-AJRD-4ACA-KSKZ", key.Udf());
    }

    [Fact]
    public void A_longer_fingerprint_extends_the_default_one()
    {
        var key = PublicKeyInfo.FromJwk(Rfc8037PublicJwk);
        Assert.True(Udf.Matches(key.Udf(), key.Udf(260)));
    }

    [Theory]
    [InlineData(KeyAlgorithm.Ed25519)]
    [InlineData(KeyAlgorithm.X25519)]
    [InlineData(KeyAlgorithm.P256)]
    public void The_udf_survives_a_round_trip_through_spki_and_jwk(KeyAlgorithm algorithm)
    {
        using var pair = KeyPair.Generate(algorithm);
        var fromSpki = PublicKeyInfo.FromSubjectPublicKeyInfo(pair.PublicKey.ExportSubjectPublicKeyInfo());
        var fromJwk = PublicKeyInfo.FromJwk(pair.PublicKey.ToJwk());
        Assert.Equal(pair.PublicKey.Udf(), fromSpki.Udf());
        Assert.Equal(pair.PublicKey.Udf(), fromJwk.Udf());
    }
}
