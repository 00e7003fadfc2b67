// RFC 4253 section 6.6, RFC 5656 section 3.1, RFC 8709 section 4: SSH public key blobs and the
// signatures they verify (RFC 8332 for rsa-sha2-256/512); OpenSSH's authorized_keys line and
// SHA256 fingerprint.
using System.Security.Cryptography;
using NSec.Cryptography;

namespace Mesh.Ssh;

/// <summary>The key types the Mesh keeps for SSH.</summary>
public enum SshKeyType
{
    /// <summary><c>ssh-ed25519</c> (RFC 8709): the default.</summary>
    Ed25519,
    /// <summary><c>ecdsa-sha2-nistp256</c> (RFC 5656).</summary>
    EcdsaP256,
    /// <summary><c>ssh-rsa</c> keys, signing with rsa-sha2-256 or rsa-sha2-512 (RFC 8332); at least 2048 bits (3072 made).</summary>
    Rsa,
}

/// <summary>
/// An SSH public key, identified by its wire blob (two keys are equal when their blobs are). Parsed
/// from untrusted text or bytes with <see cref="TryParseBlob"/> and <see cref="TryParseLine"/>.
/// </summary>
public sealed class SshPublicKey : IEquatable<SshPublicKey>
{
    /// <summary>The smallest RSA modulus accepted, in bits.</summary>
    public const int MinimumRsaBits = 2048;

    private readonly byte[] _blob;

    private SshPublicKey(SshKeyType type, byte[] blob, int bits)
    {
        Type = type;
        _blob = blob;
        Bits = bits;
    }

    /// <summary>The key type.</summary>
    public SshKeyType Type { get; }

    /// <summary>The size in bits (256 for the curves, the modulus size for RSA).</summary>
    public int Bits { get; }

    /// <summary>The key's name on the wire: ssh-ed25519, ecdsa-sha2-nistp256 or ssh-rsa.</summary>
    public string AlgorithmName => NameOf(Type);

    /// <summary>The public key blob (a copy).</summary>
    public byte[] Blob => (byte[])_blob.Clone();

    /// <summary>The public key blob, without a copy.</summary>
    public ReadOnlySpan<byte> BlobSpan => _blob;

    /// <summary>The fingerprint as <c>ssh-keygen -l</c> prints it: <c>SHA256:</c> and the unpadded base64 of the blob's SHA-256.</summary>
    public string Fingerprint => "SHA256:" + Convert.ToBase64String(SHA256.HashData(_blob)).TrimEnd('=');

    /// <summary>The key as a line of <c>authorized_keys</c>: type, base64 blob and, when given, a comment (line breaks and other controls made spaces).</summary>
    public string ToLine(string? comment = null)
    {
        var line = $"{AlgorithmName} {Convert.ToBase64String(_blob)}";
        return string.IsNullOrWhiteSpace(comment) ? line : $"{line} {string.Concat(comment.Select(c => char.IsControl(c) ? ' ' : c)).Trim()}";
    }

