// RFC 7518 sections 4 and 5 (the JWE algorithms this implementation allows), RFC 8037 section 3.2 (X25519).
namespace Mesh.Jose;

/// <summary>
/// The JWE key management algorithms (<c>alg</c>) this implementation allows (NOTES.md section 2).
/// Anything else is rejected as unsupported.
/// </summary>
public enum JweKeyManagement
{
    /// <summary><c>ECDH-ES+A256KW</c>: ECDH-ES (X25519 or P-256) with the CEK wrapped by AES-256 Key Wrap; the Mesh default.</summary>
    EcdhEsA256Kw,
    /// <summary><c>ECDH-ES+A128KW</c>: ECDH-ES (X25519 or P-256) with the CEK wrapped by AES-128 Key Wrap.</summary>
    EcdhEsA128Kw,
    /// <summary><c>ECDH-ES</c>: direct key agreement, the CEK is the KDF output; one recipient only.</summary>
    EcdhEs,
    /// <summary><c>RSA-OAEP-256</c>: RSAES-OAEP with SHA-256 and MGF1-SHA-256.</summary>
    RsaOaep256,
    /// <summary><c>RSA-OAEP</c>: RSAES-OAEP with SHA-1 and MGF1-SHA-1.</summary>
    RsaOaep,
    /// <summary><c>A256KW</c>: AES-256 Key Wrap (RFC 3394) with a shared symmetric key.</summary>
    A256Kw,
    /// <summary><c>A128KW</c>: AES-128 Key Wrap (RFC 3394) with a shared symmetric key.</summary>
    A128Kw,
    /// <summary><c>dir</c>: the shared symmetric key is the CEK; one recipient only.</summary>
    Direct,
}

/// <summary>The JWE content encryption algorithms (<c>enc</c>) this implementation allows.</summary>
public enum JweEncryption
{
    /// <summary><c>A256GCM</c>: AES-256-GCM with a 96-bit IV and a 128-bit tag; the Mesh default.</summary>
    A256Gcm,
    /// <summary><c>A128GCM</c>: AES-128-GCM with a 96-bit IV and a 128-bit tag.</summary>
    A128Gcm,
}

/// <summary>The JOSE names of the allowed algorithms and their key sizes.</summary>
internal static class JweAlgorithms
{
    internal const string SupportedKeyManagement = "ECDH-ES+A256KW, ECDH-ES+A128KW, ECDH-ES, RSA-OAEP-256, RSA-OAEP, A256KW, A128KW, dir";
    internal const string SupportedEncryption = "A256GCM, A128GCM";

    internal static string Name(this JweKeyManagement algorithm) => algorithm switch
    {
        JweKeyManagement.EcdhEsA256Kw => "ECDH-ES+A256KW",
        JweKeyManagement.EcdhEsA128Kw => "ECDH-ES+A128KW",
        JweKeyManagement.EcdhEs => "ECDH-ES",
        JweKeyManagement.RsaOaep256 => "RSA-OAEP-256",
        JweKeyManagement.RsaOaep => "RSA-OAEP",
        JweKeyManagement.A256Kw => "A256KW",
        JweKeyManagement.A128Kw => "A128KW",
        JweKeyManagement.Direct => "dir",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    internal static string Name(this JweEncryption encryption) => encryption switch
    {
        JweEncryption.A256Gcm => "A256GCM",
        JweEncryption.A128Gcm => "A128GCM",
        _ => throw new ArgumentOutOfRangeException(nameof(encryption)),
    };

    /// <summary>Reads an <c>alg</c> value from the allow-list; anything else is an "unsupported" <see cref="MeshException"/>.</summary>
    internal static JweKeyManagement ParseKeyManagement(string name) => TryParseKeyManagement(name, out var algorithm)
        ? algorithm
        : throw new MeshException($"The JWE key management algorithm '{name}' is unsupported; supported are {SupportedKeyManagement}.");

    /// <summary>Reads an <c>alg</c> value from the allow-list.</summary>
    internal static bool TryParseKeyManagement(string? name, out JweKeyManagement algorithm)
    {
        JweKeyManagement? found = name switch
        {
            "ECDH-ES+A256KW" => JweKeyManagement.EcdhEsA256Kw,
            "ECDH-ES+A128KW" => JweKeyManagement.EcdhEsA128Kw,
            "ECDH-ES" => JweKeyManagement.EcdhEs,
            "RSA-OAEP-256" => JweKeyManagement.RsaOaep256,
            "RSA-OAEP" => JweKeyManagement.RsaOaep,
            "A256KW" => JweKeyManagement.A256Kw,
            "A128KW" => JweKeyManagement.A128Kw,
            "dir" => JweKeyManagement.Direct,
            _ => null,
        };
        algorithm = found.GetValueOrDefault();
        return found.HasValue;
    }

    /// <summary>Reads an <c>enc</c> value from the allow-list; anything else is an "unsupported" <see cref="MeshException"/>.</summary>
    internal static JweEncryption ParseEncryption(string name) => name switch
    {
        "A256GCM" => JweEncryption.A256Gcm,
        "A128GCM" => JweEncryption.A128Gcm,
        _ => throw new MeshException($"The JWE content encryption algorithm '{name}' is unsupported; supported are {SupportedEncryption}."),
    };

    /// <summary>The CEK length in bytes.</summary>
    internal static int KeyBytes(this JweEncryption encryption) => encryption == JweEncryption.A128Gcm ? 16 : 32;

    /// <summary>The key-encryption key length in bytes for the AES Key Wrap algorithms (direct or after ECDH-ES).</summary>
    internal static int KekBytes(this JweKeyManagement algorithm) => algorithm switch
    {
        JweKeyManagement.EcdhEsA128Kw or JweKeyManagement.A128Kw => 16,
        JweKeyManagement.EcdhEsA256Kw or JweKeyManagement.A256Kw => 32,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    /// <summary>Whether the algorithm determines the CEK itself (no encrypted key), which limits the JWE to one recipient.</summary>
    internal static bool IsDirect(this JweKeyManagement algorithm) => algorithm is JweKeyManagement.EcdhEs or JweKeyManagement.Direct;

    internal static bool IsEcdh(this JweKeyManagement algorithm) =>
        algorithm is JweKeyManagement.EcdhEs or JweKeyManagement.EcdhEsA128Kw or JweKeyManagement.EcdhEsA256Kw;

    internal static bool IsRsa(this JweKeyManagement algorithm) => algorithm is JweKeyManagement.RsaOaep or JweKeyManagement.RsaOaep256;

    internal static bool IsSymmetric(this JweKeyManagement algorithm) =>
        algorithm is JweKeyManagement.A128Kw or JweKeyManagement.A256Kw or JweKeyManagement.Direct;
}
