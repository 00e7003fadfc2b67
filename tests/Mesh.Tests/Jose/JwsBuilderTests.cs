using System.Text.Json;
using Mesh.Cryptography;
using Mesh.Jose;
using static Mesh.Tests.Jose.JwsForge;

namespace Mesh.Tests.Jose;

/// <summary>Signing: the Mesh profile of NOTES.md section 3, several signers, and misuse of the builder.</summary>
public sealed class JwsBuilderTests : IDisposable
{
    private readonly KeyPair _ed25519 = KeyPair.Generate(KeyAlgorithm.Ed25519);
    private readonly KeyPair _p256 = KeyPair.Generate(KeyAlgorithm.P256);
    private readonly KeyPair _rsa = JwsVectors.CookbookRsa();

    public void Dispose()
    {
        _ed25519.Dispose();
        _p256.Dispose();
        _rsa.Dispose();
    }

    private static JsonElement ProtectedHeader(JwsSignature signature)
    {
        using var document = JsonDocument.Parse(signature.ProtectedHeader);
        return document.RootElement.Clone();
    }

    [Fact]
    public void Mesh_profile_alg_and_cty_protected_kid_unprotected()
    {
        var json = new JwsBuilder(Payload).AddSignature(_ed25519, "MB2GK-6DUF5-YGYYL", "Test").ToJson();

        using var document = JsonDocument.Parse(json);
        var entry = document.RootElement.GetProperty("signatures")[0];
        Assert.Equal("""{"kid":"MB2GK-6DUF5-YGYYL"}""", entry.GetProperty("header").GetRawText());
        var signature = JwsObject.Parse(json).Signatures[0];
        Assert.Equal("""{"alg":"Ed25519","cty":"Test"}""", System.Text.Encoding.UTF8.GetString(signature.ProtectedHeader.Span));
        Assert.Equal(("Ed25519", "Test", "MB2GK-6DUF5-YGYYL", true), (signature.Algorithm, signature.ContentType, signature.KeyId, signature.IsAlgorithmProtected));
    }

    [Fact]
    public void Each_key_type_signs_with_its_default_algorithm()
    {
        var json = new JwsBuilder(Payload).AddSignature(_ed25519).AddSignature(_p256).AddSignature(_rsa).ToJson();
        Assert.Equal(["Ed25519", "ES256", "PS256"], JwsObject.Parse(json).Signatures.Select(s => s.Algorithm));
    }

    [Fact]
    public void Two_signatures_each_verify_with_their_own_key_only()
    {
        var builder = new JwsBuilder(Payload).AddSignature(_ed25519, "ed").AddSignature(_p256, "p256");
        var jws = JwsObject.Parse(builder.ToJsonUtf8());

        Assert.Equal(2, builder.Count);
        Assert.Equal([JwsSignatureStatus.Verified, JwsSignatureStatus.AlgorithmKeyMismatch], jws.Verify(_ed25519.PublicKey).Select(r => r.Status));
        Assert.Equal([JwsSignatureStatus.AlgorithmKeyMismatch, JwsSignatureStatus.Verified], jws.Verify(_p256.PublicKey).Select(r => r.Status));
        Assert.Equal(Payload, jws.RequireSignatureBy(_ed25519.PublicKey));
        Assert.Equal(Payload, jws.RequireSignatureBy(_p256.PublicKey));
        var keys = new Dictionary<string, PublicKeyInfo> { ["ed"] = _ed25519.PublicKey, ["p256"] = _p256.PublicKey };
        Assert.All(jws.Verify(kid => keys.GetValueOrDefault(kid)), r => Assert.True(r.IsVerified));
    }

    [Fact]
    public void Require_names_every_problem_when_no_signature_verifies()
    {
        using var stranger = KeyPair.Generate(KeyAlgorithm.Ed25519);
        var jws = JwsObject.Parse(new JwsBuilder(Payload).AddSignature(_ed25519).AddSignature(_p256).ToJson());

        var e = Assert.Throws<MeshException>(() => jws.RequireSignatureBy(stranger.PublicKey));

        Assert.Contains("Signature 0: The Ed25519 signature does not verify", e.Message, StringComparison.Ordinal);
        Assert.Contains("Signature 1: The algorithm 'ES256' cannot be used with a key of type Ed25519", e.Message, StringComparison.Ordinal);
        Assert.Equal(MeshStatus.BadRequest, e.Status);
    }

