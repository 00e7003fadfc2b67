// RFC 7515 section 5.1 (message signature creation) and 7.2.1 (General JWS JSON Serialization),
// profiled by NOTES.md section 3: "alg" and "cty" protected, "kid" (the signer key's UDF) unprotected.
using System.Text.Json;
using Mesh.Cryptography;
using Mesh.Encoding;

namespace Mesh.Jose;

/// <summary>
/// Signs one payload with one or more keys and writes the General JWS JSON Serialization:
/// <c>{"payload":…,"signatures":[{"protected":…,"header":{"kid":…},"signature":…},…]}</c>.
/// Each signature is made when it is added; the builder keeps no key. Whatever it writes,
/// <see cref="JwsObject.Parse(ReadOnlyMemory{byte}, ReadOnlyMemory{byte}?)"/> accepts.
/// </summary>
public sealed class JwsBuilder
{
    private readonly string _encodedPayload;
    private readonly List<(string Protected, string? KeyId, string Signature)> _signatures = [];

    /// <summary>Starts a JWS over <paramref name="payload"/> (encoded at once; the span is not kept).</summary>
    public JwsBuilder(ReadOnlySpan<byte> payload)
    {
        if (Base64UrlLength(payload.Length) > JoseJson.MaxObjectLength)
            throw new ArgumentException($"The payload is too large for a JWS of at most {JoseJson.MaxObjectLength} bytes.", nameof(payload));
        _encodedPayload = Base64Url.Encode(payload);
    }

    /// <summary>The number of signatures added so far.</summary>
    public int Count => _signatures.Count;

    /// <summary>
    /// Signs the payload with <paramref name="signer"/>. The protected header is <c>{"alg":…}</c>,
    /// then <c>"cty"</c> when given, then any members <paramref name="extraProtectedMembers"/> writes;
    /// the unprotected header is <c>{"kid":…}</c> when <paramref name="keyId"/> is given.
    /// Throws <see cref="ArgumentException"/> when the algorithm does not fit the key, or when
    /// the headers would not be accepted when parsed (a repeated member, a <c>crit</c>, ...).
    /// </summary>
    /// <param name="signer">the private key</param>
    /// <param name="keyId">the <c>kid</c>: for the Mesh, the signer key's UDF</param>
    /// <param name="contentType">the <c>cty</c>: for the Mesh, the payload's type name</param>
    /// <param name="algorithm">the algorithm; by default <see cref="JwsAlgorithm.ForSigning"/> of the key type</param>
    /// <param name="extraProtectedMembers">writes further members into the open protected header object</param>
    public JwsBuilder AddSignature(KeyPair signer, string? keyId = null, string? contentType = null,
        JwsAlgorithm? algorithm = null, Action<Utf8JsonWriter>? extraProtectedMembers = null)
    {
        ArgumentNullException.ThrowIfNull(signer);
        if (_signatures.Count == JwsObject.MaxSignatures)
            throw new InvalidOperationException($"A JWS may carry at most {JwsObject.MaxSignatures} signatures.");
        algorithm ??= JwsAlgorithm.ForSigning(signer.Algorithm);
        if (!algorithm.Fits(signer.PublicKey))
            throw new ArgumentException(algorithm.MismatchProblem(signer.PublicKey), nameof(algorithm));
        var encodedProtected = EncodeProtectedHeader(algorithm, null, contentType, extraProtectedMembers);
        CheckHeaders(encodedProtected, keyId);
        _signatures.Add((encodedProtected, keyId, Sign(signer, algorithm, encodedProtected, _encodedPayload)));
        return this;
    }

    /// <summary>
    /// The JWS as UTF-8 JSON text. Throws <see cref="InvalidOperationException"/> before any signature
    /// is added, or when the result would exceed <see cref="JoseJson.MaxObjectLength"/>.
    /// </summary>
    public byte[] ToJsonUtf8()
    {
        if (_signatures.Count == 0) throw new InvalidOperationException("A JWS needs at least one signature.");
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("payload", _encodedPayload);
            writer.WriteStartArray("signatures");
            foreach (var (encodedProtected, keyId, signature) in _signatures)
            {
                writer.WriteStartObject();
                writer.WriteString("protected", encodedProtected);
                if (keyId is not null)
                {
                    writer.WriteStartObject("header");
                    writer.WriteString("kid", keyId);
                    writer.WriteEndObject();
                }
                writer.WriteString("signature", signature);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        if (buffer.Length > JoseJson.MaxObjectLength)
            throw new InvalidOperationException($"The JWS would be larger than the {JoseJson.MaxObjectLength} bytes a recipient accepts.");
        return buffer.ToArray();
    }

    /// <summary>The JWS as JSON text.</summary>
    public string ToJson() => System.Text.Encoding.UTF8.GetString(ToJsonUtf8());

    /// <summary>BASE64URL(UTF8(protected header)) with <c>alg</c>, then <c>kid</c> and <c>cty</c> when given, then the extra members.</summary>
    internal static string EncodeProtectedHeader(JwsAlgorithm algorithm, string? keyId, string? contentType, Action<Utf8JsonWriter>? extraMembers)
    {
        try
        {
            return Base64Url.Encode(JsonObject(writer =>
            {
                writer.WriteString("alg", algorithm.Name);
                if (keyId is not null) writer.WriteString("kid", keyId);
                if (contentType is not null) writer.WriteString("cty", contentType);
                extraMembers?.Invoke(writer);
            }));
        }
        catch (InvalidOperationException e)
        {
            // Utf8JsonWriter refuses extra members that would not make a valid object.
            throw new ArgumentException($"The extra protected header members are not valid JSON: {e.Message}", nameof(extraMembers), e);
        }
    }

    /// <summary>The base64url signature over ASCII(protected || '.' || payload) (RFC 7515 section 5.1 step 8).</summary>
    internal static string Sign(KeyPair signer, JwsAlgorithm algorithm, string encodedProtected, string encodedPayload)
    {
        var input = System.Text.Encoding.ASCII.GetBytes($"{encodedProtected}.{encodedPayload}");
        return Base64Url.Encode(signer.Sign(algorithm.Scheme, input));
    }

    /// <summary>Reads the headers back as a recipient would, so that a bad header is the caller's error now, not the peer's later.</summary>
    internal static void CheckHeaders(string encodedProtected, string? keyId)
    {
        using var unprotected = keyId is null ? null : JsonDocument.Parse(JsonObject(writer => writer.WriteString("kid", keyId)));
        try
        {
            JwsHeader.Read(0, encodedProtected, unprotected?.RootElement, "");
        }
        catch (MeshException e)
        {
            throw new ArgumentException($"The JWS headers would be rejected: {e.Message}", e);
        }
    }

    private static byte[] JsonObject(Action<Utf8JsonWriter> members)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            members(writer);
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static long Base64UrlLength(int bytes) => ((long)bytes * 4 + 2) / 3;
}
