using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mesh.Cryptography;
using Mesh.Encoding;

namespace Mesh.Tests.Cryptography;

/// <summary>
/// The key layer under JOSE: RFC 8037 Appendix A (Ed25519 and X25519 JWKs), RFC 7638 section 3.1
/// (thumbprint), RFC 7520 section 3 (cookbook JWKs), DER round trips, and the keys it must refuse.
/// </summary>
public class KeyTests
{
    private static JsonElement Load(params string[] path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine([AppContext.BaseDirectory, "Vectors", "jose", .. path])));
        return document.RootElement.Clone();
    }

    private static JsonElement Rfc8037 => Load("rfc-appendix.json").GetProperty("rfc8037_A");

    private static JsonObject Members(string jwk) => JsonNode.Parse(jwk)!.AsObject();

    private static string Member(string jwk, string name) => Members(jwk)[name]!.GetValue<string>();

    private static string OkpJwk(string crv, byte[] x, byte[]? d = null) => d is null
        ? $$"""{"kty":"OKP","crv":"{{crv}}","x":"{{Base64Url.Encode(x)}}"}"""
        : $$"""{"kty":"OKP","crv":"{{crv}}","x":"{{Base64Url.Encode(x)}}","d":"{{Base64Url.Encode(d)}}"}""";

    private static KeyPair CookbookRsa(KeyExportPolicy policy = KeyExportPolicy.None) =>
        KeyPair.ImportJwk(Load("cookbook", "jwk", "3_4.rsa_private_key.json").GetRawText(), policy);

    [Fact]
    public void Rfc8037_A1_to_A3_Ed25519_private_and_public_JWK_and_thumbprint()
    {
        using var pair = KeyPair.ImportJwk(Rfc8037.GetProperty("ed25519_private_jwk"), KeyExportPolicy.AllowExport);
        var publicKey = PublicKeyInfo.FromJwk(Rfc8037.GetProperty("ed25519_public_jwk"));

        Assert.Equal(KeyAlgorithm.Ed25519, pair.Algorithm);
        Assert.Equal(publicKey, pair.PublicKey);
        Assert.Equal("kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k", Rfc8037.GetProperty("thumbprint_b64u").GetString());
        Assert.Equal("kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k", publicKey.JwkThumbprint());
        var exported = pair.ExportJwk();
        Assert.Equal(Rfc8037.GetProperty("ed25519_private_jwk").GetProperty("d").GetString(), Member(exported, "d"));
        Assert.Equal(Rfc8037.GetProperty("ed25519_public_jwk").GetProperty("x").GetString(), Member(exported, "x"));
        Assert.Equal("""{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}""", publicKey.ToJwk());
    }

    [Fact]
    public void Rfc7638_3_1_RSA_thumbprint()
    {
        var vector = Load("rfc-appendix.json").GetProperty("rfc7638_3_1");
        var key = PublicKeyInfo.FromJwk(vector.GetProperty("jwk"));
        Assert.Equal(vector.GetProperty("thumbprint_b64u").GetString(), key.JwkThumbprint());
        Assert.Equal("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs", key.JwkThumbprint());
        Assert.Equal(2048, key.KeySize);
    }

    [Fact]
    public void Rfc8037_A6_X25519_agreement()
    {
        var v = Rfc8037;
        byte[] Hex(string name) => Convert.FromHexString(v.GetProperty(name).GetString()!);
        using var bob = KeyPair.ImportJwk(OkpJwk("X25519", Hex("x25519_bob_public_hex"), Hex("x25519_bob_secret_hex")));
        using var ephemeral = KeyPair.ImportJwk(OkpJwk("X25519", Hex("x25519_ephemeral_public_hex"), Hex("x25519_ephemeral_secret_hex")));
        var ephemeralPublic = PublicKeyInfo.FromJwk(OkpJwk("X25519", Hex("x25519_ephemeral_public_hex")));

        Assert.Equal(Hex("x25519_shared_secret_z_hex"), bob.Agree(ephemeralPublic));
        Assert.Equal(Hex("x25519_shared_secret_z_hex"), ephemeral.Agree(bob.PublicKey));
        Assert.Equal(ephemeralPublic, ephemeral.PublicKey);
    }

    [Theory]
    [InlineData("3_1.ec_public_key.json")]
    [InlineData("3_2.ec_private_key.json")]
    public void Cookbook_3_1_and_3_2_P521_keys_are_refused(string file)
    {
        var jwk = Load("cookbook", "jwk", file);
        var e = Assert.Throws<MeshException>(() => jwk.TryGetProperty("d", out _) ? KeyPair.ImportJwk(jwk).PublicKey : PublicKeyInfo.FromJwk(jwk));
        Assert.Contains("P-521", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cookbook_3_3_RSA_public_key_round_trips()
    {
        var jwk = Load("cookbook", "jwk", "3_3.rsa_public_key.json");
        var key = PublicKeyInfo.FromJwk(jwk.GetRawText());
        var exported = key.ToJwk();
        Assert.Equal(["kty", "n", "e"], Members(exported).Select(m => m.Key));
        foreach (var name in new[] { "kty", "n", "e" }) Assert.Equal(jwk.GetProperty(name).GetString(), Member(exported, name));
        Assert.Equal(key, PublicKeyInfo.FromJwk(exported));
    }

    [Fact]
    public void Cookbook_3_4_RSA_private_key_round_trips()
    {
        var jwk = Load("cookbook", "jwk", "3_4.rsa_private_key.json");
        using var key = CookbookRsa(KeyExportPolicy.AllowExport);
        var exported = key.ExportJwk();
        foreach (var name in new[] { "kty", "n", "e", "d", "p", "q", "dp", "dq", "qi" })
            Assert.Equal(jwk.GetProperty(name).GetString(), Member(exported, name));
        using var again = KeyPair.ImportJwk(exported, KeyExportPolicy.AllowExport);
        Assert.Equal(key.PublicKey, again.PublicKey);
        Assert.Equal(PublicKeyInfo.FromJwk(Load("cookbook", "jwk", "3_3.rsa_public_key.json")), key.PublicKey);
    }

    public static TheoryData<KeyAlgorithm> Algorithms => [KeyAlgorithm.Ed25519, KeyAlgorithm.X25519, KeyAlgorithm.P256, KeyAlgorithm.Rsa];

    private static KeyPair Exportable(KeyAlgorithm algorithm) => algorithm == KeyAlgorithm.Rsa
        ? CookbookRsa(KeyExportPolicy.AllowExport) // generating RSA is slow; the cookbook key is 2048 bits
        : KeyPair.Generate(algorithm, KeyExportPolicy.AllowExport);

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void SPKI_round_trips(KeyAlgorithm algorithm)
    {
        using var key = Exportable(algorithm);
        var spki = key.PublicKey.ExportSubjectPublicKeyInfo();
        var again = PublicKeyInfo.FromSubjectPublicKeyInfo(spki);
        Assert.Equal(key.PublicKey, again);
        Assert.Equal(algorithm, again.Algorithm);
        Assert.Equal(spki, again.ExportSubjectPublicKeyInfo());
        Assert.Equal(key.PublicKey.JwkThumbprint(), again.JwkThumbprint());
        Assert.Throws<MeshException>(() => PublicKeyInfo.FromSubjectPublicKeyInfo([.. spki, 0]));
        Assert.Throws<MeshException>(() => PublicKeyInfo.FromSubjectPublicKeyInfo(spki.AsSpan(0, spki.Length - 1)));
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void PKCS8_round_trips_and_the_key_still_works(KeyAlgorithm algorithm)
    {
        using var key = Exportable(algorithm);
        var pkcs8 = key.ExportPkcs8();
        using var again = KeyPair.ImportPkcs8(pkcs8, KeyExportPolicy.AllowExport);
        Assert.Equal(key.PublicKey, again.PublicKey);
        Assert.Equal(pkcs8, again.ExportPkcs8());
        if (algorithm == KeyAlgorithm.X25519)
        {
            using var peer = KeyPair.Generate(KeyAlgorithm.X25519);
            Assert.Equal(key.Agree(peer.PublicKey), again.Agree(peer.PublicKey));
            return;
        }
        var scheme = algorithm switch
        {
            KeyAlgorithm.Ed25519 => SignatureScheme.Ed25519,
            KeyAlgorithm.P256 => SignatureScheme.EcdsaP256Sha256,
            _ => SignatureScheme.RsaPssSha256,
        };
        var signature = again.Sign(scheme, "data"u8);
        Assert.True(key.PublicKey.Verify(scheme, "data"u8, signature));
        Assert.False(key.PublicKey.Verify(scheme, "date"u8, signature));
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void JWK_round_trips(KeyAlgorithm algorithm)
    {
        using var key = Exportable(algorithm);
        using var again = KeyPair.ImportJwk(key.ExportJwk());
        Assert.Equal(key.PublicKey, again.PublicKey);
        Assert.Equal(key.PublicKey, PublicKeyInfo.FromJwk(key.PublicKey.ToJwk()));
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void A_key_is_not_exportable_unless_allowed(KeyAlgorithm algorithm)
    {
        using var key = algorithm == KeyAlgorithm.Rsa ? CookbookRsa() : KeyPair.Generate(algorithm);
        Assert.Equal(KeyExportPolicy.None, key.ExportPolicy);
        Assert.Throws<InvalidOperationException>(() => key.ExportPkcs8());
        Assert.Throws<InvalidOperationException>(() => key.ExportJwk());
        // The public key is always available.
        Assert.NotEmpty(key.PublicKey.ExportSubjectPublicKeyInfo());

        using var exportable = Exportable(algorithm);
        using var imported = KeyPair.ImportPkcs8(exportable.ExportPkcs8());
        Assert.Throws<InvalidOperationException>(() => imported.ExportPkcs8());
        Assert.Throws<InvalidOperationException>(() => imported.ExportJwk());
    }

    [Fact]
    public void A_JWK_whose_public_member_does_not_match_its_private_key_is_refused()
    {
        using var other = KeyPair.Generate(KeyAlgorithm.Ed25519);
        var jwk = Members(Rfc8037.GetProperty("ed25519_private_jwk").GetRawText());
        jwk["x"] = Member(other.PublicKey.ToJwk(), "x");
        Assert.Throws<MeshException>(() => KeyPair.ImportJwk(jwk.ToJsonString()));

        using var p256 = KeyPair.Generate(KeyAlgorithm.P256, KeyExportPolicy.AllowExport);
        using var p256Other = KeyPair.Generate(KeyAlgorithm.P256);
        var ec = Members(p256.ExportJwk());
        ec["x"] = Member(p256Other.PublicKey.ToJwk(), "x");
        ec["y"] = Member(p256Other.PublicKey.ToJwk(), "y");
        Assert.Throws<MeshException>(() => KeyPair.ImportJwk(ec.ToJsonString()));

        using var rsa = CookbookRsa(KeyExportPolicy.AllowExport);
        var rsaJwk = Members(rsa.ExportJwk());
        rsaJwk["e"] = "AQAD";
        Assert.Throws<MeshException>(() => KeyPair.ImportJwk(rsaJwk.ToJsonString()));
    }

    [Fact]
    public void A_P256_point_off_the_curve_is_refused()
    {
        var jwk = Members(Load("rfc-appendix.json").GetProperty("rfc7515_A3_ES256").GetProperty("jwk").GetRawText());
        var y = Base64Url.Decode(jwk["y"]!.GetValue<string>());
        y[^1] ^= 1;
        jwk["y"] = Base64Url.Encode(y);
        Assert.Throws<MeshException>(() => KeyPair.ImportJwk(jwk.ToJsonString()));
        jwk.Remove("d");
        var e = Assert.Throws<MeshException>(() => PublicKeyInfo.FromJwk(jwk.ToJsonString()));
        Assert.Contains("curve", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void P384_is_refused_in_every_format()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var q = ecdsa.ExportParameters(false).Q;
        var jwk = $$"""{"kty":"EC","crv":"P-384","x":"{{Base64Url.Encode(q.X)}}","y":"{{Base64Url.Encode(q.Y)}}"}""";
        Assert.Contains("P-384", Assert.Throws<MeshException>(() => PublicKeyInfo.FromJwk(jwk)).Message, StringComparison.Ordinal);
        Assert.Throws<MeshException>(() => PublicKeyInfo.FromSubjectPublicKeyInfo(ecdsa.ExportSubjectPublicKeyInfo()));
        Assert.Throws<MeshException>(() => KeyPair.ImportPkcs8(ecdsa.ExportPkcs8PrivateKey()));
    }

    [Fact]
    public void RSA_1024_is_refused_in_every_format()
    {
        using var rsa = RSA.Create(1024);
        var p = rsa.ExportParameters(false);
        var jwk = $$"""{"kty":"RSA","n":"{{Base64Url.Encode(p.Modulus)}}","e":"{{Base64Url.Encode(p.Exponent)}}"}""";
        Assert.Contains("2048", Assert.Throws<MeshException>(() => PublicKeyInfo.FromJwk(jwk)).Message, StringComparison.Ordinal);
        Assert.Throws<MeshException>(() => PublicKeyInfo.FromSubjectPublicKeyInfo(rsa.ExportSubjectPublicKeyInfo()));
        Assert.Throws<MeshException>(() => KeyPair.ImportPkcs8(rsa.ExportPkcs8PrivateKey()));
        Assert.Throws<ArgumentOutOfRangeException>(() => KeyPair.Generate(KeyAlgorithm.Rsa, rsaBits: 1024));
    }

    [Theory]
    [InlineData("n")]
    [InlineData("e")]
    public void An_RSA_JWK_with_an_empty_modulus_or_exponent_is_refused(string empty)
    {
        // The platform's RSA import threw IndexOutOfRangeException for these.
        using var rsa = RSA.Create(2048);
        var p = rsa.ExportParameters(true);
        var members = new Dictionary<string, byte[]>
        {
            ["n"] = p.Modulus!, ["e"] = p.Exponent!, ["d"] = p.D!, ["p"] = p.P!, ["q"] = p.Q!, ["dp"] = p.DP!, ["dq"] = p.DQ!, ["qi"] = p.InverseQ!,
        };
        members[empty] = [];
        string Jwk(IEnumerable<string> names) =>
            "{\"kty\":\"RSA\"" + string.Concat(names.Select(name => $",\"{name}\":\"{Base64Url.Encode(members[name])}\"")) + "}";
        Assert.Throws<MeshException>(() => PublicKeyInfo.FromJwk(Jwk(["n", "e"])));
        Assert.Throws<MeshException>(() => KeyPair.ImportJwk(Jwk(members.Keys)));
    }

    [Theory]
    [InlineData("""{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo="}""")]
    [InlineData("""{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURp"}""")]
    [InlineData("""{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHUR"}""")]
    [InlineData("""{"kty":"OKP","crv":"Ed448","x":"AAAA"}""")]
    [InlineData("""{"kty":"OKP","crv":"Ed25519"}""")]
    [InlineData("""{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}""")]
    [InlineData("""{"kty":"oct","k":"AAAA"}""")]
    [InlineData("""{"kty":"EC","crv":"P-256","x":"AAAA","y":"AAAA"}""")]
    [InlineData("""[]""")]
    [InlineData("""{"kty":1}""")]
    public void Malformed_or_unsupported_JWKs_are_refused(string jwk)
    {
        Assert.Throws<MeshException>(() => PublicKeyInfo.FromJwk(jwk));
    }
}