    [Theory]
    [InlineData("Ed25519")]
    [InlineData("EdDSA")]
    public void Both_Ed25519_names_verify(string name)
    {
        var algorithm = JwsAlgorithm.Find(name)!;
        var json = new JwsBuilder(Payload).AddSignature(_ed25519, algorithm: algorithm).ToJson();
        Assert.Equal(Payload, JwsObject.VerifiedPayload(System.Text.Encoding.UTF8.GetBytes(json), _ed25519.PublicKey));
        Assert.Same(algorithm, JwsAlgorithm.Require(name, _ed25519.PublicKey));
    }

    [Fact]
    public void RS256_and_PS256_verify()
    {
        var json = new JwsBuilder(Payload).AddSignature(_rsa, algorithm: JwsAlgorithm.RS256).AddSignature(_rsa, algorithm: JwsAlgorithm.PS256).ToJson();
        Assert.All(JwsObject.Parse(json).Verify(_rsa.PublicKey), r => Assert.True(r.IsVerified));
    }

    [Fact]
    public void Extra_protected_members_are_signed()
    {
        var json = new JwsBuilder(Payload).AddSignature(_ed25519, extraProtectedMembers: w => w.WriteNumber("iat", 1700000000)).ToJson();
        var signature = JwsObject.Parse(json).Signatures[0];
        Assert.Equal(1700000000, ProtectedHeader(signature).GetProperty("iat").GetInt64());
    }

    [Fact]
    public void Compact_round_trip_carries_kid_and_cty_protected()
    {
        var compact = JwsCompact.Sign(Payload, _p256, keyId: "k", contentType: "Test");
        var jws = JwsCompact.Parse(compact);
        Assert.Equal("""{"alg":"ES256","kid":"k","cty":"Test"}""", System.Text.Encoding.UTF8.GetString(jws.Signatures[0].ProtectedHeader.Span));
        Assert.Equal(Payload, jws.RequireSignatureBy(_p256.PublicKey));
        Assert.False(jws.IsPayloadDetached);
    }

    [Fact]
    public void Flattened_serialization_of_our_signature_verifies()
    {
        using var document = JsonDocument.Parse(new JwsBuilder(Payload).AddSignature(_ed25519, "kid").ToJson());
        var entry = document.RootElement.GetProperty("signatures")[0];
        var flattened = $"{{\"payload\":{document.RootElement.GetProperty("payload").GetRawText()},{entry.GetRawText()[1..]}";
        Assert.Equal(Payload, JwsObject.Parse(flattened).RequireSignatureBy(_ed25519.PublicKey));
    }

    [Fact]
    public void Payload_returned_is_a_copy()
    {
        var jws = JwsObject.Parse(new JwsBuilder(Payload).AddSignature(_ed25519).ToJson());
        var payload = jws.RequireSignatureBy(_ed25519.PublicKey);
        payload[0] ^= 1;
        Assert.Equal(Payload, jws.RequireSignatureBy(_ed25519.PublicKey));
    }

    [Fact]
    public void Empty_payload_signs_and_verifies()
    {
        var jws = JwsObject.Parse(new JwsBuilder([]).AddSignature(_ed25519).ToJson());
        Assert.Empty(jws.RequireSignatureBy(_ed25519.PublicKey));
    }

