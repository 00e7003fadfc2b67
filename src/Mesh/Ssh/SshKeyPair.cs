// An SSH private key: made, stored as PKCS#8 in the SSH application profile, and used by the agent
// to sign (RFC 8709 ssh-ed25519, RFC 5656 ecdsa-sha2-nistp256, RFC 8332 rsa-sha2-256/512).
using System.Security.Cryptography;
using NSec.Cryptography;

namespace Mesh.Ssh;

/// <summary>The signature flags of an agent SIGN_REQUEST (draft-ietf-sshm-ssh-agent section 3.6.1).</summary>
[Flags]
public enum SshSignatureOptions : uint
{
    /// <summary>No flag: the key's default algorithm (ssh-rsa with SHA-1 for RSA keys, which the Mesh refuses).</summary>
    None = 0,
    /// <summary>SSH_AGENT_RSA_SHA2_256: sign with rsa-sha2-256.</summary>
    RsaSha256 = 2,
    /// <summary>SSH_AGENT_RSA_SHA2_512: sign with rsa-sha2-512.</summary>
    RsaSha512 = 4,
}

/// <summary>
/// An SSH key pair of a supported type (<see cref="SshKeyType"/>). Disposable: the private key is
/// released when disposed. It signs SSH signature blobs and exports itself as PKCS#8 (how the
/// profile holds it) or as an OpenSSH private key file.
/// </summary>
public sealed class SshKeyPair : IDisposable
{
    private readonly Key? _ed25519;
    private readonly ECDsa? _ecdsa;
    private readonly RSA? _rsa;

    private SshKeyPair(Key? ed25519, ECDsa? ecdsa, RSA? rsa)
    {
        (_ed25519, _ecdsa, _rsa) = (ed25519, ecdsa, rsa);
        PublicKey = SshPublicKey.ParseBlob(EncodePublicBlob());
    }

    /// <summary>The public key.</summary>
    public SshPublicKey PublicKey { get; }

