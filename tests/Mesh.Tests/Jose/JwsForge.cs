using System.Security.Cryptography;
using Mesh.Cryptography;
using Mesh.Encoding;

namespace Mesh.Tests.Jose;

/// <summary>Builds JWS objects by hand, the way an attacker or a careless peer would, bypassing <c>JwsBuilder</c>.</summary>
internal static class JwsForge
{
    public static readonly byte[] Payload = System.Text.Encoding.UTF8.GetBytes("{\"Test\":{\"Value\":42}}");

    public static string B64(string text) => Base64Url.Encode(System.Text.Encoding.UTF8.GetBytes(text));

    public static byte[] Input(string encodedProtected, string encodedPayload) => System.Text.Encoding.ASCII.GetBytes($"{encodedProtected}.{encodedPayload}");

    /// <summary>A real signature by <paramref name="key"/> over whatever headers were given.</summary>
    public static string Signature(KeyPair key, SignatureScheme scheme, string encodedProtected, string encodedPayload) =>
        Base64Url.Encode(key.Sign(scheme, Input(encodedProtected, encodedPayload)));

    /// <summary>A general JWS with one signature entry, its members given as raw JSON text.</summary>
    public static string General(string payload, string entry) => $$"""{"payload":"{{payload}}","signatures":[{{entry}}]}""";

    /// <summary>A general JWS over <see cref="Payload"/> signed by <paramref name="key"/> with the given protected header text.</summary>
    public static string Signed(KeyPair key, SignatureScheme scheme, string protectedJson, string? unprotectedJson = null)
    {
        var encodedProtected = B64(protectedJson);
        var encodedPayload = Base64Url.Encode(Payload);
        var header = unprotectedJson is null ? "" : $",\"header\":{unprotectedJson}";
        return General(encodedPayload, $$"""{"protected":"{{encodedProtected}}"{{header}},"signature":"{{Signature(key, scheme, encodedProtected, encodedPayload)}}"}""");
    }

    /// <summary>A JWS whose "signature" is HMAC-SHA256 keyed with the public key's bytes: the algorithm-confusion forgery.</summary>
    public static string HmacWithPublicKey(PublicKeyInfo key, string alg = "HS256")
    {
        var encodedProtected = B64($$"""{"alg":"{{alg}}"}""");
        var encodedPayload = Base64Url.Encode(Payload);
        var mac = HMACSHA256.HashData(key.ExportSubjectPublicKeyInfo(), Input(encodedProtected, encodedPayload));
        return General(encodedPayload, $$"""{"protected":"{{encodedProtected}}","signature":"{{Base64Url.Encode(mac)}}"}""");
    }
}
