// RFC 7516 sections 4.1.2 (enc), 4.1.12 (cty) and 5.1 step 14 (JWE AAD): choices made when encrypting.
using Mesh.Cryptography;

namespace Mesh.Jose;

/// <summary>How to encrypt: the content encryption algorithm, an optional content type and optional AAD.</summary>
public sealed class JweOptions
{
    /// <summary>The content encryption algorithm (<c>enc</c>); A256GCM unless set.</summary>
    public JweEncryption Encryption { get; init; } = JweEncryption.A256Gcm;

    /// <summary>The content type (<c>cty</c>) written in the protected header, or null for none.</summary>
    public string? ContentType { get; init; }

    /// <summary>
    /// Additional authenticated data (the JSON serialization's <c>aad</c>): bound to the ciphertext
    /// but not encrypted. Empty for none. The compact serialization cannot carry it.
    /// </summary>
    public ReadOnlyMemory<byte> AdditionalData { get; init; }

    // Test seams: fixed values make encryption reproduce published examples byte for byte.
    // Never set outside tests: a fixed CEK, IV or ephemeral key destroys the security of GCM and ECDH-ES.
    internal byte[]? TestCek { get; init; }

    internal byte[]? TestIv { get; init; }

    internal KeyPair? TestEphemeralKey { get; init; }
}
