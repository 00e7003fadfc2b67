using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mesh.Schema;

// Draft section 4: Cryptographic Data Objects, and the JOSE objects NOTES.md section 3 embeds.

/// <summary>4.1.1 Container for public key pair data.</summary>
public sealed record PublicKey
{
    /// <summary>UDF fingerprint of the key.</summary>
    public string? UDF { get; init; }

    /// <summary>The key's X.509 certificate (DER).</summary>
    public byte[]? X509Certificate { get; init; }

    /// <summary>X.509 certificate chain (DER each).</summary>
    public IReadOnlyList<byte[]>? X509Chain { get; init; }

    /// <summary>X.509 certificate signing request (DER).</summary>
    public byte[]? X509CSR { get; init; }
}

/// <summary>
/// A private key: not defined by the draft, which names it in DevicePrivateProfile and
/// EscrowedKeySet. Our definition: the key's UDF and its DER PKCS#8 PrivateKeyInfo.
/// </summary>
public sealed record Key
{
    /// <summary>UDF fingerprint of the public key.</summary>
    public string? UDF { get; init; }

    /// <summary>The private key as DER PKCS#8 (RFC 5208, RFC 8410).</summary>
    public byte[]? PKCS8 { get; init; }
}

/// <summary>4.2.1 Container for JOSE signed data: the UTF-8 JWS General JSON Serialization.</summary>
public sealed record SignedData
{
    /// <summary>The JWS.</summary>
    public byte[]? Data { get; init; }
}

/// <summary>4.3.1 Container for JOSE encrypted data: the UTF-8 JWE General JSON Serialization.</summary>
public sealed record EncryptedData
{
    /// <summary>The JWE.</summary>
    public byte[]? Data { get; init; }
}

/// <summary>An RFC 7515 JWS in General JSON Serialization (NOTES.md section 3), as carried in a JoseWebSignature field.</summary>
public sealed record JoseWebSignature
{
    /// <summary>base64url of the exact signed bytes.</summary>
    [JsonPropertyName("payload")] public string? Payload { get; init; }

    /// <summary>One entry per signature.</summary>
    [JsonPropertyName("signatures")] public IReadOnlyList<JoseSignature>? Signatures { get; init; }
}

/// <summary>One signature of a <see cref="JoseWebSignature"/>.</summary>
public sealed record JoseSignature
{
    /// <summary>base64url of the protected header.</summary>
    [JsonPropertyName("protected")] public string? Protected { get; init; }

    /// <summary>The unprotected header (carries <c>kid</c>).</summary>
    [JsonPropertyName("header")] public JsonElement? Header { get; init; }

    /// <summary>base64url of the signature.</summary>
    [JsonPropertyName("signature")] public string? Signature { get; init; }
}

/// <summary>An RFC 7516 JWE in General JSON Serialization (NOTES.md section 3), as carried in a JoseWebEncryption field.</summary>
public sealed record JoseWebEncryption
{
    /// <summary>base64url of the protected header.</summary>
    [JsonPropertyName("protected")] public string? Protected { get; init; }

    /// <summary>The shared unprotected header.</summary>
    [JsonPropertyName("unprotected")] public JsonElement? Unprotected { get; init; }

    /// <summary>One entry per recipient key.</summary>
    [JsonPropertyName("recipients")] public IReadOnlyList<JoseRecipient>? Recipients { get; init; }

    /// <summary>base64url of additional authenticated data.</summary>
    [JsonPropertyName("aad")] public string? Aad { get; init; }

    /// <summary>base64url of the initialization vector.</summary>
    [JsonPropertyName("iv")] public string? Iv { get; init; }

    /// <summary>base64url of the ciphertext.</summary>
    [JsonPropertyName("ciphertext")] public string? Ciphertext { get; init; }

    /// <summary>base64url of the authentication tag.</summary>
    [JsonPropertyName("tag")] public string? Tag { get; init; }
}

/// <summary>One recipient of a <see cref="JoseWebEncryption"/>.</summary>
public sealed record JoseRecipient
{
    /// <summary>The per-recipient header (alg, kid, epk).</summary>
    [JsonPropertyName("header")] public JsonElement? Header { get; init; }

    /// <summary>base64url of the encrypted content key.</summary>
    [JsonPropertyName("encrypted_key")] public string? EncryptedKey { get; init; }
}
