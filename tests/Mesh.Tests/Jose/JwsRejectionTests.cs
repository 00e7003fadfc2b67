using System.Text.Json.Nodes;
using Mesh.Cryptography;
using Mesh.Encoding;
using Mesh.Jose;
using static Mesh.Tests.Jose.JwsForge;

namespace Mesh.Tests.Jose;

/// <summary>Everything a JWS verifier must refuse: forgeries, confusions, malformed and hostile input.</summary>
public sealed class JwsRejectionTests : IDisposable
{
    private readonly KeyPair _ed25519 = JwsVectors.Rfc8037Ed25519();
    private readonly KeyPair _p256 = JwsVectors.Rfc7515P256();

    public void Dispose()
    {
        _ed25519.Dispose();
        _p256.Dispose();
    }

    private string Good() => new JwsBuilder(Payload).AddSignature(_ed25519, "kid-1", "Test").ToJson();

    private static JsonObject Node(string json) => JsonNode.Parse(json)!.AsObject();

    private static JsonObject Entry(JsonObject jws) => jws["signatures"]![0]!.AsObject();

    private static MeshException Rejected(string json, string expected)
    {
        var e = Assert.Throws<MeshException>(() => JwsObject.Parse(json));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        return e;
    }

    private static JwsVerification Single(string json, PublicKeyInfo key) => Assert.Single(JwsObject.Parse(json).Verify(key));

    [Fact]
    public void A_good_JWS_verifies()
    {
        Assert.Equal(Payload, JwsObject.Parse(Good()).RequireSignatureBy(_ed25519.PublicKey));
    }

    [Fact]
    public void Unknown_members_are_ignored_as_RFC_7515_section_7_2_1_requires()
    {
        var jws = Node(Good());
        jws["x-extension"] = 1;
        Entry(jws)["x-extension"] = new JsonArray();
        Entry(jws)["header"]!["x5u"] = "https://attacker.example/";
        Assert.Equal(Payload, JwsObject.Parse(jws.ToJsonString()).RequireSignatureBy(_ed25519.PublicKey));
    }

    [Fact]
    public void Tampered_payload_does_not_verify()
    {
        var jws = Node(Good());
        jws["payload"] = Base64Url.Encode(System.Text.Encoding.UTF8.GetBytes("{\"Test\":{\"Value\":43}}"));
        var result = Single(jws.ToJsonString(), _ed25519.PublicKey);
        Assert.Equal(JwsSignatureStatus.BadSignature, result.Status);
        Assert.Throws<MeshException>(() => JwsObject.Parse(jws.ToJsonString()).RequireSignatureBy(_ed25519.PublicKey));
    }

    [Fact]
    public void Tampered_protected_header_does_not_verify()
    {
        var jws = Node(Good());
        Entry(jws)["protected"] = B64("""{"alg":"Ed25519","cty":"Evil"}""");
        Assert.Equal(JwsSignatureStatus.BadSignature, Single(jws.ToJsonString(), _ed25519.PublicKey).Status);
    }

    [Fact]
    public void A_changed_unprotected_kid_does_not_matter_to_the_signature_but_to_the_resolver()
    {
        var jws = Node(Good());
        Entry(jws)["header"]!["kid"] = "kid-2";
        var parsed = JwsObject.Parse(jws.ToJsonString());
        Assert.Equal(JwsSignatureStatus.UnknownKey, Assert.Single(parsed.Verify(kid => kid == "kid-1" ? _ed25519.PublicKey : null)).Status);
    }

