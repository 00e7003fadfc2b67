// RFC 7516 interoperability with an independent implementation (panva/jose): NOTES.md section 3 requires that
// another JOSE library decrypts our JWEs with nothing but the recipient's private key, and the other way round.
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Mesh.Cryptography;
using Mesh.Encoding;
using Mesh.Jose;
using Mesh.Tests.Jose;

namespace Mesh.Tests.Interop;

public sealed class JweInteropTests : IDisposable
{
    private readonly JweTestKeys _keys = new();
    private readonly byte[] _plaintext = RandomNumberGenerator.GetBytes(1000);

    public void Dispose() => _keys.Dispose();

    /// <summary>A recipient for each supported algorithm and key type, with its private JWK and our decryption.</summary>
    private sealed record Case(JweRecipient Recipient, JweEncryption Encryption, string PublicJwk, string PrivateJwk, Func<string, string?, byte[]> Decrypt)
    {
        public string Alg => Recipient.Algorithm.Name();

        public override string ToString() => $"{Alg} {Recipient.KeyId} {Encryption.Name()}";
    }

    private IEnumerable<Case> Cases()
    {
        foreach (var enc in Enum.GetValues<JweEncryption>())
        {
            foreach (var alg in Enum.GetValues<JweKeyManagement>())
            {
                if (alg.IsEcdh())
                {
                    yield return PairCase(alg, enc, _keys.X25519A, "x25519");
                    yield return PairCase(alg, enc, _keys.P256A, "p256");
                }
                else if (alg.IsRsa())
                {
                    yield return PairCase(alg, enc, JweTestKeys.Rsa, "rsa");
                }
                else
                {
                    var key = alg == JweKeyManagement.A128Kw || (alg == JweKeyManagement.Direct && enc == JweEncryption.A128Gcm) ? _keys.Aes128 : _keys.Aes256;
                    var jwk = $$"""{"kty":"oct","k":"{{Base64Url.Encode(key)}}"}""";
                    yield return new Case(JweRecipient.ForSymmetricKey(key, "oct", alg), enc, jwk, jwk, (jwe, kid) => Jwe.Decrypt(jwe, key, kid));
                }
            }
        }
    }

    private static Case PairCase(JweKeyManagement alg, JweEncryption enc, KeyPair key, string kid) =>
        new(JweRecipient.ForPublicKey(key.PublicKey, kid, alg), enc, key.PublicKey.ToJwk(), key.ExportJwk(), (jwe, k) => Jwe.Decrypt(jwe, key, k));

    private static JsonObject Key(string kid, string alg, string jwk) => new() { ["kid"] = kid, ["alg"] = alg, ["jwk"] = JsonNode.Parse(jwk) };

    private static JsonArray Run(string script, JsonArray jobs) => JsonNode.Parse(NodeJose.Run(script, jobs.ToJsonString()))!.AsArray();

    private static JsonNode AsJson(string ours) => ours.StartsWith('{') ? JsonNode.Parse(ours)! : JsonValue.Create(ours);

    [NodeFact]
    public void Our_five_recipient_general_JWE_decrypts_in_jose()
    {
        var aad = System.Text.Encoding.UTF8.GetBytes("bound to the ciphertext");
        var ours = Jwe.Encrypt(_plaintext, _keys.Recipients(), new JweOptions { ContentType = "PersonalProfile", AdditionalData = aad });
        var keys = new JsonArray([.. _keys.All.Select((k, i) => Key(k.Kid, i == 4 ? "RSA-OAEP-256" : "ECDH-ES+A256KW", k.Key.ExportJwk()))]);
        var tampered = JweMutation.Edit(ours, root => root["ciphertext"] = JweMutation.FlipBit(root["ciphertext"]!.GetValue<string>()));
        var output = Run("jwe-decrypt.mjs", [
            new JsonObject { ["jwe"] = AsJson(ours), ["keys"] = keys.DeepClone() },
            new JsonObject { ["jwe"] = AsJson(tampered), ["keys"] = keys.DeepClone() },
        ]);

        var results = output[0]!.AsArray();
        Assert.Equal(5, results.Count);
        foreach (var result in results)
        {
            Assert.Null(result!["error"]);
            Assert.Equal(Base64Url.Encode(_plaintext), result["plaintext"]!.GetValue<string>());
            Assert.Equal("PersonalProfile", result["protectedHeader"]!["cty"]!.GetValue<string>());
            Assert.Equal(Base64Url.Encode(aad), result["aad"]!.GetValue<string>());
        }
        Assert.All(output[1]!.AsArray(), result => Assert.NotNull(result!["error"]));
    }

