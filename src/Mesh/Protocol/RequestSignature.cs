using System.Security.Cryptography;
using Mesh.Cryptography;
using Mesh.Jose;
using Mesh.Schema;
using Mesh.Schema.Json;

namespace Mesh.Protocol;

/// <summary>
/// How a device proves itself on a request (docs/protocol.md, "Authentication"): the header
/// <c>Authorization: Mesh &lt;compact JWS&gt;</c> whose payload is a tagged <see cref="RequestClaims"/>
/// binding the portal, the account, the time, a nonce and the body's SHA-256, signed by the
/// device's authentication key with <c>kid</c> = that key's UDF in the protected header.
/// </summary>
public static class RequestSignature
{
    /// <summary>The HTTP authorization scheme.</summary>
    public const string Scheme = "Mesh";

    /// <summary>How far a request's time may be from the portal's clock.</summary>
    public static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(5);

    /// <summary>The most characters of an Authorization header accepted.</summary>
    public const int MaxHeaderLength = 4096;

    /// <summary>Makes the Authorization header value for a request body.</summary>
    public static string Sign(KeyPair authenticationKey, string portal, string account, string device, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(authenticationKey);
        var claims = new RequestClaims
        {
            Portal = portal,
            Account = account,
            Device = device,
            Time = now,
            Nonce = Udf.Nonce(),
            Digest = SHA256.HashData(body),
        };
        var jws = JwsCompact.Sign(TaggedJson.Serialize(claims), authenticationKey, keyId: authenticationKey.PublicKey.Udf(), contentType: nameof(RequestClaims));
        return $"{Scheme} {jws}";
    }

    /// <summary>
    /// Reads the header without verifying it, to learn which key must verify it and what it
    /// claims. Throws <see cref="MeshException"/> (401) when it is malformed.
    /// </summary>
    public static SignedRequest Parse(string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (header.Length > MaxHeaderLength) throw Unauthorized("The Authorization header is too long.");
        if (!header.StartsWith(Scheme + " ", StringComparison.Ordinal))
            throw Unauthorized($"The Authorization header must use the '{Scheme}' scheme.");
        try
        {
            var jws = JwsCompact.Parse(header[(Scheme.Length + 1)..].Trim());
            var keyId = jws.Signatures[0].KeyId ?? throw Unauthorized("The request signature has no 'kid'.");
            var claims = TaggedJson.Deserialize<RequestClaims>(jws.UnverifiedPayload.Span);
            return new SignedRequest(jws, keyId, claims);
        }
        catch (MeshException e) when (e.Status != MeshStatus.ClientUnauthorized)
        {
            throw Unauthorized($"The Authorization header is malformed: {e.Message}");
        }
    }

    /// <summary>
    /// Verifies a parsed header against the key it names, the body, this portal and the time.
    /// The caller must also check the nonce has not been used (and record it) and that the key
    /// belongs to the claimed device of the claimed account. Throws <see cref="MeshException"/> (401) with the reason.
    /// </summary>
    public static void Verify(SignedRequest request, PublicKeyInfo key, ReadOnlySpan<byte> body, string portal, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(key);
        try
        {
            request.Jws.RequireSignatureBy(key);
        }
        catch (MeshException e)
        {
            throw Unauthorized($"The request signature does not verify: {e.Message}");
        }
        var claims = request.Claims;
        if (!string.Equals(claims.Portal, portal, StringComparison.OrdinalIgnoreCase))
            throw Unauthorized($"The request was signed for portal '{claims.Portal}', not this one ({portal}).");
        if (claims.Time is not { } time || (time - now).Duration() > MaxSkew)
            throw Unauthorized($"The request was signed at {(claims.Time is { } t ? Rfc3339Converter.Format(t) : "no time")}, more than {MaxSkew.TotalMinutes} minutes from the portal's clock ({Rfc3339Converter.Format(now)}).");
        if (!Udf.IsNonce(claims.Nonce))
            throw Unauthorized("The request signature has no valid nonce.");
        if (claims.Digest is not { Length: 32 } digest || !CryptographicOperations.FixedTimeEquals(digest, SHA256.HashData(body)))
            throw Unauthorized("The request signature does not cover this request body.");
    }

    private static MeshException Unauthorized(string message) => new(MeshStatus.ClientUnauthorized, message);
}

/// <summary>A parsed but not yet verified request signature.</summary>
/// <param name="Jws">the JWS</param>
/// <param name="KeyId">the signer key's UDF</param>
/// <param name="Claims">what the signer claims</param>
public sealed record SignedRequest(JwsObject Jws, string KeyId, RequestClaims Claims);
