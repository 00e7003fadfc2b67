// RFC 7515 section 7.2 (JWS JSON Serialization: general 7.2.1 and flattened 7.2.2), section 5.2
// (validation) and Appendix F (detached content); NOTES.md section 3. Verify bytes, never objects:
// the payload and headers are kept exactly as received and nothing is re-serialized.
using System.Security.Cryptography;
using System.Text.Json;
using Mesh.Cryptography;

namespace Mesh.Jose;

/// <summary>
/// A parsed JWS with one or more signatures over one payload. Parsing checks only structure; a
/// payload is trustworthy once <see cref="RequireSignatureBy"/> returns it, or once
/// <see cref="Verify(PublicKeyInfo)"/> reports a verified signature by a key the caller trusts.
/// </summary>
public sealed class JwsObject
{
    /// <summary>The most signatures one JWS may carry.</summary>
    public const int MaxSignatures = 64;

    private static readonly string[] FlattenedMembers = ["protected", "header", "signature"];

    private readonly byte[] _payload;
    private readonly string _encodedPayload;
    private readonly JwsSignature[] _signatures;

    internal JwsObject(byte[] payload, string encodedPayload, bool isDetached, JwsSignature[] signatures)
    {
        _payload = payload;
        _encodedPayload = encodedPayload;
        IsPayloadDetached = isDetached;
        _signatures = signatures;
    }

    /// <summary>The payload bytes, exactly as signed. Not to be acted on before a signature has been verified.</summary>
    public ReadOnlyMemory<byte> UnverifiedPayload => _payload;

    /// <summary>Whether the payload was supplied by the caller as detached content rather than carried in the JWS.</summary>
    public bool IsPayloadDetached { get; }

    /// <summary>The signatures, in order (at least one, at most <see cref="MaxSignatures"/>).</summary>
    public IReadOnlyList<JwsSignature> Signatures => _signatures;

    /// <summary>
    /// Parses a JWS in the general (RFC 7515 section 7.2.1) or flattened (7.2.2) JSON serialization.
    /// A JWS without a <c>payload</c> member (detached content, RFC 7515 Appendix F) is accepted only
    /// when <paramref name="detachedPayload"/> is given, and then its <c>payload</c> must be absent or
    /// empty. Unknown members are ignored (section 7.2.1). Throws <see cref="MeshException"/> for anything malformed,
    /// oversized or using a feature we do not implement.
    /// </summary>
    public static JwsObject Parse(ReadOnlyMemory<byte> utf8Json, ReadOnlyMemory<byte>? detachedPayload = null)
    {
        using var document = JoseJson.Parse(utf8Json, "JWS");
        var root = JoseJson.RequireObject(document.RootElement, "JWS");
        var (payload, encodedPayload) = ReadPayload(JoseJson.OptionalString(root, "payload", "JWS"), detachedPayload);
        JwsSignature[] signatures;
        if (root.TryGetProperty("signatures", out _))
        {
            foreach (var name in FlattenedMembers)
                if (root.TryGetProperty(name, out _))
                    throw new MeshException($"A JWS with 'signatures' must not also have a top-level '{name}' member.");
            signatures = ReadSignatures(JoseJson.RequiredArray(root, "signatures", "JWS"));
        }
        else
        {
            signatures = [ReadSignature(root, 0)];
        }
        return new JwsObject(payload, encodedPayload, detachedPayload is not null, signatures);
    }

    /// <summary>Parses a JWS in the general or flattened JSON serialization, given as text.</summary>
    public static JwsObject Parse(string json, ReadOnlyMemory<byte>? detachedPayload = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (json.Length > JoseJson.MaxObjectLength)
            throw new MeshException(MeshStatus.TooLarge, $"The JWS is larger than {JoseJson.MaxObjectLength} bytes.");
        return Parse(System.Text.Encoding.UTF8.GetBytes(json), detachedPayload);
    }

    /// <summary>
    /// Parses a JWS and returns its payload only if one of its signatures verifies with
    /// <paramref name="signer"/>; otherwise throws <see cref="MeshException"/>.
    /// </summary>
    public static byte[] VerifiedPayload(ReadOnlyMemory<byte> utf8Json, PublicKeyInfo signer) =>
        Parse(utf8Json).RequireSignatureBy(signer);

    /// <summary>
    /// Verifies every signature with one key. A signature whose <c>alg</c> does not fit the key's
    /// type is reported as <see cref="JwsSignatureStatus.AlgorithmKeyMismatch"/>, never tried.
    /// </summary>
    public IReadOnlyList<JwsVerification> Verify(PublicKeyInfo key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return VerifyAll(_ => key);
    }

    /// <summary>
    /// Verifies every signature with the key its <c>kid</c> names. The resolver is asked only for
    /// signatures whose <c>alg</c> is acceptable; it returns null for a <c>kid</c> it does not know.
    /// </summary>
    public IReadOnlyList<JwsVerification> Verify(Func<string, PublicKeyInfo?> resolveKeyId)
    {
        ArgumentNullException.ThrowIfNull(resolveKeyId);
        return VerifyAll(signature => signature.KeyId is { } kid ? resolveKeyId(kid) : null);
    }

