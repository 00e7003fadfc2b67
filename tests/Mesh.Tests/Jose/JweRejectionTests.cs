// RFC 7516 sections 5.2, 7 and 9, RFC 7518 section 4.6 and NOTES.md section 3: malformed, unsupported
// or mismatched JWEs are each rejected with a MeshException that says what is wrong.
using System.Text.Json.Nodes;
using Mesh.Cryptography;
using Mesh.Encoding;
using Mesh.Jose;

namespace Mesh.Tests.Jose;

public sealed class JweRejectionTests : IDisposable
{
    private static readonly byte[] Plaintext = System.Text.Encoding.UTF8.GetBytes("attack at dawn");
    private readonly JweTestKeys _keys = new();

    public void Dispose() => _keys.Dispose();

    private string ToX25519() => Jwe.Encrypt(Plaintext, [JweRecipient.ForPublicKey(_keys.X25519A.PublicKey, "x")]);

    private string ToP256() => Jwe.Encrypt(Plaintext, [JweRecipient.ForPublicKey(_keys.P256A.PublicKey, "p")]);

    private static string Symmetric(JweKeyManagement alg, byte[] key, JweEncryption enc = JweEncryption.A256Gcm) =>
        Jwe.Encrypt(Plaintext, [JweRecipient.ForSymmetricKey(key, "s", alg)], new JweOptions { Encryption = enc });