    [Fact]
    public void Mismatched_algorithm_or_key_type_is_misuse()
    {
        using var x25519 = KeyPair.Generate(KeyAlgorithm.X25519);
        var builder = new JwsBuilder(Payload);
        Assert.Throws<ArgumentException>(() => builder.AddSignature(_ed25519, algorithm: JwsAlgorithm.ES256));
        Assert.Throws<ArgumentException>(() => builder.AddSignature(_p256, algorithm: JwsAlgorithm.EdDsa));
        Assert.Throws<ArgumentException>(() => builder.AddSignature(_rsa, algorithm: JwsAlgorithm.Ed25519));
        Assert.Throws<ArgumentException>(() => builder.AddSignature(x25519));
        Assert.Throws<ArgumentException>(() => JwsCompact.Sign(Payload, _p256, JwsAlgorithm.RS256));
        Assert.Throws<ArgumentNullException>(() => builder.AddSignature(null!));
        Assert.Equal(0, builder.Count);
    }

    [Theory]
    [InlineData("alg")]
    [InlineData("crit")]
    [InlineData("b64")]
    [InlineData("kid")]
    public void Extra_members_that_a_recipient_would_refuse_are_misuse(string member)
    {
        var builder = new JwsBuilder(Payload);
        Action<Utf8JsonWriter> extra = member switch
        {
            "crit" => w => { w.WriteStartArray("crit"); w.WriteStringValue("exp"); w.WriteEndArray(); },
            "b64" => w => w.WriteBoolean("b64", false),
            _ => w => w.WriteString(member, "x"),
        };
        // "kid" is refused only because the unprotected header has one too: names must be disjoint.
        Assert.Throws<ArgumentException>(() => builder.AddSignature(_ed25519, keyId: "k", extraProtectedMembers: extra));
    }

    [Fact]
    public void Extra_members_that_are_not_JSON_are_misuse()
    {
        var builder = new JwsBuilder(Payload);
        Assert.Throws<ArgumentException>(() => builder.AddSignature(_ed25519, extraProtectedMembers: w => w.WriteEndObject()));
        Assert.Throws<ArgumentException>(() => builder.AddSignature(_ed25519, extraProtectedMembers: w => w.WriteStartObject("open")));
    }

    [Fact]
    public void Output_before_any_signature_or_beyond_64_is_misuse()
    {
        var builder = new JwsBuilder(Payload);
        Assert.Throws<InvalidOperationException>(() => builder.ToJson());
        for (var i = 0; i < JwsObject.MaxSignatures; i++) builder.AddSignature(_ed25519);
        Assert.Throws<InvalidOperationException>(() => builder.AddSignature(_ed25519));
        Assert.Equal(JwsObject.MaxSignatures, JwsObject.Parse(builder.ToJson()).Signatures.Count);
    }

    [Fact]
    public void A_payload_too_large_for_a_recipient_is_misuse()
    {
        Assert.Throws<ArgumentException>(() => new JwsBuilder(new byte[JoseJson.MaxObjectLength]));
        var builder = new JwsBuilder(new byte[JoseJson.MaxObjectLength * 3 / 4 - 100]).AddSignature(_ed25519);
        Assert.Throws<InvalidOperationException>(() => builder.AddSignature(_ed25519).ToJsonUtf8());
    }

    [Fact]
    public void Allow_list_is_exactly_five_algorithms_each_fitting_one_key_type()
    {
        Assert.Equal(["Ed25519", "EdDSA", "ES256", "RS256", "PS256"], JwsAlgorithm.All.Select(a => a.Name));
        Assert.True(JwsAlgorithm.Ed25519.Fits(_ed25519.PublicKey));
        Assert.True(JwsAlgorithm.EdDsa.Fits(_ed25519.PublicKey));
        Assert.True(JwsAlgorithm.ES256.Fits(_p256.PublicKey));
        Assert.True(JwsAlgorithm.RS256.Fits(_rsa.PublicKey));
        Assert.True(JwsAlgorithm.PS256.Fits(_rsa.PublicKey));
        Assert.Equal(5, JwsAlgorithm.All.SelectMany(a => new[] { _ed25519.PublicKey, _p256.PublicKey, _rsa.PublicKey }.Where(a.Fits)).Count());
        Assert.Null(JwsAlgorithm.Find("none"));
        Assert.Null(JwsAlgorithm.Find("HS256"));
    }
}