    [Fact]
    public void Signature_by_another_key_does_not_verify()
    {
        using var other = KeyPair.Generate(KeyAlgorithm.Ed25519);
        var result = Single(Good(), other.PublicKey);
        Assert.Equal(JwsSignatureStatus.BadSignature, result.Status);
        Assert.Contains("does not verify", result.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(-1)]
    public void Signature_of_the_wrong_length_is_refused(int delta)
    {
        var jws = Node(Good());
        var signature = Base64Url.Decode(Entry(jws)["signature"]!.GetValue<string>());
        Entry(jws)["signature"] = Base64Url.Encode(delta > 0 ? [.. signature, 0] : signature.AsSpan(0, signature.Length - 1));
        var result = Single(jws.ToJsonString(), _ed25519.PublicKey);
        Assert.Equal(JwsSignatureStatus.BadSignature, result.Status);
        Assert.Contains("must be 64", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_RSA_and_ECDSA_signatures_are_refused()
    {
        using var rsa = JwsVectors.CookbookRsa();
        foreach (var (key, algorithm) in new[] { (rsa, JwsAlgorithm.RS256), (rsa, JwsAlgorithm.PS256), (_p256, JwsAlgorithm.ES256) })
        {
            var jws = Node(new JwsBuilder(Payload).AddSignature(key, algorithm: algorithm).ToJson());
            var signature = Base64Url.Decode(Entry(jws)["signature"]!.GetValue<string>());
            foreach (var cut in new[] { 1, signature.Length / 2, signature.Length - 1 })
            {
                Entry(jws)["signature"] = Base64Url.Encode(signature.AsSpan(0, cut));
                Assert.Equal(JwsSignatureStatus.BadSignature, Single(jws.ToJsonString(), key.PublicKey).Status);
            }
            Entry(jws)["signature"] = "";
            Assert.Equal(JwsSignatureStatus.BadSignature, Single(jws.ToJsonString(), key.PublicKey).Status);
        }
    }

    [Fact]
    public void Alg_none_is_forbidden()
    {
        var encodedPayload = Base64Url.Encode(Payload);
        var json = General(encodedPayload, $$"""{"protected":"{{B64("""{"alg":"none"}""")}}","signature":""}""");
        var result = Single(json, _ed25519.PublicKey);
        Assert.Equal(JwsSignatureStatus.ForbiddenAlgorithm, result.Status);
        Assert.Contains("'none'", result.Problem, StringComparison.Ordinal);
        var compact = JwsCompact.Parse($"{B64("""{"alg":"none"}""")}.{encodedPayload}.");
        Assert.Throws<MeshException>(() => compact.RequireSignatureBy(_ed25519.PublicKey));
    }

    [Theory]
    [InlineData("HS256")]
    [InlineData("HS384")]
    [InlineData("HS512")]
    public void HMAC_with_the_public_key_as_secret_is_forbidden(string alg)
    {
        using var rsa = JwsVectors.CookbookRsa();
        foreach (var key in new[] { _ed25519.PublicKey, _p256.PublicKey, rsa.PublicKey })
        {
            var result = Single(HmacWithPublicKey(key, alg), key);
            Assert.Equal(JwsSignatureStatus.ForbiddenAlgorithm, result.Status);
            Assert.Contains("HMAC", result.Problem, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("EdDSA")]
    [InlineData("Ed25519")]
    public void EdDSA_header_with_a_P256_or_X25519_key_is_algorithm_confusion(string alg)
    {
        var json = Signed(_ed25519, SignatureScheme.Ed25519, $$"""{"alg":"{{alg}}"}""");
        using var x25519 = KeyPair.Generate(KeyAlgorithm.X25519);
        foreach (var key in new[] { _p256.PublicKey, x25519.PublicKey })
        {
            var result = Single(json, key);
            Assert.Equal(JwsSignatureStatus.AlgorithmKeyMismatch, result.Status);
            Assert.Contains($"'{alg}' cannot be used with a key of type {key.Algorithm}", result.Problem, StringComparison.Ordinal);
            var e = Assert.Throws<MeshException>(() => JwsAlgorithm.Require(alg, key));
            Assert.Contains(alg, e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ES256_header_with_an_Ed25519_key_is_algorithm_confusion()
    {
        var json = Signed(_p256, SignatureScheme.EcdsaP256Sha256, """{"alg":"ES256"}""");
        Assert.Equal(JwsSignatureStatus.AlgorithmKeyMismatch, Single(json, _ed25519.PublicKey).Status);
        Assert.Throws<MeshException>(() => JwsAlgorithm.Require("ES256", _ed25519.PublicKey));
    }

    [Theory]
    [InlineData("RS256")]
    [InlineData("PS256")]
    public void RSA_header_with_an_EC_key_is_algorithm_confusion(string alg)
    {
        var json = Signed(_p256, SignatureScheme.EcdsaP256Sha256, $$"""{"alg":"{{alg}}"}""");
        Assert.Equal(JwsSignatureStatus.AlgorithmKeyMismatch, Single(json, _p256.PublicKey).Status);
        Assert.Throws<MeshException>(() => JwsAlgorithm.Require(alg, _p256.PublicKey));
    }

    [Theory]
    [InlineData("ES512")]
    [InlineData("PS384")]
    [InlineData("ed25519")]
    [InlineData("EDDSA")]
    [InlineData("Ed448")]
    [InlineData("")]
    public void Algorithms_off_the_list_are_unsupported(string alg)
    {
        var json = Signed(_ed25519, SignatureScheme.Ed25519, $$"""{"alg":"{{alg}}"}""");
        Assert.Equal(JwsSignatureStatus.UnsupportedAlgorithm, Single(json, _ed25519.PublicKey).Status);
        Assert.Null(JwsAlgorithm.Find(alg));
    }

    [Fact]
    public void Alg_only_in_the_unprotected_header_is_refused()
    {
        var encodedPayload = Base64Url.Encode(Payload);
        var json = General(encodedPayload, $$"""{"header":{"alg":"Ed25519"},"signature":"{{Signature(_ed25519, SignatureScheme.Ed25519, "", encodedPayload)}}"}""");
        var result = Single(json, _ed25519.PublicKey);
        Assert.Equal(JwsSignatureStatus.UnprotectedAlgorithm, result.Status);
        Assert.Contains("protected", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Alg_in_both_headers_is_refused()
    {
        Rejected(Signed(_ed25519, SignatureScheme.Ed25519, """{"alg":"Ed25519"}""", """{"alg":"Ed25519"}"""), "both");
        Rejected(Signed(_ed25519, SignatureScheme.Ed25519, """{"alg":"Ed25519","kid":"a"}""", """{"kid":"b"}"""), "both");
    }

    [Fact]
    public void Missing_alg_is_refused()
    {
        Rejected(Signed(_ed25519, SignatureScheme.Ed25519, """{"cty":"Test"}"""), "'alg'");
        Rejected(General(Base64Url.Encode(Payload), """{"signature":"AAAA"}"""), "'alg'");
    }

    [Fact]
    public void Duplicate_alg_in_the_protected_header_is_refused()
    {
        // Whichever duplicate a reader picks, a peer may pick the other: always refuse.
        Rejected(Signed(_ed25519, SignatureScheme.Ed25519, """{"alg":"Ed25519","alg":"none"}"""), "protected header");
        Rejected(Signed(_ed25519, SignatureScheme.Ed25519, """{"alg":"none","alg":"Ed25519"}"""), "protected header");
        Rejected(Signed(_ed25519, SignatureScheme.Ed25519, """{"alg":"Ed25519","\u0061lg":"none"}"""), "protected header");
    }

    [Fact]
    public void Duplicate_top_level_and_entry_members_are_refused()
    {
        var good = Good();
        Assert.Throws<MeshException>(() => JwsObject.Parse(good.Replace("{\"payload\":", "{\"payload\":\"AAAA\",\"payload\":", StringComparison.Ordinal)));
        Assert.Throws<MeshException>(() => JwsObject.Parse(good.Replace("\"signature\":", "\"signature\":\"AAAA\",\"signature\":", StringComparison.Ordinal)));
        Assert.Throws<MeshException>(() => JwsObject.Parse(good.Replace("{\"kid\":", "{\"kid\":\"x\",\"kid\":", StringComparison.Ordinal)));
        var twice = good.Replace("\"signatures\":", "\"signatures\":[],\"signatures\":", StringComparison.Ordinal);
        Assert.Throws<MeshException>(() => JwsObject.Parse(twice));
    }

    [Theory]
    [InlineData("[1]")]
    [InlineData("\"alg\"")]
    [InlineData("null")]
    [InlineData("{\"alg\":\"Ed25519\"")]
    [InlineData("")]
    [InlineData("{\"alg\":\"Ed25519\"} {}")]
    public void Protected_header_must_be_one_JSON_object(string header)
    {
        Assert.Throws<MeshException>(() => JwsObject.Parse(Signed(_ed25519, SignatureScheme.Ed25519, header)));
    }

    [Theory]
    [InlineData("""{"alg":7}""")]
    [InlineData("""{"alg":"Ed25519","kid":1}""")]
    [InlineData("""{"alg":"Ed25519","cty":["a"]}""")]
    public void Header_parameters_of_the_wrong_type_are_refused(string header)
    {
        Rejected(Signed(_ed25519, SignatureScheme.Ed25519, header), "must be a string");
    }

    [Theory]
    [InlineData("""{"alg":"Ed25519","crit":["exp"],"exp":1}""", "not understood")]
    [InlineData("""{"alg":"Ed25519","crit":["x-mesh"]}""", "not understood")]
    [InlineData("""{"alg":"Ed25519","crit":[]}""", "non-empty")]
    [InlineData("""{"alg":"Ed25519","crit":"exp"}""", "non-empty")]
    [InlineData("""{"alg":"Ed25519","crit":[1]}""", "only names")]
    [InlineData("""{"alg":"Ed25519","crit":["b64"]}""", "does not contain")]
    public void Crit_with_anything_we_do_not_understand_is_refused(string header, string expected)
    {
        Rejected(Signed(_ed25519, SignatureScheme.Ed25519, header), expected);
    }

    [Fact]
    public void Crit_in_the_unprotected_header_is_refused()
    {
        Rejected(Signed(_ed25519, SignatureScheme.Ed25519, """{"alg":"Ed25519"}""", """{"crit":["exp"]}"""), "4.1.11");
    }

    [Fact]
    public void Unencoded_payload_b64_false_is_refused_clearly()
    {
        Rejected(Signed(_ed25519, SignatureScheme.Ed25519, """{"alg":"Ed25519","b64":false,"crit":["b64"]}"""), "RFC 7797");
        Rejected(Signed(_ed25519, SignatureScheme.Ed25519, """{"alg":"Ed25519","b64":false}"""), "RFC 7797");
        Rejected(Signed(_ed25519, SignatureScheme.Ed25519, """{"alg":"Ed25519"}""", """{"b64":false}"""), "protected header");
        Rejected(Signed(_ed25519, SignatureScheme.Ed25519, """{"alg":"Ed25519","b64":"false"}"""), "boolean");
    }

    [Fact]
    public void B64_true_is_the_default_and_accepted()
    {
        var json = Signed(_ed25519, SignatureScheme.Ed25519, """{"alg":"Ed25519","b64":true,"crit":["b64"]}""");
        Assert.Equal(Payload, JwsObject.Parse(json).RequireSignatureBy(_ed25519.PublicKey));
    }

    [Theory]
    [InlineData("payload", "AAA=")]
    [InlineData("payload", "AA+A")]
    [InlineData("payload", "AA/A")]
    [InlineData("payload", "A")]
    [InlineData("payload", "AB")]
    [InlineData("payload", "AA A")]
    [InlineData("payload", "AA\nAA")]
    [InlineData("protected", "eyJhbGciOiJFZDI1NTE5In0=")]
    [InlineData("protected", "eyJhbGciOiJFZDI1NTE5In0 ")]
    [InlineData("protected", "eyJhbGciOiJFZDI1NTE5In1")]
    [InlineData("signature", "AAA=")]
    [InlineData("signature", "A")]
    [InlineData("signature", "AA\tAA")]
    public void Bad_base64url_anywhere_is_refused(string member, string value)
    {
        var jws = Node(Good());
        if (member == "payload") jws["payload"] = value;
        else Entry(jws)[member] = value;
        Rejected(jws.ToJsonString(), "base64url");
    }

    [Fact]
    public void Invalid_UTF8_in_a_header_or_the_JWS_is_refused()
    {
        byte[] header = [.. "{\"alg\":\"Ed25519\",\"cty\":\""u8, 0xFC, 0x80, .. "\"}"u8];
        var encodedPayload = Base64Url.Encode(Payload);
        var encodedHeader = Base64Url.Encode(header);
        var json = General(encodedPayload, $$"""{"protected":"{{encodedHeader}}","signature":"{{Signature(_ed25519, SignatureScheme.Ed25519, encodedHeader, encodedPayload)}}"}""");
        Rejected(json, "UTF-8");
        Assert.Throws<MeshException>(() => JwsCompact.Parse($"{encodedHeader}.{encodedPayload}.AAAA"));

        var bytes = System.Text.Encoding.UTF8.GetBytes(Good());
        var kid = bytes.AsSpan().IndexOf("kid-1"u8);
        bytes[kid] = 0xFF;
        var e = Assert.Throws<MeshException>(() => JwsObject.Parse(bytes));
        Assert.Contains("UTF-8", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_base64url_in_compact_is_refused()
    {
        var compact = JwsCompact.Sign(Payload, _ed25519);
        var parts = compact.Split('.');
        Assert.Throws<MeshException>(() => JwsCompact.Parse($"{parts[0]}=.{parts[1]}.{parts[2]}"));
        Assert.Throws<MeshException>(() => JwsCompact.Parse($"{parts[0]}.{parts[1]}+.{parts[2]}"));
        Assert.Throws<MeshException>(() => JwsCompact.Parse($"{parts[0]}.{parts[1]}.{parts[2]} "));
        Assert.Throws<MeshException>(() => JwsCompact.Parse($" {compact}"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("a.b")]
    [InlineData("a.b.c.d")]
    [InlineData("a.b.c.d.e")]
    [InlineData("..")]
    [InlineData(".e30.")]
    public void Malformed_compact_is_refused(string compact)
    {
        Assert.Throws<MeshException>(() => JwsCompact.Parse(compact));
    }

    [Fact]
    public void Detached_payload_is_refused_when_not_expected_and_required_when_expected()
    {
        var jws = Node(Good());
        jws.Remove("payload");
        Rejected(jws.ToJsonString(), "detached");
        Assert.Throws<MeshException>(() => JwsObject.Parse(Good(), Payload));
        var compact = JwsCompact.Sign(Payload, _ed25519);
        Assert.Throws<MeshException>(() => JwsCompact.Parse(compact, Payload));
    }

    [Fact]
    public void Detached_content_verifies_against_the_content_given()
    {
        var parts = JwsCompact.Sign(Payload, _ed25519).Split('.');
        var detached = $"{parts[0]}..{parts[2]}";
        Assert.Equal(Payload, JwsCompact.Parse(detached, Payload).RequireSignatureBy(_ed25519.PublicKey));
        Assert.Throws<MeshException>(() => JwsCompact.Parse(detached, new byte[] { 1 }).RequireSignatureBy(_ed25519.PublicKey));
        // Without detached content the empty part is an empty payload, which the signature does not cover.
        Assert.Throws<MeshException>(() => JwsCompact.Parse(detached).RequireSignatureBy(_ed25519.PublicKey));
    }

    [Fact]
    public void Ten_megabytes_are_refused_before_parsing()
    {
        var payload = new string('A', 10 * 1024 * 1024);
        var json = General(payload, """{"protected":"e30","signature":""}""");
        Assert.Equal(MeshStatus.TooLarge, Assert.Throws<MeshException>(() => JwsObject.Parse(json)).Status);
        Assert.Equal(MeshStatus.TooLarge, Assert.Throws<MeshException>(() => JwsObject.Parse(System.Text.Encoding.UTF8.GetBytes(json))).Status);
        Assert.Equal(MeshStatus.TooLarge, Assert.Throws<MeshException>(() => JwsCompact.Parse($"e30.{payload}.")).Status);
    }

    [Fact]
    public void More_than_64_signatures_are_refused()
    {
        var entry = Entry(Node(Good())).ToJsonString();
        var json = $"{{\"payload\":\"{Base64Url.Encode(Payload)}\",\"signatures\":[{string.Join(",", Enumerable.Repeat(entry, 65))}]}}";
        Assert.Equal(MeshStatus.TooLarge, Assert.Throws<MeshException>(() => JwsObject.Parse(json)).Status);
        var sixtyFour = json.Replace($",{entry}]", "]", StringComparison.Ordinal);
        Assert.Equal(64, JwsObject.Parse(sixtyFour).Verify(_ed25519.PublicKey).Count(r => r.IsVerified));
    }

    [Fact]
    public void Deeply_nested_JSON_is_refused()
    {
        var deep = new string('[', 200) + new string(']', 200);
        Rejected(Signed(_ed25519, SignatureScheme.Ed25519, """{"alg":"Ed25519"}""", $"{{\"x\":{deep}}}"), "JSON");
        Rejected(Signed(_ed25519, SignatureScheme.Ed25519, $"{{\"alg\":\"Ed25519\",\"x\":{deep}}}"), "JSON");
        Rejected(Good().Replace("{\"payload\"", $"{{\"x\":{deep},\"payload\"", StringComparison.Ordinal), "JSON");
    }

    [Theory]
    [InlineData("""[]""")]
    [InlineData("""null""")]
    [InlineData("""{}""")]
    [InlineData("""{"payload":"","signatures":[]}""")]
    [InlineData("""{"payload":"","signatures":{}}""")]
    [InlineData("""{"payload":"","signatures":[1]}""")]
    [InlineData("""{"payload":"","signatures":[{"protected":"e30"}]}""")]
    [InlineData("""{"payload":"","signatures":[{"protected":1,"signature":""}]}""")]
    [InlineData("""{"payload":"","signatures":[{"protected":"eyJhbGciOiJFZDI1NTE5In0","header":"kid","signature":""}]}""")]
    [InlineData("""{"payload":1,"signatures":[{"protected":"eyJhbGciOiJFZDI1NTE5In0","signature":""}]}""")]
    [InlineData("""{"payload":"","protected":"eyJhbGciOiJFZDI1NTE5In0","signature":"","signatures":[{"protected":"eyJhbGciOiJFZDI1NTE5In0","signature":""}]}""")]
    [InlineData("""{"payload":"","protected":"eyJhbGciOiJFZDI1NTE5In0"}""")]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("{\"payload\":\"\",\"signatures\":[{\"protected\":\"eyJhbGciOiJFZDI1NTE5In0\",\"signature\":\"\"}]} trailing")]
    public void Malformed_JSON_serializations_are_refused(string json)
    {
        Assert.Throws<MeshException>(() => JwsObject.Parse(json));
    }

    [Fact]
    public void Misuse_throws_argument_exceptions()
    {
        Assert.Throws<ArgumentNullException>(() => JwsObject.Parse((string)null!));
        Assert.Throws<ArgumentNullException>(() => JwsCompact.Parse(null!));
        Assert.Throws<ArgumentNullException>(() => JwsObject.Parse(Good()).Verify((PublicKeyInfo)null!));
        Assert.Throws<ArgumentNullException>(() => JwsObject.Parse(Good()).Verify((Func<string, PublicKeyInfo?>)null!));
        Assert.Throws<ArgumentNullException>(() => JwsAlgorithm.Require(null!, _ed25519.PublicKey));
    }

    [Fact]
    public void Any_single_character_change_is_refused_or_changes_nothing_that_is_signed()
    {
        // Mutate every character of a JWS: parsing may fail (MeshException only), the signature
        // may fail, or a change outside the signed bytes (e.g. the kid) may pass; never an
        // exception of another type, and never a verified signature over another payload.
        var good = Good();
        var mutations = "A_-0\"{}[],:. \\x";
        for (var i = 0; i < good.Length; i++)
        {
            foreach (var c in mutations)
            {
                if (good[i] == c) continue;
                var mutated = string.Concat(good.AsSpan(0, i), c.ToString(), good.AsSpan(i + 1));
                JwsObject jws;
                try
                {
                    jws = JwsObject.Parse(mutated);
                }
                catch (MeshException)
                {
                    continue;
                }
                if (jws.Verify(_ed25519.PublicKey).Any(r => r.IsVerified))
                    Assert.Equal(Payload, jws.UnverifiedPayload.ToArray());
            }
        }
    }
}