    /// <summary>A new key; RSA keys have <paramref name="rsaBits"/> bits (3072 by default, at least 3072).</summary>
    public static SshKeyPair Generate(SshKeyType type, int rsaBits = 3072) => type switch
    {
        SshKeyType.Ed25519 => new(Key.Create(SignatureAlgorithm.Ed25519, Exportable), null, null),
        SshKeyType.EcdsaP256 => new(null, ECDsa.Create(ECCurve.NamedCurves.nistP256), null),
        SshKeyType.Rsa when rsaBits is >= 3072 and <= 16384 => new(null, null, RSA.Create(rsaBits)),
        SshKeyType.Rsa => throw new ArgumentOutOfRangeException(nameof(rsaBits), "An RSA key for SSH is made with 3072 to 16384 bits."),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>An Ed25519 key from its 32-byte seed.</summary>
    public static SshKeyPair FromEd25519Seed(ReadOnlySpan<byte> seed) =>
        Key.TryImport(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey, out var key, Exportable)
            ? new(key, null, null)
            : throw new FormatException("An Ed25519 private key is a 32-byte seed.");

    /// <summary>An ECDSA key on P-256 from its parameters; throws <see cref="FormatException"/> for another curve or an invalid key.</summary>
    public static SshKeyPair FromEcdsa(ECParameters parameters) =>
        Guard(() => ECDsa.Create(parameters), e => e.KeySize == 256 && e.ExportParameters(false).Curve.Oid?.Value == "1.2.840.10045.3.1.7"
            ? new(null, e, null) : throw new FormatException("Only ECDSA keys on P-256 (nistp256) are supported."));

    /// <summary>An RSA key from its parameters; throws <see cref="FormatException"/> for a key under 2048 bits or an invalid one.</summary>
    public static SshKeyPair FromRsa(RSAParameters parameters) =>
        Guard(() => RSA.Create(parameters), r => r.KeySize >= SshPublicKey.MinimumRsaBits
            ? new(null, null, r) : throw new FormatException($"The RSA key has {r.KeySize} bits; at least {SshPublicKey.MinimumRsaBits} are needed."));

    /// <summary>A key from its DER PKCS#8 PrivateKeyInfo (Ed25519, P-256 or RSA); throws <see cref="FormatException"/> when it is not one.</summary>
    public static SshKeyPair FromPkcs8(ReadOnlySpan<byte> der)
    {
        if (Key.TryImport(SignatureAlgorithm.Ed25519, der, KeyBlobFormat.PkixPrivateKey, out var ed, Exportable)) return new(ed, null, null);
        var bytes = der.ToArray();
        try
        {
            var ecdsa = ECDsa.Create();
            ecdsa.ImportPkcs8PrivateKey(bytes, out _);
            return FromEcdsa(ecdsa.ExportParameters(true));
        }
        catch (CryptographicException) { }
        return Guard(() =>
        {
            var rsa = RSA.Create();
            rsa.ImportPkcs8PrivateKey(bytes, out _);
            return rsa;
        }, r => FromRsa(r.ExportParameters(true)));
    }

    /// <summary>The private key as DER PKCS#8.</summary>
    public byte[] ExportPkcs8() =>
        _ed25519?.Export(KeyBlobFormat.PkixPrivateKey) ?? _ecdsa?.ExportPkcs8PrivateKey() ?? _rsa!.ExportPkcs8PrivateKey();

    /// <summary>
    /// Signs data as an SSH signature blob. RSA keys sign with rsa-sha2-512 or rsa-sha2-256 as the
    /// flags ask; an RSA signature without either flag would be SHA-1 and is refused with <see cref="NotSupportedException"/>.
    /// </summary>
    public byte[] Sign(ReadOnlySpan<byte> data, SshSignatureOptions flags = SshSignatureOptions.None)
    {
        if (_ed25519 is not null)
            return new SshWriter().Text("ssh-ed25519").Bytes(SignatureAlgorithm.Ed25519.Sign(_ed25519, data)).ToArray();
        if (_ecdsa is not null)
        {
            var rs = _ecdsa.SignData(data, HashAlgorithmName.SHA256);
            return new SshWriter().Text("ecdsa-sha2-nistp256").Bytes(new SshWriter().MPInt(rs.AsSpan(0, 32)).MPInt(rs.AsSpan(32)).ToArray()).ToArray();
        }
        var (name, hash) = flags.HasFlag(SshSignatureOptions.RsaSha512) ? ("rsa-sha2-512", HashAlgorithmName.SHA512)
            : flags.HasFlag(SshSignatureOptions.RsaSha256) ? ("rsa-sha2-256", HashAlgorithmName.SHA256)
            : throw new NotSupportedException("An RSA signature without rsa-sha2-256 or rsa-sha2-512 would use SHA-1, which the Mesh does not make.");
        return new SshWriter().Text(name).Bytes(_rsa!.SignData(data, hash, RSASignaturePadding.Pkcs1)).ToArray();
    }

    /// <summary>The OpenSSH private key file (openssh-key-v1, unencrypted), as <c>ssh-keygen</c> writes it.</summary>
    public string ExportOpenSsh(string comment) => OpenSshKeyFile.Write(this, comment);

    // The type-specific private fields of openssh-key-v1, after the key type name (PROTOCOL.key, and
    // the OpenSSH agent's ADD_IDENTITY encoding, which is the same).
    internal void WritePrivateFields(SshWriter writer)
    {
        if (_ed25519 is not null)
        {
            var pub = _ed25519.PublicKey.Export(KeyBlobFormat.RawPublicKey);
            writer.Bytes(pub).Bytes([.. _ed25519.Export(KeyBlobFormat.RawPrivateKey), .. pub]);
        }
        else if (_ecdsa is not null)
        {
            var p = _ecdsa.ExportParameters(true);
            writer.Text("nistp256").Bytes([4, .. p.Q.X!, .. p.Q.Y!]).MPInt(p.D);
        }
        else
        {
            var p = _rsa!.ExportParameters(true);
            writer.MPInt(p.Modulus).MPInt(p.Exponent).MPInt(p.D).MPInt(p.InverseQ).MPInt(p.P).MPInt(p.Q);
        }
    }

    private byte[] EncodePublicBlob()
    {
        if (_ed25519 is not null) return new SshWriter().Text("ssh-ed25519").Bytes(_ed25519.PublicKey.Export(KeyBlobFormat.RawPublicKey)).ToArray();
        if (_ecdsa is not null)
        {
            var q = _ecdsa.ExportParameters(false).Q;
            return new SshWriter().Text("ecdsa-sha2-nistp256").Text("nistp256").Bytes([4, .. q.X!, .. q.Y!]).ToArray();
        }
        var p = _rsa!.ExportParameters(false);
        return new SshWriter().Text("ssh-rsa").MPInt(p.Exponent).MPInt(p.Modulus).ToArray();
    }

    private static KeyCreationParameters Exportable => new() { ExportPolicy = KeyExportPolicies.AllowPlaintextExport };

    private static SshKeyPair Guard<T>(Func<T> create, Func<T, SshKeyPair> wrap) where T : AsymmetricAlgorithm
    {
        T key;
        try
        {
            key = create();
        }
        catch (CryptographicException e)
        {
            throw new FormatException("The private key is malformed or not supported.", e);
        }
        try
        {
            return wrap(key);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>Releases the private key.</summary>
    public void Dispose()
    {
        _ed25519?.Dispose();
        _ecdsa?.Dispose();
        _rsa?.Dispose();
    }
}
