using System.Security.Cryptography;
using System.Text.Json;
using Mesh.Encoding;

namespace Mesh.Cryptography;

/// <summary>
/// JSON Web Key reading and writing (RFC 7517, RFC 7518 section 6, RFC 8037). Untrusted JWKs
/// are read strictly: duplicate members, missing or mistyped members, unknown key types and
/// curves, and keys that are not on their curve are all rejected with <see cref="MeshException"/>.
/// </summary>
public static class Jwk
{
    /// <summary>The most bytes of JWK text accepted (an RSA-16384 private key fits with room to spare).</summary>
    public const int MaxLength = 64 * 1024;


    /// <summary>Parses JSON text strictly (no duplicate members, bounded size and depth).</summary>
    public static JsonDocument Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (json.Length > MaxLength) throw new MeshException(MeshStatus.TooLarge, "The JWK is too large.");
        return Jose.JoseJson.Parse(json, "JWK");
    }

    internal static string Write(Action<Utf8JsonWriter> members)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            members(writer);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    internal static PublicKeyInfo ReadPublic(JsonElement jwk)
    {
        var (kty, crv) = KeyType(jwk);
        return (kty, crv) switch
        {
            ("OKP", "Ed25519") => Ed25519PublicKey.FromRaw(Bytes(jwk, "x")),
            ("OKP", "X25519") => X25519PublicKey.FromRaw(Bytes(jwk, "x")),
            ("EC", "P-256") => P256PublicKey.FromParameters(EcParameters(jwk, withPrivate: false)),
            ("RSA", _) => RsaPublicKey.FromParameters(new RSAParameters { Modulus = Bytes(jwk, "n"), Exponent = Bytes(jwk, "e") }),
            _ => throw Unsupported(kty, crv),
        };
    }

    internal static KeyPair ReadPrivate(JsonElement jwk, KeyExportPolicy policy)
    {
        var (kty, crv) = KeyType(jwk);
        KeyPair pair = (kty, crv) switch
        {
            ("OKP", "Ed25519") => Ed25519KeyPair.FromRaw(Bytes(jwk, "d"), policy),
            ("OKP", "X25519") => X25519KeyPair.FromRaw(Bytes(jwk, "d"), policy),
            ("EC", "P-256") => P256KeyPair.FromParameters(EcParameters(jwk, withPrivate: true), policy),
            ("RSA", _) => RsaKeyPair.FromParameters(RsaPrivateParameters(jwk), policy),
            _ => throw Unsupported(kty, crv),
        };
        // A JWK whose public member does not match its private key is forged or corrupt.
        if (!pair.PublicKey.Equals(ReadPublic(jwk)))
        {
            pair.Dispose();
            throw new MeshException("The JWK's public key does not match its private key.");
        }
        return pair;
    }

    private static (string Kty, string? Crv) KeyType(JsonElement jwk)
    {
        if (jwk.ValueKind != JsonValueKind.Object) throw new MeshException("A JWK must be a JSON object.");
        var kty = String(jwk, "kty");
        var crv = kty is "OKP" or "EC" ? String(jwk, "crv") : null;
        return (kty, crv);
    }

    private static MeshException Unsupported(string kty, string? crv) =>
        new(crv is null ? $"The JWK key type '{kty}' is not supported." : $"The JWK curve '{crv}' is not supported for key type '{kty}'.");

    private static ECParameters EcParameters(JsonElement jwk, bool withPrivate) => new()
    {
        Curve = ECCurve.NamedCurves.nistP256,
        Q = new ECPoint { X = Bytes(jwk, "x", 32), Y = Bytes(jwk, "y", 32) },
        D = withPrivate ? Bytes(jwk, "d", 32) : null,
    };

    private static RSAParameters RsaPrivateParameters(JsonElement jwk)
    {
        var n = Bytes(jwk, "n");
        var half = (n.Length + 1) / 2;
        return new RSAParameters
        {
            Modulus = n,
            Exponent = Bytes(jwk, "e"),
            D = Pad(Bytes(jwk, "d"), n.Length),
            P = Pad(Bytes(jwk, "p"), half),
            Q = Pad(Bytes(jwk, "q"), half),
            DP = Pad(Bytes(jwk, "dp"), half),
            DQ = Pad(Bytes(jwk, "dq"), half),
            InverseQ = Pad(Bytes(jwk, "qi"), half),
        };
    }

    // RSAParameters wants the CRT members at exactly half the modulus length; JWK drops leading zeros.
    private static byte[] Pad(byte[] value, int length)
    {
        if (value.Length >= length) return value;
        var padded = new byte[length];
        value.CopyTo(padded, length - value.Length);
        return padded;
    }

    private static string String(JsonElement jwk, string name) =>
        jwk.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new MeshException($"The JWK has no string member '{name}'.");

    private static byte[] Bytes(JsonElement jwk, string name, int length = -1)
    {
        var bytes = Base64Url.Decode(String(jwk, name), $"JWK member '{name}'");
        if (length >= 0 && bytes.Length != length)
            throw new MeshException($"The JWK member '{name}' must be {length} bytes, not {bytes.Length}.");
        return bytes;
    }
}