    /// <summary>The wire name of a key type.</summary>
    public static string NameOf(SshKeyType type) => type switch
    {
        SshKeyType.Ed25519 => "ssh-ed25519",
        SshKeyType.EcdsaP256 => "ecdsa-sha2-nistp256",
        SshKeyType.Rsa => "ssh-rsa",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>Reads a public key blob; false with the reason for a malformed, unsupported or weak key.</summary>
    public static bool TryParseBlob(ReadOnlySpan<byte> blob, out SshPublicKey? key, out string? error)
    {
        key = null;
        try
        {
            var reader = new SshReader(blob);
            var name = reader.Text();
            switch (name)
            {
                case "ssh-ed25519":
                    if (reader.Bytes().Length != 32) throw new FormatException("An ssh-ed25519 key is not 32 bytes.");
                    reader.End();
                    key = new SshPublicKey(SshKeyType.Ed25519, blob.ToArray(), 256);
                    break;
                case "ecdsa-sha2-nistp256":
                    if (reader.Text() != "nistp256") throw new FormatException("The ECDSA key's curve is not nistp256.");
                    var point = reader.Bytes();
                    reader.End();
                    if (point.Length != 65 || point[0] != 4) throw new FormatException("The ECDSA key is not an uncompressed P-256 point.");
                    using (ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = point[1..33].ToArray(), Y = point[33..].ToArray() } })) { }
                    key = new SshPublicKey(SshKeyType.EcdsaP256, blob.ToArray(), 256);
                    break;
                case "ssh-rsa":
                    var e = reader.MPInt();
                    var n = reader.MPInt();
                    reader.End();
                    var bits = n.Length == 0 ? 0 : (n.Length * 8) - System.Numerics.BitOperations.LeadingZeroCount((uint)n[0]) + 24;
                    if (bits < MinimumRsaBits) throw new FormatException($"The RSA key has {bits} bits; at least {MinimumRsaBits} are needed.");
                    if (e.Length == 0 || (e[^1] & 1) == 0 || e.Length > 8) throw new FormatException("The RSA public exponent is not a small odd number.");
                    key = new SshPublicKey(SshKeyType.Rsa, blob.ToArray(), bits);
                    break;
                default:
                    throw new FormatException($"The SSH key type '{name}' is not supported (ssh-ed25519, ecdsa-sha2-nistp256 and ssh-rsa are).");
            }
            error = null;
            return true;
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            error = e.Message;
            return false;
        }
    }

    /// <summary>Reads a public key blob; throws <see cref="FormatException"/> with the reason when it is not one.</summary>
    public static SshPublicKey ParseBlob(ReadOnlySpan<byte> blob) =>
        TryParseBlob(blob, out var key, out var error) ? key! : throw new FormatException(error);

    /// <summary>
    /// Reads a public key line (<c>TYPE BASE64 [COMMENT]</c>, as in a <c>.pub</c> file or authorized_keys without options);
    /// false with the reason when it is not one, or its type disagrees with its blob.
    /// </summary>
    public static bool TryParseLine(string line, out SshPublicKey? key, out string? comment, out string? error)
    {
        ArgumentNullException.ThrowIfNull(line);
        key = null;
        comment = null;
        var parts = line.Trim().Split([' ', '\t'], 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2)
        {
            error = "An SSH public key line is TYPE BASE64 [COMMENT].";
            return false;
        }
        byte[] blob;
        try
        {
            blob = Convert.FromBase64String(parts[1]);
        }
        catch (FormatException)
        {
            error = "The SSH public key is not base64.";
            return false;
        }
        if (!TryParseBlob(blob, out key, out error)) return false;
        if (key!.AlgorithmName != parts[0])
        {
            error = $"The line says {parts[0]} but holds an {key.AlgorithmName} key.";
            key = null;
            return false;
        }
        comment = parts.Length > 2 ? parts[2] : null;
        return true;
    }

    /// <summary>
    /// Verifies an SSH signature blob (<c>string algorithm, string signature</c>) over data: false for a bad
    /// or malformed signature, or an algorithm this key does not sign with (SHA-1 ssh-rsa signatures are refused).
    /// </summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signatureBlob)
    {
        try
        {
            var reader = new SshReader(signatureBlob);
            var algorithm = reader.Text();
            var signature = reader.Bytes();
            reader.End();
            var key = new SshReader(_blob);
            key.Text();
            switch (Type, algorithm)
            {
                case (SshKeyType.Ed25519, "ssh-ed25519"):
                    var raw = key.Bytes();
                    return NSec.Cryptography.PublicKey.TryImport(SignatureAlgorithm.Ed25519, raw, KeyBlobFormat.RawPublicKey, out var ed)
                        && SignatureAlgorithm.Ed25519.Verify(ed!, data, signature);
                case (SshKeyType.EcdsaP256, "ecdsa-sha2-nistp256"):
                    key.Text();
                    var q = key.Bytes();
                    var rs = new SshReader(signature);
                    var r = Fixed(rs.MPInt(), 32);
                    var s = Fixed(rs.MPInt(), 32);
                    rs.End();
                    using (var ecdsa = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = q[1..33].ToArray(), Y = q[33..].ToArray() } }))
                        return ecdsa.VerifyData(data, [.. r, .. s], HashAlgorithmName.SHA256);
                case (SshKeyType.Rsa, "rsa-sha2-256" or "rsa-sha2-512"):
                    var e = key.MPInt();
                    var n = key.MPInt();
                    using (var rsa = RSA.Create(new RSAParameters { Exponent = e, Modulus = n }))
                        return rsa.VerifyData(data, signature, algorithm == "rsa-sha2-256" ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1);
                default:
                    return false;
            }
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return false;
        }
    }

    // An mpint's unsigned bytes, left-padded to a fixed size.
    internal static byte[] Fixed(byte[] value, int size)
    {
        if (value.Length > size) throw new FormatException("An ECDSA signature value is too large.");
        var result = new byte[size];
        value.CopyTo(result, size - value.Length);
        return result;
    }

    /// <inheritdoc/>
    public bool Equals(SshPublicKey? other) => other is not null && _blob.AsSpan().SequenceEqual(other._blob);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as SshPublicKey);

    /// <inheritdoc/>
    public override int GetHashCode() => BitConverter.ToInt32(SHA256.HashData(_blob));

    /// <inheritdoc/>
    public override string ToString() => $"{AlgorithmName} {Fingerprint}";
}