    [NodeFact]
    public void Our_compact_and_single_recipient_JWEs_decrypt_in_jose_for_every_algorithm()
    {
        var cases = Cases().ToList();
        var jobs = new JsonArray();
        foreach (var c in cases)
        {
            var options = new JweOptions { Encryption = c.Encryption };
            jobs.Add(new JsonObject { ["jwe"] = AsJson(Jwe.EncryptCompact(_plaintext, c.Recipient, options)), ["keys"] = new JsonArray(Key(c.Recipient.KeyId, c.Alg, c.PrivateJwk)) });
            jobs.Add(new JsonObject { ["jwe"] = AsJson(Jwe.Encrypt(_plaintext, [c.Recipient], options)), ["keys"] = new JsonArray(Key(c.Recipient.KeyId, c.Alg, c.PrivateJwk)) });
        }
        var output = Run("jwe-decrypt.mjs", jobs);
        for (var i = 0; i < jobs.Count; i++)
        {
            var result = output[i]![0]!;
            Assert.True(result["error"] is null, $"{cases[i / 2]} ({(i % 2 == 0 ? "compact" : "general")}): {result["error"]}");
            Assert.Equal(Base64Url.Encode(_plaintext), result["plaintext"]!.GetValue<string>());
        }
    }

    [NodeFact]
    public void Jose_multi_recipient_general_JWE_decrypts_here()
    {
        var aad = System.Text.Encoding.UTF8.GetBytes("aad from jose");
        var recipients = new JsonArray(
            Recipient("x25519-a", "ECDH-ES+A256KW", _keys.X25519A.PublicKey.ToJwk()),
            Recipient("x25519-b", "ECDH-ES+A256KW", _keys.X25519B.PublicKey.ToJwk(), apu: "QWxpY2U", apv: "Qm9i"),
            Recipient("p256-a", "ECDH-ES+A256KW", _keys.P256A.PublicKey.ToJwk()),
            Recipient("p256-b", "ECDH-ES+A128KW", _keys.P256B.PublicKey.ToJwk()),
            Recipient("rsa", "RSA-OAEP-256", JweTestKeys.Rsa.PublicKey.ToJwk()));
        var job = new JsonObject
        {
            ["form"] = "general", ["plaintext"] = Base64Url.Encode(_plaintext), ["enc"] = "A256GCM", ["cty"] = "PersonalProfile",
            ["aad"] = Base64Url.Encode(aad), ["recipients"] = recipients,
        };
        var theirs = Run("jwe-encrypt.mjs", [job])[0]!.ToJsonString();

        var message = JweMessage.Parse(theirs);
        Assert.Equal(JweSerialization.General, message.Serialization);
        Assert.Equal("PersonalProfile", message.ContentType);
        Assert.Equal(["x25519-a", "x25519-b", "p256-a", "p256-b", "rsa"], message.KeyIds);
        var keys = new[] { _keys.X25519A, _keys.X25519B, _keys.P256A, _keys.P256B, JweTestKeys.Rsa };
        for (var i = 0; i < keys.Length; i++)
        {
            Assert.Equal(_plaintext, message.Decrypt(keys[i], message.KeyIds[i]));
            Assert.Equal(_plaintext, message.Decrypt(keys[i]));
        }
        using var stranger = KeyPair.Generate(KeyAlgorithm.X25519);
        Assert.Throws<MeshException>(() => message.Decrypt(stranger));
    }

    [NodeFact]
    public void Jose_compact_flattened_and_general_JWEs_decrypt_here_for_every_algorithm()
    {
        var cases = Cases().ToList();
        var forms = new[] { "compact", "flattened", "general" };
        var jobs = new JsonArray();
        foreach (var c in cases)
        {
            foreach (var form in forms)
            {
                var job = new JsonObject
                {
                    ["form"] = form, ["plaintext"] = Base64Url.Encode(_plaintext), ["enc"] = c.Encryption.Name(),
                    ["recipients"] = new JsonArray(Recipient(c.Recipient.KeyId, c.Alg, c.PublicJwk,
                        apu: c.Recipient.Algorithm.IsEcdh() ? "QWxpY2U" : null, apv: c.Recipient.Algorithm.IsEcdh() ? "Qm9i" : null)),
                };
                if (form != "compact") job["aad"] = "AQID";
                jobs.Add(job);
            }
        }
        var output = Run("jwe-encrypt.mjs", jobs);
        for (var i = 0; i < jobs.Count; i++)
        {
            var c = cases[i / forms.Length];
            var theirs = output[i] is JsonValue value ? value.GetValue<string>() : output[i]!.ToJsonString();
            Assert.Equal(_plaintext, c.Decrypt(theirs, c.Recipient.KeyId));
            Assert.Equal(_plaintext, c.Decrypt(theirs, null));
        }
    }

    private static JsonObject Recipient(string kid, string alg, string jwk, string? apu = null, string? apv = null)
    {
        var recipient = Key(kid, alg, jwk);
        if (apu is not null) recipient["apu"] = apu;
        if (apv is not null) recipient["apv"] = apv;
        return recipient;
    }
}
