using Mesh.Jose;
using static Mesh.Tests.Jose.JwsVectors;

namespace Mesh.Tests.Jose;

/// <summary>RFC 8037 Appendix A.4/A.5, RFC 7515 Appendix A.3 and RFC 7520 section 4: every JWS vector, signed or refused.</summary>
public class JwsVectorTests
{
    private static readonly string[] CookbookHmac =
    [
        "4_4.hmac-sha2_integrity_protection.json",
        "4_6.protecting_specific_header_fields.json",
        "4_7.protecting_content_only.json",
    ];

    [Fact]
    public void Rfc8037_Ed25519_compact_is_reproduced_exactly()
    {
        var vector = At(Load("rfc-appendix.json"), "rfc8037_A");
        using var key = Rfc8037Ed25519();
        var payload = Utf8(Text(vector, "payload_utf8"));

        var compact = JwsCompact.Sign(payload, key, JwsAlgorithm.EdDsa);

        Assert.Equal(Text(vector, "jws_compact"), compact);
        var parsed = JwsCompact.Parse(compact);
        Assert.Equal(Text(vector, "jws_protected"), System.Text.Encoding.UTF8.GetString(parsed.Signatures[0].ProtectedHeader.Span));
        Assert.Equal(payload, parsed.RequireSignatureBy(PublicKey(At(vector, "ed25519_public_jwk"))));
    }

    [Fact]
    public void Cookbook_Ed25519_general_json_is_reproduced_and_every_serialization_verifies()
    {
        var vector = Load(Path.Combine("cookbook", "curve25519", "jws.json"));
        using var key = PrivateKey(At(vector, "input", "key"));
        var payload = Utf8(Text(vector, "input", "payload"));

        var json = new JwsBuilder(payload).AddSignature(key, algorithm: JwsAlgorithm.EdDsa).ToJson();

        Assert.Equal(Minified(At(vector, "output", "json")), json);
        Assert.Equal(payload, JwsObject.Parse(json).RequireSignatureBy(key.PublicKey));
        Assert.Equal(payload, JwsObject.Parse(At(vector, "output", "json_flat").GetRawText()).RequireSignatureBy(key.PublicKey));
        Assert.Equal(payload, JwsCompact.Parse(Text(vector, "output", "compact")).RequireSignatureBy(key.PublicKey));
    }

    [Fact]
    public void Rfc7515_A3_ES256_verifies()
    {
        var vector = At(Load("rfc-appendix.json"), "rfc7515_A3_ES256");
        var key = PublicKey(At(vector, "jwk"));

        var jws = JwsCompact.Parse(Text(vector, "jws_compact"));

        Assert.Equal(JwsSignatureStatus.Verified, Assert.Single(jws.Verify(key)).Status);
        Assert.StartsWith("{\"iss\":\"joe\"", System.Text.Encoding.UTF8.GetString(jws.RequireSignatureBy(key)), StringComparison.Ordinal);
    }

    [Fact]
    public void Cookbook_4_1_RS256_is_reproduced_exactly_in_every_serialization()
    {
        var vector = Cookbook("4_1.rsa_v15_signature.json");
        using var key = CookbookRsa();
        var payload = Utf8(Text(vector, "input", "payload"));
        const string kid = "bilbo.baggins@hobbiton.example";

        var compact = JwsCompact.Sign(payload, key, JwsAlgorithm.RS256, keyId: kid);
        // The cookbook protects the kid, so it goes into the protected header here.
        var json = new JwsBuilder(payload)
            .AddSignature(key, algorithm: JwsAlgorithm.RS256, extraProtectedMembers: w => w.WriteString("kid", kid))
            .ToJson();

        Assert.Equal(Text(vector, "output", "compact"), compact);
        Assert.Equal(Minified(At(vector, "output", "json")), json);
        foreach (var jws in new[] { JwsCompact.Parse(compact), JwsObject.Parse(json), JwsObject.Parse(At(vector, "output", "json_flat").GetRawText()) })
        {
            Assert.Equal(payload, jws.RequireSignatureBy(key.PublicKey));
            Assert.Equal(kid, jws.Signatures[0].KeyId);
        }
    }

