// RFC 7518 Appendix C (ECDH-ES key agreement with the Concat KDF) and RFC 8037 Appendix A.6.
using Mesh.Cryptography;
using Mesh.Encoding;
using Mesh.Jose;

namespace Mesh.Tests.Jose;

public class ConcatKdfTests
{
    // RFC 7518 Appendix C: Alice's ephemeral key and Bob's key, both P-256.
    private const string AliceEphemeral = """{"kty":"EC","crv":"P-256","x":"gI0GAILBdu7T53akrFmMyGcsF3n5dO7MmwNBHKW5SV0","y":"SLW_xSffzlPWrHEVI30DHM_4egVwt3NQqeUD7nMFpps","d":"0_NxaRPUMQoAJt50Gz8YiTr8gRTwyEaCumd-MToTmIo"}""";
    private const string Bob = """{"kty":"EC","crv":"P-256","x":"weNJy2HscCSM6AEDTDg04biOvhFhyyWvOHQfeF_PxMQ","y":"e8lnCO-AlStT-NJVX-crhB7QRYhiix03illJOVAOyck","d":"VEmDZpDXXK8p8N0Cndsxs924q6nS1RXFASRl6BfUqdw"}""";

    private static readonly byte[] ExpectedZ =
        [158, 86, 217, 29, 129, 113, 53, 211, 114, 131, 66, 131, 191, 132, 38, 156, 251, 49, 110, 163, 218, 128, 106, 72, 246, 218, 167, 121, 140, 254, 144, 196];

    [Fact]
    public void Rfc7518_appendix_C_derives_the_published_key()
    {
        using var alice = KeyPair.ImportJwk(AliceEphemeral);
        using var bob = KeyPair.ImportJwk(Bob);
        var z = alice.Agree(bob.PublicKey);
        Assert.Equal(ExpectedZ, z);
        Assert.Equal(ExpectedZ, bob.Agree(alice.PublicKey));
        var key = ConcatKdf.Derive(z, "A128GCM", Base64Url.Decode("QWxpY2U"), Base64Url.Decode("Qm9i"), 16);
        Assert.Equal("VqqN6vgjbSBcIijNcacQGg", Base64Url.Encode(key));
    }

    [Fact]
    public void Rfc7518_appendix_C_through_the_header_reader()
    {
        using var bob = KeyPair.ImportJwk(Bob);
        using var document = System.Text.Json.JsonDocument.Parse(
            """{"epk":{"kty":"EC","crv":"P-256","x":"gI0GAILBdu7T53akrFmMyGcsF3n5dO7MmwNBHKW5SV0","y":"SLW_xSffzlPWrHEVI30DHM_4egVwt3NQqeUD7nMFpps"},"apu":"QWxpY2U","apv":"Qm9i"}""");
        var header = new JweHeader(document.RootElement, null, null);
        Assert.Equal("VqqN6vgjbSBcIijNcacQGg", Base64Url.Encode(JweKeyAgreement.Receive(bob, header, "A128GCM", 16)));
    }

    [Fact]
    public void Long_outputs_concatenate_counter_blocks()
    {
        var z = new byte[32];
        var key = ConcatKdf.Derive(z, "X", [], [], 48);
        Assert.Equal(48, key.Length);
        // The first block depends on the requested length (SuppPubInfo), so it differs from a 32-byte derivation.
        Assert.NotEqual(ConcatKdf.Derive(z, "X", [], [], 32), key[..32]);
    }

    [Fact]
    public void Rfc8037_A6_X25519_agreement_gives_the_published_Z()
    {
        var vectors = JweVectors.Load("rfc-appendix.json").GetProperty("rfc8037_A");
        using var bob = JweVectors.X25519FromHex(vectors.GetProperty("x25519_bob_secret_hex").GetString()!);
        using var ephemeral = JweVectors.X25519FromHex(vectors.GetProperty("x25519_ephemeral_secret_hex").GetString()!);
        Assert.Equal(vectors.GetProperty("x25519_bob_public_hex").GetString(), Convert.ToHexString(((X25519PublicKey)bob.PublicKey).Raw).ToLowerInvariant());
        Assert.Equal(vectors.GetProperty("x25519_ephemeral_public_hex").GetString(), Convert.ToHexString(((X25519PublicKey)ephemeral.PublicKey).Raw).ToLowerInvariant());
        var z = ephemeral.Agree(bob.PublicKey);
        Assert.Equal(vectors.GetProperty("x25519_shared_secret_z_hex").GetString(), Convert.ToHexString(z).ToLowerInvariant());
        Assert.Equal(z, bob.Agree(ephemeral.PublicKey));
    }
}
