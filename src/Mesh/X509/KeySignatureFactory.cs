// The signature over tbsCertificate (RFC 5280 section 4.1.1.3) and over certificationRequestInfo
// (RFC 2986 section 4.2), made through KeyPair.Sign so BouncyCastle never holds the private key.
using System.Diagnostics.CodeAnalysis;
using Mesh.Cryptography;
using Org.BouncyCastle.Crypto;

namespace Mesh.X509;

/// <summary>
/// BouncyCastle's <see cref="ISignatureFactory"/> over one of our keys: BouncyCastle writes the
/// bytes to be signed to a stream and asks for the signature, which <see cref="KeyPair.Sign"/> makes.
/// ECDSA signatures are converted from r||s to the DER form X.509 uses.
/// </summary>
internal sealed class KeySignatureFactory : ISignatureFactory
{
    private readonly KeyPair _key;
    private readonly SignatureScheme _scheme;

    /// <summary>Throws <see cref="ArgumentException"/> when the key cannot sign with the scheme (an X25519 key cannot sign at all).</summary>
    internal KeySignatureFactory(KeyPair key, SignatureScheme scheme)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!key.PublicKey.Supports(scheme))
            throw new ArgumentException($"A {key.Algorithm} key cannot sign with {scheme}.", nameof(key));
        _key = key;
        _scheme = scheme;
        AlgorithmDetails = SignatureAlgorithms.Identifier(scheme);
    }

    /// <summary>The AlgorithmIdentifier that BouncyCastle writes into the structure (twice, for a certificate).</summary>
    public object AlgorithmDetails { get; }

    /// <inheritdoc/>
    public IStreamCalculator<IBlockResult> CreateCalculator() => new Calculator(this);

    private byte[] Sign(byte[] data)
    {
        var signature = _key.Sign(_scheme, data);
        return _scheme == SignatureScheme.EcdsaP256Sha256 ? SignatureAlgorithms.P1363ToDer(signature) : signature;
    }

    [SuppressMessage("Design", "CA1001", Justification = "BouncyCastle disposes the Stream it is given; a MemoryStream holds nothing else to release.")]
    private sealed class Calculator(KeySignatureFactory factory) : IStreamCalculator<IBlockResult>
    {
        // BouncyCastle disposes the stream before it asks for the result; MemoryStream.ToArray
        // still works then.
        private readonly MemoryStream _buffer = new();

        public Stream Stream => _buffer;

        public IBlockResult GetResult() => new SimpleBlockResult(factory.Sign(_buffer.ToArray()));
    }
}
