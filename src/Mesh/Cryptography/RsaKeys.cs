using System.Security.Cryptography;
using System.Text.Json;
using Mesh.Encoding;

namespace Mesh.Cryptography;

/// <summary>An RSA public key of 2048 to 16384 bits, for RS256/PS256 verification and RSA-OAEP encryption.</summary>
internal sealed class RsaPublicKey : PublicKeyInfo
{
    internal const int MinBits = 2048;
    internal const int MaxBits = 16384;
    private readonly RSA _rsa;
    private readonly RSAParameters _parameters;

    private RsaPublicKey(RSAParameters parameters)
    {
        _parameters = parameters;
        _rsa = RSA.Create(parameters);
    }

    public override KeyAlgorithm Algorithm => KeyAlgorithm.Rsa;

    public override int KeySize => _rsa.KeySize;

    internal static RsaPublicKey FromParameters(RSAParameters parameters)
    {
        try
        {
            RequireModulusAndExponent(parameters);
            using var check = RSA.Create(parameters);
            CheckSize(check.KeySize);
            return new RsaPublicKey(check.ExportParameters(false));
        }
        catch (CryptographicException e)
        {
            throw new MeshException("The RSA public key is malformed.", e);
        }
    }

    internal static RsaPublicKey FromSpki(ReadOnlySpan<byte> der)
    {
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportSubjectPublicKeyInfo(der, out var read);
            if (read != der.Length) throw new CryptographicException("trailing data");
            CheckSize(rsa.KeySize);
            return new RsaPublicKey(rsa.ExportParameters(false));
        }
        catch (CryptographicException e)
        {
            throw new MeshException("The RSA SubjectPublicKeyInfo is malformed.", e);
        }
    }

    // The platform's import indexes into both without checking (IndexOutOfRangeException on Linux),
    // so an empty one from an untrusted JWK is refused here as a malformed key.
    internal static void RequireModulusAndExponent(RSAParameters parameters)
    {
        if (parameters.Modulus is not { Length: > 0 } || parameters.Exponent is not { Length: > 0 })
            throw new CryptographicException("The RSA modulus or exponent is empty.");
    }

    internal static void CheckSize(int bits)
    {
        if (bits is < MinBits or > MaxBits)
            throw new MeshException($"RSA keys must have {MinBits} to {MaxBits} bits; this one has {bits}.");
    }

    private protected override byte[] EncodeSubjectPublicKeyInfo() => _rsa.ExportSubjectPublicKeyInfo();

    public override void WriteJwkMembers(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteString("kty", "RSA");
        writer.WriteString("n", Base64Url.Encode(_parameters.Modulus));
        writer.WriteString("e", Base64Url.Encode(_parameters.Exponent));
    }

    private protected override string ThumbprintInput() =>
        $$"""{"e":"{{Base64Url.Encode(_parameters.Exponent)}}","kty":"RSA","n":"{{Base64Url.Encode(_parameters.Modulus)}}"}""";

    public override bool Verify(SignatureScheme scheme, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) => scheme switch
    {
        SignatureScheme.RsaPkcs1Sha256 => _rsa.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
        SignatureScheme.RsaPssSha256 => _rsa.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss),
        _ => false,
    };

    /// <summary>RSA-OAEP encryption with the given hash (SHA-1 for JOSE RSA-OAEP, SHA-256 for RSA-OAEP-256).</summary>
    internal byte[] EncryptOaep(ReadOnlySpan<byte> data, HashAlgorithmName hash) =>
        _rsa.Encrypt(data, RSAEncryptionPadding.CreateOaep(hash)); // the span overload leaves no unerased copy of the data (a CEK)
}

/// <summary>An RSA private key.</summary>
internal sealed class RsaKeyPair : KeyPair
{
    private readonly RSA _rsa;
    private readonly RsaPublicKey _public;

    private RsaKeyPair(RSA rsa, KeyExportPolicy policy) : base(policy)
    {
        _rsa = rsa;
        _public = RsaPublicKey.FromParameters(rsa.ExportParameters(false));
    }

    public override PublicKeyInfo PublicKey => _public;

    internal static RsaKeyPair Generate(int bits, KeyExportPolicy policy)
    {
        if (bits is < RsaPublicKey.MinBits or > RsaPublicKey.MaxBits || bits % 8 != 0)
            throw new ArgumentOutOfRangeException(nameof(bits), $"RSA keys must have {RsaPublicKey.MinBits} to {RsaPublicKey.MaxBits} bits.");
        return new RsaKeyPair(RSA.Create(bits), policy);
    }

    internal static RsaKeyPair FromParameters(RSAParameters parameters, KeyExportPolicy policy) =>
        Guard(() =>
        {
            RsaPublicKey.RequireModulusAndExponent(parameters);
            return RSA.Create(parameters);
        }, policy, "The RSA private key is not valid.");

    internal static RsaKeyPair FromPkcs8(ReadOnlySpan<byte> der, KeyExportPolicy policy)
    {
        var copy = der.ToArray();
        return Guard(() =>
        {
            var rsa = RSA.Create();
            rsa.ImportPkcs8PrivateKey(copy, out _);
            return rsa;
        }, policy, "The RSA PKCS#8 key is malformed.");
    }

    private static RsaKeyPair Guard(Func<RSA> create, KeyExportPolicy policy, string message)
    {
        RSA? rsa = null;
        try
        {
            rsa = create();
            RsaPublicKey.CheckSize(rsa.KeySize);
            return new RsaKeyPair(rsa, policy);
        }
        catch (CryptographicException e)
        {
            rsa?.Dispose();
            throw new MeshException(message, e);
        }
        catch (MeshException)
        {
            rsa?.Dispose();
            throw;
        }
    }

    private protected override byte[] SignCore(SignatureScheme scheme, ReadOnlySpan<byte> data) =>
        _rsa.SignData(data.ToArray(), HashAlgorithmName.SHA256,
            scheme == SignatureScheme.RsaPssSha256 ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1);

    /// <summary>RSA-OAEP decryption; throws <see cref="MeshException"/> when the ciphertext does not decrypt.</summary>
    internal byte[] DecryptOaep(ReadOnlySpan<byte> data, HashAlgorithmName hash)
    {
        ThrowIfDisposed();
        try
        {
            return _rsa.Decrypt(data, RSAEncryptionPadding.CreateOaep(hash));
        }
        catch (CryptographicException e)
        {
            throw new MeshException("The RSA-OAEP encrypted key does not decrypt with this key.", e);
        }
    }

    private protected override byte[] ExportPkcs8Core() => _rsa.ExportPkcs8PrivateKey();

    private protected override void WritePrivateJwkMembers(Utf8JsonWriter writer)
    {
        var p = _rsa.ExportParameters(true);
        writer.WriteString("d", Base64Url.Encode(p.D));
        writer.WriteString("p", Base64Url.Encode(p.P));
        writer.WriteString("q", Base64Url.Encode(p.Q));
        writer.WriteString("dp", Base64Url.Encode(p.DP));
        writer.WriteString("dq", Base64Url.Encode(p.DQ));
        writer.WriteString("qi", Base64Url.Encode(p.InverseQ));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _rsa.Dispose();
        base.Dispose(disposing);
    }
}
