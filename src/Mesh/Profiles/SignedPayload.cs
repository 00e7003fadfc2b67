using Mesh.Cryptography;
using Mesh.Jose;
using Mesh.Schema;
using Mesh.Schema.Json;

namespace Mesh.Profiles;

/// <summary>
/// Signing and opening the JWS of a Signed* profile (NOTES.md section 3): the payload is the
/// tagged JSON of the object, <c>cty</c> its type name, <c>kid</c> the signer key's UDF.
/// Opening verifies the signature over the exact payload bytes before parsing them.
/// </summary>
public static class SignedPayload
{
    // Payloads already verified and read, by the (immutable) JWS object they came from: the portal
    // verifies a profile, then derives its index from the same object, and need not parse it twice.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<JoseWebSignature, object> Read = [];

    /// <summary>Signs the tagged JSON of <paramref name="value"/> with <paramref name="key"/>.</summary>
    public static JoseWebSignature Sign<T>(T value, KeyPair key) where T : class
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(key);
        var payload = TaggedJson.Serialize(value);
        var json = new JwsBuilder(payload).AddSignature(key, key.PublicKey.Udf(), value.GetType().Name).ToJsonUtf8();
        return System.Text.Json.JsonSerializer.Deserialize(json, MeshJsonContext.Default.JoseWebSignature)!;
    }

    /// <summary>The <c>kid</c> of the first signature, which names the signer; null when absent. Not verified.</summary>
    public static string? SignerKeyId(JoseWebSignature? jws)
    {
        try
        {
            return Parse(jws).Signatures[0].KeyId;
        }
        catch (MeshException)
        {
            return null;
        }
    }

    /// <summary>
    /// Verifies that <paramref name="signer"/> signed the JWS and reads the payload as a <typeparamref name="T"/>.
    /// Fails with <paramref name="failure"/> for a bad signature, Malformed for bad structure.
    /// </summary>
    internal static T Open<T>(JoseWebSignature? jws, PublicKeyInfo signer, ProfileFailure failure, string what) where T : class
    {
        ArgumentNullException.ThrowIfNull(signer);
        var parsed = ParseOrFail(jws, what);
        RequireSignature(parsed, signer, failure, what);
        var payload = ReadPayload<T>(parsed.UnverifiedPayload.Span, what);
        Read.AddOrUpdate(jws!, payload);
        return payload;
    }

    private static void RequireSignature(JwsObject parsed, PublicKeyInfo signer, ProfileFailure failure, string what)
    {
        try
        {
            parsed.RequireSignatureBy(signer);
        }
        catch (MeshException e)
        {
            throw new ProfileVerificationException(failure, $"The {what} is not validly signed by key {signer.Udf()}: {e.Message}");
        }
    }

    /// <summary>
    /// Parses the JWS once and reads its payload before anything is verified, only when the payload
    /// itself says which key must verify it (a self-signed profile, a master profile's online keys) (<see cref="Claimed{T}.Payload"/> must not be trusted until <see cref="Claimed{T}.Verify"/>).
    /// </summary>
    internal static Claimed<T> Claim<T>(JoseWebSignature? jws, string what) where T : class
    {
        var parsed = ParseOrFail(jws, what);
        return new Claimed<T>(jws!, parsed, ReadPayload<T>(parsed.UnverifiedPayload.Span, what), what);
    }

    /// <summary>A parsed JWS and its payload as claimed, waiting for its signature to be checked.</summary>
    internal sealed class Claimed<T>(JoseWebSignature jws, JwsObject parsed, T payload, string what) where T : class
    {
        /// <summary>The payload, not yet verified.</summary>
        public T Payload => payload;

        /// <summary>The <c>kid</c> of the first signature, not verified.</summary>
        public string? KeyId => parsed.Signatures[0].KeyId;

        /// <summary>The payload, once <paramref name="signer"/>'s signature over exactly the bytes it was read from verifies.</summary>
        public T Verify(PublicKeyInfo signer, ProfileFailure failure)
        {
            ArgumentNullException.ThrowIfNull(signer);
            RequireSignature(parsed, signer, failure, what);
            Read.AddOrUpdate(jws, payload);
            return payload;
        }
    }

    /// <summary>
    /// Verifies that <paramref name="signer"/> signed the JWS and reads the payload as a <typeparamref name="T"/>;
    /// throws <see cref="MeshException"/>: 401 for a signature that does not verify, 400 for a malformed one.
    /// </summary>
    public static T Verify<T>(JoseWebSignature? jws, PublicKeyInfo signer, string what) where T : class
    {
        try
        {
            return Open<T>(jws, signer, ProfileFailure.SignatureInvalid, what);
        }
        catch (ProfileVerificationException e)
        {
            throw e.Problem.ToMeshException();
        }
    }

    /// <summary>
    /// Reads the payload without verifying the signature: only for data verified before (a portal's
    /// own log), or to learn which key must verify it. Throws <see cref="MeshException"/> when malformed.
    /// </summary>
    public static T ReadUnverified<T>(JoseWebSignature? jws) where T : class
    {
        if (jws is not null && Read.TryGetValue(jws, out var known) && known is T payload) return payload;
        var parsed = Parse(jws);
        return TaggedJson.Deserialize<T>(parsed.UnverifiedPayload.Span);
    }

    private static T ReadPayload<T>(ReadOnlySpan<byte> payload, string what) where T : class
    {
        try
        {
            return TaggedJson.Deserialize<T>(payload);
        }
        catch (MeshException e)
        {
            throw new ProfileVerificationException($"The payload of the {what} is not a {typeof(T).Name}: {e.Message}", e);
        }
    }

    private static JwsObject ParseOrFail(JoseWebSignature? jws, string what)
    {
        try
        {
            return Parse(jws);
        }
        catch (MeshException e)
        {
            throw new ProfileVerificationException($"The signature of the {what} is malformed: {e.Message}", e);
        }
    }

    private static JwsObject Parse(JoseWebSignature? jws)
    {
        if (jws is null) throw new MeshException("The signed data is missing.");
        return JwsObject.Parse(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(jws, MeshJsonContext.Default.JoseWebSignature));
    }
}
