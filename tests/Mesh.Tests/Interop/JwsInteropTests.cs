using System.Text.Json.Nodes;
using Mesh.Cryptography;
using Mesh.Encoding;
using Mesh.Jose;

namespace Mesh.Tests.Interop;

/// <summary>
/// Our JWS against panva/jose, an independent implementation (NOTES.md section 3: "an independent
/// JOSE library must verify ... with nothing but the public key"), in both directions.
/// </summary>
public class JwsInteropTests
{
    private static readonly byte[] Payload = "{\"Test\":{\"Text\":\"caf\u00e9 \u2713\"}}"u8.ToArray();

    private static JsonObject Object(string json) => JsonNode.Parse(json)!.AsObject();

    [NodeFact]
    public void Our_general_JWS_with_Ed25519_and_ES256_verifies_in_jose()
    {
        using var ed25519 = KeyPair.Generate(KeyAlgorithm.Ed25519);
        using var p256 = KeyPair.Generate(KeyAlgorithm.P256);
        var json = new JwsBuilder(Payload).AddSignature(ed25519, "ed-kid", "Test").AddSignature(p256, "p256-kid", "Test").ToJson();
        var input = new JsonObject
        {
            ["jws"] = JsonNode.Parse(json),
            ["keys"] = new JsonArray(
                new JsonObject { ["jwk"] = JsonNode.Parse(ed25519.PublicKey.ToJwk()), ["alg"] = "Ed25519" },
                new JsonObject { ["jwk"] = JsonNode.Parse(p256.PublicKey.ToJwk()), ["alg"] = "ES256" }),
        };

        var output = Object(NodeJose.Run("jws-verify.mjs", input.ToJsonString()));

        string[] algs = ["Ed25519", "ES256"], kids = ["ed-kid", "p256-kid"];
        for (var i = 0; i < 2; i++)
        {
            var flattened = output["flattened"]![i]!;
            Assert.True(flattened["verified"]!.GetValue<bool>(), flattened.ToJsonString());
            Assert.Equal(Payload, Base64Url.Decode(flattened["payload"]!.GetValue<string>()));
            Assert.Equal(algs[i], flattened["protectedHeader"]!["alg"]!.GetValue<string>());
            Assert.Equal("Test", flattened["protectedHeader"]!["cty"]!.GetValue<string>());
            Assert.Equal(kids[i], flattened["unprotectedHeader"]!["kid"]!.GetValue<string>());
            var general = output["general"]![i]!;
            Assert.True(general["verified"]!.GetValue<bool>(), general.ToJsonString());
            Assert.Equal(algs[i], general["protectedHeader"]!["alg"]!.GetValue<string>());
        }
    }

    [NodeFact]
    public void Jose_refuses_our_JWS_when_tampered()
    {
        using var ed25519 = KeyPair.Generate(KeyAlgorithm.Ed25519);
        var jws = Object(new JwsBuilder(Payload).AddSignature(ed25519, "kid").ToJson());
        jws["payload"] = Base64Url.Encode("{\"Test\":{}}"u8);
        var input = new JsonObject
        {
            ["jws"] = jws,
            ["keys"] = new JsonArray(new JsonObject { ["jwk"] = JsonNode.Parse(ed25519.PublicKey.ToJwk()), ["alg"] = "Ed25519" }),
        };

        var output = Object(NodeJose.Run("jws-verify.mjs", input.ToJsonString()));

        Assert.False(output["flattened"]![0]!["verified"]!.GetValue<bool>());
        Assert.False(output["general"]![0]!["verified"]!.GetValue<bool>());
    }

    [NodeFact]
    public void Jose_general_flattened_and_compact_JWS_verify_here()
    {
        // jose 6 accepts both the RFC 8037 "EdDSA" and the RFC 9864 "Ed25519" names.
        string[] algs = ["EdDSA", "Ed25519", "ES256", "RS256", "PS256"];
        var input = new JsonObject
        {
            ["payload"] = Base64Url.Encode(Payload),
            ["signers"] = new JsonArray([.. algs.Select(alg => new JsonObject { ["alg"] = alg, ["kid"] = $"kid-{alg}" })]),
        };

        var output = Object(NodeJose.Run("jws-sign.mjs", input.ToJsonString()));

        var keys = output["keys"]!.AsArray().Select(k => PublicKeyInfo.FromJwk(k!.ToJsonString())).ToArray();
        var byKid = algs.Select((alg, i) => (alg, i)).ToDictionary(x => $"kid-{x.alg}", x => keys[x.i]);
        var general = JwsObject.Parse(output["general"]!.ToJsonString());
        Assert.Equal(algs, general.Signatures.Select(s => s.Algorithm));
        Assert.All(general.Verify(kid => byKid.GetValueOrDefault(kid)), r => Assert.Equal(JwsSignatureStatus.Verified, r.Status));
        for (var i = 0; i < algs.Length; i++)
        {
            Assert.Equal(JwsSignatureStatus.Verified, general.Verify(keys[i])[i].Status);
            Assert.Equal(Payload, general.RequireSignatureBy(keys[i]));
            var flattened = JwsObject.Parse(output["flattened"]![i]!.ToJsonString());
            Assert.Equal(Payload, flattened.RequireSignatureBy(keys[i]));
            Assert.Equal(($"kid-{algs[i]}", "Test"), (flattened.Signatures[0].KeyId, flattened.Signatures[0].ContentType));
            var compact = JwsCompact.Parse(output["compact"]![i]!.GetValue<string>());
            Assert.Equal(Payload, compact.RequireSignatureBy(keys[i]));
        }
    }
}