    private static void Rejects(string expected, Func<object> decrypt)
    {
        var e = Assert.Throws<MeshException>(decrypt);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    private void RejectsX25519(string expected, string jwe) => Rejects(expected, () => Jwe.Decrypt(jwe, _keys.X25519A));

    [Fact]
    public void An_algorithm_that_does_not_fit_the_key_is_rejected()
    {
        var rsaOaep = JweVectors.Output(JweVectors.Cookbook("5_2"), "compact");
        RejectsX25519("uses RSA-OAEP, which needs an RSA key, not the given X25519 key", rsaOaep);
        Rejects("uses ECDH-ES+A256KW, which needs an X25519 or P-256 key, not the given Rsa key", () => Jwe.Decrypt(ToX25519(), JweTestKeys.Rsa));
        Rejects("uses ECDH-ES+A256KW, which needs an X25519 or P-256 key, not the given 32-byte symmetric key", () => Jwe.Decrypt(ToX25519(), _keys.Aes256));
        Rejects("uses A256KW, which needs a 32-byte symmetric key, not the given P256 key", () => Jwe.Decrypt(Symmetric(JweKeyManagement.A256Kw, _keys.Aes256), _keys.P256A));
        Rejects("uses dir, which needs a symmetric key, not the given X25519 key", () => Jwe.Decrypt(Symmetric(JweKeyManagement.Direct, _keys.Aes256), _keys.X25519A, "s"));
    }

    [Fact]
    public void An_epk_on_another_curve_is_rejected()
    {
        var jwe = JweMutation.Edit(ToX25519(), root => JweMutation.RecipientHeader(root, 0)["epk"] = JsonNode.Parse(_keys.P256B.PublicKey.ToJwk()));
        RejectsX25519("The JWE 'epk' is a P256 key but the recipient's key is X25519: wrong curve.", jwe);
        jwe = JweMutation.Edit(ToP256(), root => JweMutation.RecipientHeader(root, 0)["epk"] = JsonNode.Parse(_keys.X25519B.PublicKey.ToJwk()));
        Rejects("wrong curve", () => Jwe.Decrypt(jwe, _keys.P256A, "p"));
        using var ed25519 = KeyPair.Generate(KeyAlgorithm.Ed25519);
        jwe = JweMutation.Edit(ToX25519(), root => JweMutation.RecipientHeader(root, 0)["epk"] = JsonNode.Parse(ed25519.PublicKey.ToJwk()));
        RejectsX25519("is a Ed25519 key but the recipient's key is X25519: wrong curve", jwe);
        jwe = JweMutation.Edit(ToP256(), root => JweMutation.RecipientHeader(root, 0)["epk"] = JsonNode.Parse(
            """{"kty":"EC","crv":"P-384","x":"Uzdvk3pi5wKCRc1izp5_r0OjeqT-I68i8g2b8mva8diRhsE2xAn2DtMRb25Ma2CX","y":"VDrRyFJh-Kwd1EjAgmj5Eo-CTHAZ53MC7PjjpLioy3ylEjI1pOMbw91fzZ84pbfm"}"""));
        Rejects("The JWE 'epk' is not a usable ephemeral public key: The JWK curve 'P-384' is not supported", () => Jwe.Decrypt(jwe, _keys.P256A));
    }

    [Fact]
    public void A_P256_epk_off_the_curve_is_rejected()
    {
        var jwe = JweMutation.Edit(ToP256(), root =>
        {
            var epk = JweMutation.RecipientHeader(root, 0)["epk"]!.AsObject();
            epk["y"] = JweMutation.FlipBit(epk["y"]!.GetValue<string>(), 31);
        });
        Rejects("The JWE 'epk' is not a usable ephemeral public key: The P-256 public key is not a point on the curve.", () => Jwe.Decrypt(jwe, _keys.P256A));
    }

    [Theory]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")] // 0
    [InlineData("0100000000000000000000000000000000000000000000000000000000000000")] // 1
    [InlineData("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800")] // a point of order 8
    [InlineData("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")] // p - 1
    public void A_low_order_X25519_epk_is_rejected(string hex)
    {
        var jwe = JweMutation.Edit(ToX25519(), root =>
            JweMutation.RecipientHeader(root, 0)["epk"]!["x"] = Base64Url.Encode(Convert.FromHexString(hex)));
        RejectsX25519("The X25519 peer key is degenerate (low order).", jwe);
    }

    [Fact]
    public void A_missing_or_malformed_epk_is_rejected()
    {
        RejectsX25519("The JWE header has no 'epk'", JweMutation.Edit(ToX25519(), root => JweMutation.RecipientHeader(root, 0).Remove("epk")));
        RejectsX25519("The JWE header member 'epk' must be a JSON object.", JweMutation.Edit(ToX25519(), root => JweMutation.RecipientHeader(root, 0)["epk"] = "x"));
        RejectsX25519("The JWE 'epk' is not a usable ephemeral public key: The JWK has no string member 'x'.",
            JweMutation.Edit(ToX25519(), root => JweMutation.RecipientHeader(root, 0)["epk"]!.AsObject().Remove("x")));
    }

    [Theory]
    [InlineData("""{"enc":"A192GCM"}""", "The JWE content encryption algorithm 'A192GCM' is unsupported")]
    [InlineData("""{"enc":"A128CBC-HS256"}""", "'A128CBC-HS256' is unsupported")]
    [InlineData("""{"enc":"a256gcm"}""", "'a256gcm' is unsupported")]
    [InlineData("""{"cty":"x"}""", "The JWE header has no member 'enc'.")]
    [InlineData("""{"enc":256}""", "The JWE header member 'enc' must be a string.")]
    [InlineData("""{"enc":"A256GCM","zip":"DEF"}""", "compression ('zip': 'DEF'), which is unsupported")]
    [InlineData("""{"enc":"A256GCM","crit":["exp"],"exp":1}""", "critical header parameters ('crit')")]
    [InlineData("""{"enc":"A256GCM","crit":[]}""", "critical header parameters ('crit')")]
    [InlineData("""{"enc":"A256GCM","enc":"A256GCM"}""", "The JWE protected header is not valid JSON")]
    [InlineData("""{"enc":"A256GCM","alg":"dir"}""", "The JWE header member 'alg' appears in more than one header")]
    [InlineData("""["enc"]""", "The JWE protected header must be a JSON object.")]
    [InlineData("""{"enc":"A256GCM" """, "The JWE protected header is not valid JSON")]
    [InlineData("", "The JWE member 'protected' must be absent when the protected header is empty.")]
    public void A_bad_protected_header_is_rejected(string header, string expected) =>
        RejectsX25519(expected, JweMutation.Edit(ToX25519(), root => JweMutation.SetProtected(root, header)));

    [Fact]
    public void Header_members_must_be_disjoint()
    {
        RejectsX25519("'enc' appears in more than one header", JweMutation.Edit(ToX25519(), root => root["unprotected"] = new JsonObject { ["enc"] = "A256GCM" }));
        RejectsX25519("'kid' appears in more than one header", JweMutation.Edit(ToX25519(), root => root["unprotected"] = new JsonObject { ["kid"] = "x" }));
        RejectsX25519("'enc' appears in more than one header", JweMutation.Edit(ToX25519(), root => JweMutation.RecipientHeader(root, 0)["enc"] = "A256GCM"));
        // A collision in another recipient's header is also fatal: the JWE as a whole is malformed.
        var jwe = Jwe.Encrypt(Plaintext, _keys.Recipients());
        RejectsX25519("'enc' appears in more than one header", JweMutation.Edit(jwe, root => JweMutation.RecipientHeader(root, 3)["enc"] = "A256GCM"));
        // An untrusted name is not echoed into the message when it holds control characters.
        RejectsX25519("The JWE header member '(unprintable or overlong name)' appears in more than one header",
            JweMutation.Edit(ToX25519(), root =>
            {
                root["unprotected"] = new JsonObject { ["x\n\u001b"] = 1 };
                JweMutation.RecipientHeader(root, 0)["x\n\u001b"] = 1;
            }));
    }

    [Fact]
    public void Zip_and_crit_are_rejected_in_any_header()
    {
        RejectsX25519("'zip': 'DEF'", JweMutation.Edit(ToX25519(), root => JweMutation.RecipientHeader(root, 0)["zip"] = "DEF"));
        RejectsX25519("'crit'", JweMutation.Edit(ToX25519(), root => root["unprotected"] = new JsonObject { ["crit"] = new JsonArray("b64") }));
    }

    [Fact]
    public void Recipients_must_agree_on_enc()
    {
        var jwe = JweMutation.Edit(Jwe.Encrypt(Plaintext, _keys.Recipients()), root =>
        {
            root.Remove("protected");
            for (var i = 0; i < 5; i++) JweMutation.RecipientHeader(root, i)["enc"] = i == 0 ? "A128GCM" : "A256GCM";
        });
        RejectsX25519("The JWE's recipients disagree on the content encryption algorithm ('enc').", jwe);
    }

    [Fact]
    public void The_CEK_must_fit_enc()
    {
        var vector = JweVectors.Cookbook("5_6");
        Rejects("The content encryption key is 32 bytes; A128GCM needs 16.", () => Jwe.Decrypt(JweVectors.Output(vector, "compact"), _keys.Aes256));
        // A 32-byte CEK wrapped for an A128GCM message.
        var header = Base64Url.Encode("""{"alg":"A128KW","enc":"A128GCM"}"""u8);
        var compact = string.Join('.', header, Base64Url.Encode(AesKeyWrap.Wrap(_keys.Aes128, new byte[32])), Base64Url.Encode(new byte[12]), "", Base64Url.Encode(new byte[16]));
        Rejects("The content encryption key is 32 bytes; A128GCM needs 16.", () => Jwe.Decrypt(compact, _keys.Aes128));
    }

    [Theory]
    [InlineData("iv", 8, "The JWE 'iv' must be 12 bytes for A128GCM, not 8.")]
    [InlineData("iv", 16, "The JWE 'iv' must be 12 bytes for A128GCM, not 16.")]
    [InlineData("tag", 12, "The JWE 'tag' must be 16 bytes for A128GCM, not 12.")]
    [InlineData("tag", 15, "The JWE 'tag' must be 16 bytes for A128GCM, not 15.")]
    [InlineData("tag", 0, "The JWE 'tag' must be 16 bytes for A128GCM, not 0.")]
    public void IV_and_tag_lengths_are_exact(string member, int length, string expected)
    {
        var vector = JweVectors.Cookbook("5_8");
        var jwe = JweMutation.Edit(JweVectors.Output(vector, "json"), root => root[member] = Base64Url.Encode(Base64Url.Decode(root[member]!.GetValue<string>()).AsSpan(0, Math.Min(length, 12)).ToArray().Concat(new byte[Math.Max(0, length - 12)]).ToArray()));
        Rejects(expected, () => Jwe.Decrypt(jwe, JweVectors.SymmetricKey(vector)));
    }

    [Fact]
    public void Direct_algorithms_take_one_recipient_and_no_encrypted_key()
    {
        var direct = Symmetric(JweKeyManagement.Direct, _keys.Aes256);
        Rejects("A JWE using dir must have an empty encrypted key.",
            () => Jwe.Decrypt(JweMutation.Edit(direct, root => root["recipients"]![0]!["encrypted_key"] = "AAAA"), _keys.Aes256));
        var two = JweMutation.Edit(direct, root => root["recipients"]!.AsArray().Add(new JsonObject { ["header"] = new JsonObject { ["alg"] = "dir", ["kid"] = "t" } }));
        Rejects("dir can only be used with a single recipient.", () => Jwe.Decrypt(two, _keys.Aes256, "s"));
        var ecdhEs = Jwe.Encrypt(Plaintext, [JweRecipient.ForPublicKey(_keys.X25519A.PublicKey, "x", JweKeyManagement.EcdhEs)]);
        RejectsX25519("A JWE using ECDH-ES must have an empty encrypted key.", JweMutation.Edit(ecdhEs, root => root["recipients"]![0]!["encrypted_key"] = "AAAA"));
        RejectsX25519("The JWE recipient using ECDH-ES+A256KW has no encrypted key.", JweMutation.Edit(ToX25519(), root => root["recipients"]![0]!.AsObject().Remove("encrypted_key")));
        RejectsX25519("'encrypted_key' must be absent when there is no encrypted key.", JweMutation.Edit(ecdhEs, root => root["recipients"]![0]!["encrypted_key"] = ""));
    }

    [Fact]
    public void Recipients_are_limited()
    {
        var jwe = JweMutation.Edit(Symmetric(JweKeyManagement.A128Kw, _keys.Aes128), root =>
        {
            var recipients = root["recipients"]!.AsArray();
            for (var i = 0; i < Jwe.MaxRecipients; i++) recipients.Add(recipients[0]!.DeepClone());
        });
        var e = Assert.Throws<MeshException>(() => JweMessage.Parse(jwe));
        Assert.Equal(MeshStatus.TooLarge, e.Status);
        Assert.Equal("The JWE has 65 recipients; at most 64 are accepted.", e.Message);
        Rejects("The JWE has an empty 'recipients' array.", () => JweMessage.Parse(JweMutation.Edit(jwe, root => root["recipients"] = new JsonArray())));
        Rejects("The JWE has no array member 'recipients'.", () => JweMessage.Parse(JweMutation.Edit(jwe, root => root["recipients"] = "x")));
        Rejects("The JWE recipient must be a JSON object.", () => JweMessage.Parse(JweMutation.Edit(jwe, root => root["recipients"] = new JsonArray(1))));
    }

    [Fact]
    public void Ten_megabytes_are_rejected_before_parsing()
    {
        var json = "{\"ciphertext\":\"" + new string('A', 10 * 1024 * 1024) + "\"}";
        var e = Assert.Throws<MeshException>(() => Jwe.Decrypt(json, _keys.X25519A));
        Assert.Equal(MeshStatus.TooLarge, e.Status);
        var compact = "eyJ9." + new string('A', 10 * 1024 * 1024) + "...";
        e = Assert.Throws<MeshException>(() => Jwe.Decrypt(compact, _keys.X25519A));
        Assert.Equal(MeshStatus.TooLarge, e.Status);
    }

    public static TheoryData<string, string> BadBase64 => new()
    {
        { "protected", "eyJlbmMiOiJBMjU2R0NNIn0=" },
        { "protected", "eyJlbmMiOiJBMjU2R0NNIn0+" },
        { "protected", "eyJlbmMiOiJBMjU2R0 NNIn0" },
        { "iv", "AAAAAAAAAAAAAAA/" },
        { "iv", "AAAAAAAAAAAAAAA\n" },
        { "iv", "AAAAAAAAAAAAAAB" }, // non-canonical: the last character carries bits that decode to nothing
        { "ciphertext", "A" },
        { "ciphertext", "AA==" },
        { "tag", "AAAAAAAAAAAAAAAAAAAAAA==" },
        { "tag", "AAAAAAAAAAAAAAAAAAAA\tAA" },
        { "aad", "AQID=" },
        { "aad", "AQ.D" },
        { "encrypted_key", "!!!!" },
        { "encrypted_key", "AAAA AAAA" },
        { "epk.x", "AAAA+AAA" },
        { "epk.x", "hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmp" }, // non-canonical last character
        { "apu", "QWxpY2U=" },
        { "apv", "Qm9i\r\n" },
    };

    [Theory]
    [MemberData(nameof(BadBase64))]
    public void Bad_base64url_is_rejected_in_every_member(string member, string value)
    {
        var jwe = JweMutation.Edit(Jwe.Encrypt(Plaintext, [JweRecipient.ForPublicKey(_keys.X25519A.PublicKey, "x")], new JweOptions { AdditionalData = new byte[] { 1, 2, 3 } }), root =>
        {
            switch (member)
            {
                case "encrypted_key": root["recipients"]![0]!["encrypted_key"] = value; break;
                case "epk.x": JweMutation.RecipientHeader(root, 0)["epk"]!["x"] = value; break;
                case "apu" or "apv": JweMutation.RecipientHeader(root, 0)[member] = value; break;
                default: root[member] = value; break;
            }
        });
        RejectsX25519("not valid base64url", jwe);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Bad_base64url_is_rejected_in_every_compact_part(int part)
    {
        var parts = Jwe.EncryptCompact(Plaintext, JweRecipient.ForSymmetricKey(_keys.Aes128, "k", JweKeyManagement.A128Kw)).Split('.');
        parts[part] += "=";
        Rejects("not valid base64url", () => Jwe.Decrypt(string.Join('.', parts), _keys.Aes128));
    }

    [Theory]
    [InlineData("""{"iv":"a","iv":"b"}""")]
    [InlineData("""{"recipients":[{"encrypted_key":"AAAA","encrypted_key":"AAAA"}],"iv":"","ciphertext":"","tag":""}""")]
    [InlineData("""{"recipients":[{"header":{"alg":"A128KW","alg":"A128KW"}}],"iv":"","ciphertext":"","tag":""}""")]
    [InlineData("""{"unprotected":{"enc":"A128GCM","enc":"A128GCM"},"iv":"","ciphertext":"","tag":""}""")]
    public void Duplicate_members_are_rejected(string json) => Rejects("is not valid JSON", () => JweMessage.Parse(json));

    [Fact]
    public void Duplicate_members_are_rejected_inside_the_epk_and_the_protected_header()
    {
        var jwe = ToX25519().Replace("\"epk\":{", "\"epk\":{\"crv\":\"X25519\",", StringComparison.Ordinal);
        RejectsX25519("is not valid JSON", jwe);
        var duplicated = Base64Url.Encode("""{"enc":"A256GCM","enc":"A128GCM"}"""u8);
        RejectsX25519("The JWE protected header is not valid JSON", JweMutation.Edit(ToX25519(), root => root["protected"] = duplicated));
    }

    [Fact]
    public void Text_that_is_not_valid_Unicode_is_rejected()
    {
        // Invalid UTF-8 inside a string of the protected header.
        var header = Base64Url.Encode([.. "{\"enc\":\"A256GCM\",\"cty\":\""u8, 0xFF, .. "\"}"u8]);
        RejectsX25519("The JWE protected header is not valid UTF-8.", JweMutation.Edit(ToX25519(), root => root["protected"] = header));
        header = Base64Url.Encode([.. "{\"enc\":\"A256GCM\",\""u8, 0xC3, .. "\":1}"u8]);
        RejectsX25519("The JWE protected header is not valid UTF-8.", JweMutation.Edit(ToX25519(), root => root["protected"] = header));
        // Escaped lone surrogates in a value and in a member name.
        var jwe = ToX25519().Replace("\"kid\":\"x\"", "\"kid\":\"\\ud800\"", StringComparison.Ordinal);
        RejectsX25519("The JWE contains text that is not valid UTF-8 or Unicode.", jwe);
        jwe = ToX25519().Replace("\"kid\":\"x\"", "\"kid\":\"x\",\"\\udfff\":1", StringComparison.Ordinal);
        RejectsX25519("The JWE is not valid JSON", jwe);
    }

    [Theory]
    [InlineData("a.b.c.d", "A compact JWE has five parts separated by '.', not 4.")]
    [InlineData("a.b.c.d.e.f", "A compact JWE has five parts separated by '.', not 6.")]
    [InlineData(".AAAA.AAAAAAAAAAAAAAAA..AAAAAAAAAAAAAAAAAAAAAA", "The compact JWE has no protected header.")]
    [InlineData("", "A compact JWE has five parts separated by '.', not 1.")]
    [InlineData("[]", "A compact JWE has five parts")]
    [InlineData("{", "The JWE is not valid JSON")]
    [InlineData(" {\"protected\":1}", "The member 'protected' of the JWE must be a string.")]
    [InlineData("""{"iv":"","ciphertext":""}""", "The JWE has no member 'tag'.")]
    [InlineData("""{"iv":"","tag":""}""", "The JWE has no member 'ciphertext'.")]
    [InlineData("""{"ciphertext":"","tag":""}""", "The JWE has no member 'iv'.")]
    [InlineData("""{"iv":"","ciphertext":"","tag":"","recipients":[{}],"encrypted_key":"AAAA"}""", "mixes the general serialization")]
    [InlineData("""{"iv":"","ciphertext":"","tag":"","recipients":[{}],"header":{}}""", "mixes the general serialization")]
    [InlineData("""{"iv":"","ciphertext":"","tag":"","unprotected":[]}""", "The member 'unprotected' of the JWE must be a JSON object.")]
    [InlineData("""{"iv":"","ciphertext":"","tag":"","header":"x"}""", "The member 'header' of the JWE must be a JSON object.")]
    [InlineData("""{"iv":"","ciphertext":"","tag":"","header":{"enc":"A128GCM"}}""", "The JWE header has no member 'alg'.")]
    [InlineData("""{"iv":"","ciphertext":"","tag":"","header":{"enc":"A128GCM","alg":1}}""", "The JWE header member 'alg' must be a string.")]
    [InlineData("""{"iv":"","ciphertext":"","tag":"","header":{"enc":"A128GCM","alg":"dir","kid":[]}}""", "The JWE header member 'kid' must be a string.")]
    [InlineData("""{"iv":"","ciphertext":"","tag":"","header":{"enc":"A128GCM","alg":"dir","cty":{}}}""", "The JWE header member 'cty' must be a string.")]
    [InlineData("""{"iv":"","ciphertext":"","tag":"","header":{"enc":"A128GCM","alg":"dir","x":[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]}}""", "is not valid JSON")]
    public void Malformed_serializations_are_rejected(string text, string expected) => Rejects(expected, () => JweMessage.Parse(text));

    [Fact]
    public void A_flattened_JWE_with_an_unsupported_alg_for_us_says_so()
    {
        var json = """{"header":{"enc":"A128GCM","alg":"RSA1_5"},"encrypted_key":"AAAA","iv":"AAAAAAAAAAAAAAAA","ciphertext":"","tag":"AAAAAAAAAAAAAAAAAAAAAA"}""";
        Assert.Equal(JweSerialization.Flattened, JweMessage.Parse(json).Serialization);
        Rejects("The JWE key management algorithm 'RSA1_5' is unsupported", () => Jwe.Decrypt(json, JweTestKeys.Rsa));
    }
}
