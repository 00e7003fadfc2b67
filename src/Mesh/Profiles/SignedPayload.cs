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
        byte[] payload;
        try
        {
            payload = parsed.RequireSignatureBy(signer);
        }
        catch (MeshException e)
        {
            throw new ProfileVerificationException(failure, $"The {what} is not validly signed by key {signer.Udf()}: {e.Message}");
        }
        return ReadPayload<T>(payload, what);
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
        var parsed = Parse(jws);
        return TaggedJson.Deserialize<T>(parsed.UnverifiedPayload.Span);
    }

    /// <summary>Reads the payload without verifying it: only to find which key must then verify it.</summary>
    internal static T Peek<T>(JoseWebSignature? jws, string what) where T : class =>
        ReadPayload<T>(ParseOrFail(jws, what).UnverifiedPayload.ToArray(), what);

    private static T ReadPayload<T>(byte[] payload, string what) where T : class
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
