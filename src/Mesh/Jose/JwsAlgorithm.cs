// RFC 7518 section 3.1 (the "alg" values), RFC 8037 section 3.1 (EdDSA), RFC 9864 (Ed25519),
// and NOTES.md sections 2 and 3: the allow-list of signature algorithms and the key types they fit.
using Mesh.Cryptography;

namespace Mesh.Jose;

/// <summary>
/// A JWS signature algorithm on the Mesh's allow-list: <c>Ed25519</c> and <c>EdDSA</c> (Ed25519
/// keys only), <c>ES256</c> (P-256 keys only), <c>RS256</c> and <c>PS256</c> (RSA keys only).
/// Anything else, notably <c>none</c> and the HMAC algorithms, is not an instance of this class
/// and is never verified. Instances are singletons; compare them by reference.
/// </summary>
public sealed class JwsAlgorithm
{
    private JwsAlgorithm(string name, SignatureScheme scheme)
    {
        Name = name;
        Scheme = scheme;
    }

    /// <summary>Ed25519 by its fully-specified name (RFC 9864); the Mesh signs with this one.</summary>
    public static JwsAlgorithm Ed25519 { get; } = new("Ed25519", SignatureScheme.Ed25519);

    /// <summary>
    /// The polymorphic <c>EdDSA</c> of RFC 8037, deprecated by RFC 9864. Accepted when verifying
    /// (older peers and the RFC 8037 vectors use it), and only ever with an Ed25519 key.
    /// </summary>
    public static JwsAlgorithm EdDsa { get; } = new("EdDSA", SignatureScheme.Ed25519);

    /// <summary>ECDSA on P-256 with SHA-256.</summary>
    public static JwsAlgorithm ES256 { get; } = new("ES256", SignatureScheme.EcdsaP256Sha256);

    /// <summary>RSASSA-PKCS1-v1_5 with SHA-256.</summary>
    public static JwsAlgorithm RS256 { get; } = new("RS256", SignatureScheme.RsaPkcs1Sha256);

    /// <summary>RSASSA-PSS with SHA-256.</summary>
    public static JwsAlgorithm PS256 { get; } = new("PS256", SignatureScheme.RsaPssSha256);

    /// <summary>Every algorithm on the allow-list.</summary>
    public static IReadOnlyList<JwsAlgorithm> All { get; } = [Ed25519, EdDsa, ES256, RS256, PS256];

    /// <summary>The JOSE <c>alg</c> value (case-sensitive).</summary>
    public string Name { get; }

    /// <summary>The signature scheme the algorithm names.</summary>
    public SignatureScheme Scheme { get; }

    /// <summary>The algorithm on the allow-list with exactly this name, or null.</summary>
    public static JwsAlgorithm? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var algorithm in All)
            if (string.Equals(algorithm.Name, name, StringComparison.Ordinal)) return algorithm;
        return null;
    }

    /// <summary>
    /// The algorithm the Mesh signs with for a key type: <c>Ed25519</c>, <c>ES256</c> or, for RSA,
    /// <c>PS256</c> (PSS has a security proof that PKCS#1 v1.5 lacks). X25519 keys cannot sign.
    /// </summary>
    public static JwsAlgorithm ForSigning(KeyAlgorithm key) => key switch
    {
        KeyAlgorithm.Ed25519 => Ed25519,
        KeyAlgorithm.P256 => ES256,
        KeyAlgorithm.Rsa => PS256,
        _ => throw new ArgumentException($"A {key} key cannot sign.", nameof(key)),
    };

    /// <summary>Whether a signature made with this algorithm can come from the key (its type fits).</summary>
    public bool Fits(PublicKeyInfo key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Supports(Scheme);
    }

    /// <summary>
    /// The algorithm named by a header's <c>alg</c>, checked against the key that is to verify
    /// the signature. Throws a <see cref="MeshException"/> that names the problem when the name is
    /// not on the allow-list or does not fit the key type (algorithm confusion).
    /// </summary>
    public static JwsAlgorithm Require(string name, PublicKeyInfo key)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(key);
        var check = Check(name, key);
        return check.Algorithm ?? throw new MeshException(check.Problem);
    }

    /// <summary>Checks a name against the allow-list alone.</summary>
    internal static AlgorithmCheck Check(string name)
    {
        if (string.Equals(name, "none", StringComparison.Ordinal))
            return new(JwsSignatureStatus.ForbiddenAlgorithm, "The algorithm 'none' (an unsigned JWS) is never accepted.");
        // HMAC with a public key as the secret is the classic algorithm-confusion attack: anyone holds the key.
        if (name.StartsWith("HS", StringComparison.Ordinal))
            return new(JwsSignatureStatus.ForbiddenAlgorithm, $"The HMAC algorithm '{JwsHeader.Printable(name)}' is never accepted: a public key is no secret.");
        return Find(name) is { } algorithm
            ? new(algorithm)
            : new(JwsSignatureStatus.UnsupportedAlgorithm,
                $"The algorithm '{JwsHeader.Printable(name)}' is not supported; only {string.Join(", ", All.Select(a => a.Name))} are.");
    }

    /// <summary>Checks a name against the allow-list and then against the key type.</summary>
    internal static AlgorithmCheck Check(string name, PublicKeyInfo key)
    {
        var check = Check(name);
        if (check.Algorithm is { } algorithm && !algorithm.Fits(key))
            return new(JwsSignatureStatus.AlgorithmKeyMismatch, algorithm.MismatchProblem(key));
        return check;
    }

    /// <summary>Names the algorithm confusion of using this algorithm with the key.</summary>
    internal string MismatchProblem(PublicKeyInfo key) => $"The algorithm '{Name}' cannot be used with a key of type {key.Algorithm}.";

    /// <summary>The length in bytes every signature of this algorithm has with the key.</summary>
    internal int SignatureLength(PublicKeyInfo key) => Scheme switch
    {
        SignatureScheme.Ed25519 or SignatureScheme.EcdsaP256Sha256 => 64,
        _ => (key.KeySize + 7) / 8,
    };

    /// <inheritdoc/>
    public override string ToString() => Name;
}

/// <summary>The outcome of checking an <c>alg</c> value: the algorithm, or why it was refused.</summary>
internal readonly record struct AlgorithmCheck
{
    public AlgorithmCheck(JwsAlgorithm algorithm) => Algorithm = algorithm;

    public AlgorithmCheck(JwsSignatureStatus failure, string problem)
    {
        Failure = failure;
        Problem = problem;
    }

    /// <summary>The algorithm when the check passed, else null.</summary>
    public JwsAlgorithm? Algorithm { get; }

    /// <summary>Why the check failed (meaningless when it passed).</summary>
    public JwsSignatureStatus Failure { get; }

    /// <summary>A message naming the problem, empty when the check passed.</summary>
    public string Problem { get; } = "";
}