    /// <summary>
    /// Returns a copy of the payload if at least one signature verifies with <paramref name="signer"/>;
    /// otherwise throws <see cref="MeshException"/> naming what was wrong with each signature.
    /// </summary>
    public byte[] RequireSignatureBy(PublicKeyInfo signer)
    {
        var results = Verify(signer);
        if (results.Any(r => r.IsVerified)) return (byte[])_payload.Clone();
        var problems = string.Join(" ", results.Select(r => r.Problem));
        throw new MeshException(results.Count == 1 ? problems : $"No signature verifies with the {signer.Algorithm} key. {problems}");
    }

    private JwsVerification[] VerifyAll(Func<JwsSignature, PublicKeyInfo?> keyFor)
    {
        var input = new SigningInput(_encodedPayload, _signatures);
        var results = new JwsVerification[_signatures.Length];
        for (var i = 0; i < _signatures.Length; i++) results[i] = VerifyOne(_signatures[i], keyFor, input);
        return results;
    }

    // RFC 7515 section 5.2 steps 8 and 9, with the allow-list of NOTES.md section 3 in front.
    private static JwsVerification VerifyOne(JwsSignature signature, Func<JwsSignature, PublicKeyInfo?> keyFor, SigningInput input)
    {
        var prefix = $"Signature {signature.Index}:";
        var check = JwsAlgorithm.Check(signature.Algorithm);
        if (check.Algorithm is not { } algorithm)
            return new(signature, check.Failure, $"{prefix} {check.Problem}");
        if (!signature.IsAlgorithmProtected)
            return new(signature, JwsSignatureStatus.UnprotectedAlgorithm,
                $"{prefix} Its 'alg' is not in the protected header, so an attacker could have changed it.");
        if (keyFor(signature) is not { } key)
            return new(signature, JwsSignatureStatus.UnknownKey, signature.KeyId is null
                ? $"{prefix} It has no 'kid' to find its key by."
                : $"{prefix} No key is known for its 'kid'.");
        if (!algorithm.Fits(key))
            return new(signature, JwsSignatureStatus.AlgorithmKeyMismatch, $"{prefix} {algorithm.MismatchProblem(key)}");
        var length = algorithm.SignatureLength(key);
        if (signature.Value.Length != length)
            return new(signature, JwsSignatureStatus.BadSignature,
                $"{prefix} The {algorithm.Name} signature is {signature.Value.Length} bytes; with this key it must be {length}.");
        bool valid;
        try
        {
            valid = key.Verify(algorithm.Scheme, input.For(signature), signature.ValueSpan);
        }
        catch (CryptographicException)
        {
            // Some platforms throw, rather than return false, for a malformed RSA or ECDSA signature.
            valid = false;
        }
        return valid
            ? new(signature, JwsSignatureStatus.Verified, null)
            : new(signature, JwsSignatureStatus.BadSignature, $"{prefix} The {algorithm.Name} signature does not verify with the key.");
    }

    private static (byte[] Payload, string Encoded) ReadPayload(string? encoded, ReadOnlyMemory<byte>? detached)
    {
        if (detached is { } content)
        {
            if (!string.IsNullOrEmpty(encoded))
                throw new MeshException("The JWS carries a payload, but detached content was expected.");
            return (content.ToArray(), Mesh.Encoding.Base64Url.Encode(content.Span));
        }
        if (encoded is null)
            throw new MeshException("The JWS has no payload: its content is detached (RFC 7515 Appendix F), which was not expected.");
        return (JwsHeader.DecodeSegment(encoded, "JWS payload"), encoded);
    }

    private static JwsSignature[] ReadSignatures(JsonElement array)
    {
        var count = array.GetArrayLength();
        if (count == 0) throw new MeshException("The JWS has no signatures.");
        if (count > MaxSignatures)
            throw new MeshException(MeshStatus.TooLarge, $"The JWS has {count} signatures; at most {MaxSignatures} are accepted.");
        var signatures = new JwsSignature[count];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            signatures[i] = ReadSignature(JoseJson.RequireObject(item, $"signature {i}"), i);
            i++;
        }
        return signatures;
    }

    private static JwsSignature ReadSignature(JsonElement entry, int index)
    {
        var what = $"signature {index}";
        return JwsHeader.Read(index,
            JoseJson.OptionalString(entry, "protected", what),
            JoseJson.OptionalObject(entry, "header", what),
            JoseJson.RequiredString(entry, "signature", what));
    }

    /// <summary>
    /// The signing input ASCII(protected || '.' || payload) of RFC 7515 section 5.1 step 8 for each
    /// signature in turn. The payload, which may be large, is written once at a fixed offset and
    /// each protected header is placed right before its dot, so no copy of it is made per signature.
    /// </summary>
    private sealed class SigningInput
    {
        private readonly byte[] _buffer;
        private readonly int _dot;

        internal SigningInput(string encodedPayload, JwsSignature[] signatures)
        {
            _dot = signatures.Max(s => s.EncodedProtectedHeader.Length);
            _buffer = new byte[_dot + 1 + encodedPayload.Length];
            _buffer[_dot] = (byte)'.';
            System.Text.Encoding.ASCII.GetBytes(encodedPayload, _buffer.AsSpan(_dot + 1));
        }

        internal ReadOnlySpan<byte> For(JwsSignature signature)
        {
            var header = signature.EncodedProtectedHeader;
            var start = _dot - header.Length;
            System.Text.Encoding.ASCII.GetBytes(header, _buffer.AsSpan(start, header.Length));
            return _buffer.AsSpan(start);
        }
    }
}
