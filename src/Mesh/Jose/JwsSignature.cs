// RFC 7515 section 7.2.1: one element of "signatures" (or the flattened form of section 7.2.2,
// or a compact JWS of section 7.1), with the header parameters the Mesh reads (section 4.1).
namespace Mesh.Jose;

/// <summary>
/// One signature of a parsed JWS and the header parameters read from its headers. Everything
/// here is unverified input until <see cref="JwsObject.Verify(Cryptography.PublicKeyInfo)"/>
/// says otherwise. Keys embedded in headers (<c>jwk</c>, <c>x5c</c>, <c>jku</c>) are never read:
/// the verifier's key always comes from the caller.
/// </summary>
public sealed class JwsSignature
{
    private readonly byte[] _protectedHeader;
    private readonly byte[] _value;

    internal JwsSignature(int index, string encodedProtectedHeader, byte[] protectedHeader, JwsHeaderValues header, byte[] value)
    {
        Index = index;
        EncodedProtectedHeader = encodedProtectedHeader;
        _protectedHeader = protectedHeader;
        Algorithm = header.Algorithm;
        IsAlgorithmProtected = header.IsAlgorithmProtected;
        KeyId = header.KeyId;
        ContentType = header.ContentType;
        _value = value;
    }

    /// <summary>The position of the signature in the JWS, from 0.</summary>
    public int Index { get; }

    /// <summary>The <c>alg</c> header parameter exactly as received (not necessarily on the allow-list).</summary>
    public string Algorithm { get; }

    /// <summary>Whether <c>alg</c> came from the protected header; the Mesh verifies nothing else.</summary>
    public bool IsAlgorithmProtected { get; }

    /// <summary>The <c>kid</c> header parameter (protected or not), or null. For the Mesh, the signer key's UDF.</summary>
    public string? KeyId { get; }

    /// <summary>The <c>cty</c> header parameter (protected or not), or null. For the Mesh, the payload's type name.</summary>
    public string? ContentType { get; }

    /// <summary>The exact UTF-8 bytes of the protected header (a JSON object), or empty when it has none.</summary>
    public ReadOnlyMemory<byte> ProtectedHeader => _protectedHeader;

    /// <summary>The signature value.</summary>
    public ReadOnlyMemory<byte> Value => _value;

    /// <summary>The protected header exactly as it was encoded: the first part of the signing input.</summary>
    internal string EncodedProtectedHeader { get; }

    /// <summary>The signature value, not copied.</summary>
    internal ReadOnlySpan<byte> ValueSpan => _value;
}
