// RFC 7515 section 7.1 (JWS Compact Serialization): BASE64URL(protected) '.' BASE64URL(payload)
// '.' BASE64URL(signature); Appendix F (detached content: an empty payload part).
using Mesh.Cryptography;

namespace Mesh.Jose;

/// <summary>
/// The compact serialization: one signature, every header parameter protected. The Mesh itself
/// writes the general JSON serialization (<see cref="JwsBuilder"/>); this is for peers and vectors.
/// </summary>
public static class JwsCompact
{
    /// <summary>
    /// Signs a payload. The protected header is <c>{"alg":…}</c>, then <c>"kid"</c> and
    /// <c>"cty"</c> when given. Throws <see cref="ArgumentException"/> when the algorithm does not fit the key.
    /// </summary>
    /// <param name="payload">the bytes to sign</param>
    /// <param name="signer">the private key</param>
    /// <param name="algorithm">the algorithm; by default <see cref="JwsAlgorithm.ForSigning"/> of the key type</param>
    /// <param name="keyId">the <c>kid</c>, or null</param>
    /// <param name="contentType">the <c>cty</c>, or null</param>
    public static string Sign(ReadOnlySpan<byte> payload, KeyPair signer, JwsAlgorithm? algorithm = null, string? keyId = null, string? contentType = null)
    {
        ArgumentNullException.ThrowIfNull(signer);
        algorithm ??= JwsAlgorithm.ForSigning(signer.Algorithm);
        if (!algorithm.Fits(signer.PublicKey))
            throw new ArgumentException(algorithm.MismatchProblem(signer.PublicKey), nameof(algorithm));
        var encodedProtected = JwsBuilder.EncodeProtectedHeader(algorithm, keyId, contentType, null);
        JwsBuilder.CheckHeaders(encodedProtected, null);
        var encodedPayload = Mesh.Encoding.Base64Url.Encode(payload);
        return $"{encodedProtected}.{encodedPayload}.{JwsBuilder.Sign(signer, algorithm, encodedProtected, encodedPayload)}";
    }

    /// <summary>
    /// Parses a compact JWS. When <paramref name="detachedPayload"/> is given, the payload part
    /// must be empty and the detached content is what was signed; otherwise an empty payload part
    /// is an empty payload. Throws <see cref="MeshException"/> for anything malformed or oversized.
    /// </summary>
    public static JwsObject Parse(string compact, ReadOnlyMemory<byte>? detachedPayload = null)
    {
        ArgumentNullException.ThrowIfNull(compact);
        if (compact.Length > JoseJson.MaxObjectLength)
            throw new MeshException(MeshStatus.TooLarge, $"The JWS is larger than {JoseJson.MaxObjectLength} bytes.");
        // Count before splitting, so that a string of dots costs nothing.
        var dots = compact.AsSpan().Count('.');
        if (dots != 2)
            throw new MeshException($"A compact JWS has three parts separated by '.', not {dots + 1}.");
        var parts = compact.Split('.');
        byte[] payload;
        string encodedPayload;
        if (detachedPayload is { } content)
        {
            if (parts[1].Length != 0) throw new MeshException("The JWS carries a payload, but detached content was expected.");
            payload = content.ToArray();
            encodedPayload = Mesh.Encoding.Base64Url.Encode(payload);
        }
        else
        {
            payload = JwsHeader.DecodeSegment(parts[1], "JWS payload");
            encodedPayload = parts[1];
        }
        if (parts[0].Length == 0) throw new MeshException("The compact JWS has no protected header.");
        var signature = JwsHeader.Read(0, parts[0], null, parts[2]);
        return new JwsObject(payload, encodedPayload, detachedPayload is not null, [signature]);
    }
}