    [Fact]
    public void Cookbook_4_2_PS384_is_reported_unsupported()
    {
        // The brief expected PS256 here; RFC 7520 4.2 actually uses PS384, which is not on our list.
        var vector = Cookbook("4_2.rsa-pss_signature.json");
        using var key = CookbookRsa();

        foreach (var jws in new[] { JwsCompact.Parse(Text(vector, "output", "compact")), JwsObject.Parse(At(vector, "output", "json").GetRawText()) })
        {
            Assert.Equal(JwsSignatureStatus.UnsupportedAlgorithm, Assert.Single(jws.Verify(key.PublicKey)).Status);
            var e = Assert.Throws<MeshException>(() => jws.RequireSignatureBy(key.PublicKey));
            Assert.Contains("PS384", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Cookbook_4_3_ES512_is_reported_unsupported_and_its_P521_key_refused()
    {
        // RFC 7520 4.3 uses ES512 on P-521, neither of which the Mesh supports.
        var vector = Cookbook("4_3.ecdsa_signature.json");
        var e = Assert.Throws<MeshException>(() => PrivateKey(At(vector, "input", "key")));
        Assert.Contains("P-521", e.Message, StringComparison.Ordinal);

        using var p256 = Rfc7515P256();
        var jws = JwsObject.Parse(At(vector, "output", "json").GetRawText());
        var result = Assert.Single(jws.Verify(p256.PublicKey));
        Assert.Equal(JwsSignatureStatus.UnsupportedAlgorithm, result.Status);
        Assert.Contains("ES512", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Cookbook_4_8_verifies_RS256_reports_ES512_unsupported_and_refuses_HS256()
    {
        var vector = Cookbook("4_8.multiple_signatures.json");
        using var rsa = CookbookRsa();
        var payload = Utf8(Text(vector, "input", "payload"));
        var jws = JwsObject.Parse(At(vector, "output", "json").GetRawText());

        var results = jws.Verify(rsa.PublicKey);

        Assert.Equal([JwsSignatureStatus.Verified, JwsSignatureStatus.UnsupportedAlgorithm, JwsSignatureStatus.ForbiddenAlgorithm],
            results.Select(r => r.Status));
        Assert.Equal(payload, jws.RequireSignatureBy(rsa.PublicKey));
        Assert.Equal("bilbo.baggins@hobbiton.example", jws.Signatures[0].KeyId);
        Assert.False(jws.Signatures[1].IsAlgorithmProtected);
    }

    [Fact]
    public void Cookbook_4_8_first_signature_is_reproduced_with_an_unprotected_kid()
    {
        var vector = Cookbook("4_8.multiple_signatures.json");
        using var rsa = CookbookRsa();
        var payload = Utf8(Text(vector, "input", "payload"));

        var json = new JwsBuilder(payload).AddSignature(rsa, "bilbo.baggins@hobbiton.example", algorithm: JwsAlgorithm.RS256).ToJson();

        var expected = $"{{\"payload\":\"{Text(vector, "output", "json", "payload")}\",\"signatures\":[{Minified(At(vector, "signing")[0].GetProperty("json"))}]}}";
        Assert.Equal(expected, json);
    }

    [Fact]
    public void Cookbook_4_8_resolver_verifies_by_kid()
    {
        var vector = Cookbook("4_8.multiple_signatures.json");
        using var rsa = CookbookRsa();
        var jws = JwsObject.Parse(At(vector, "output", "json").GetRawText());
        var asked = new List<string>();

        var results = jws.Verify(kid =>
        {
            asked.Add(kid);
            return kid == "bilbo.baggins@hobbiton.example" ? rsa.PublicKey : null;
        });

        Assert.Equal([JwsSignatureStatus.Verified, JwsSignatureStatus.UnsupportedAlgorithm, JwsSignatureStatus.ForbiddenAlgorithm],
            results.Select(r => r.Status));
        // Only the signature with an acceptable algorithm needs a key.
        Assert.Equal(["bilbo.baggins@hobbiton.example"], asked);
    }

    [Fact]
    public void Cookbook_HMAC_vectors_are_refused()
    {
        using var rsa = CookbookRsa();
        foreach (var name in CookbookHmac)
        {
            var output = At(Cookbook(name), "output");
            foreach (var member in output.EnumerateObject())
            {
                var jws = member.Value.ValueKind == System.Text.Json.JsonValueKind.String
                    ? JwsCompact.Parse(member.Value.GetString()!)
                    : JwsObject.Parse(member.Value.GetRawText());
                var result = Assert.Single(jws.Verify(rsa.PublicKey));
                Assert.Equal(JwsSignatureStatus.ForbiddenAlgorithm, result.Status);
                Assert.Contains("HS256", result.Problem, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Cookbook_4_5_detached_content_parses_only_when_expected_and_HS256_is_refused()
    {
        var vector = Cookbook("4_5.signature_with_detached_content.json");
        var payload = Utf8(Text(vector, "input", "payload"));
        using var rsa = CookbookRsa();

        Assert.Throws<MeshException>(() => JwsObject.Parse(At(vector, "output", "json").GetRawText()));
        var general = JwsObject.Parse(At(vector, "output", "json").GetRawText(), payload);
        var flat = JwsObject.Parse(At(vector, "output", "json_flat").GetRawText(), payload);
        var compact = JwsCompact.Parse(Text(vector, "output", "compact"), payload);

        foreach (var jws in new[] { general, flat, compact })
        {
            Assert.True(jws.IsPayloadDetached);
            Assert.Equal(payload, jws.UnverifiedPayload.ToArray());
            Assert.Equal(JwsSignatureStatus.ForbiddenAlgorithm, Assert.Single(jws.Verify(rsa.PublicKey)).Status);
        }
    }
}
