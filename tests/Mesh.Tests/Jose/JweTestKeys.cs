using System.Security.Cryptography;
using Mesh.Cryptography;
using Mesh.Jose;

namespace Mesh.Tests.Jose;

/// <summary>
/// The keys of the five-recipient tests: two X25519, two P-256 and one RSA device key, named by
/// made-up UDF-like key ids, plus symmetric keys for the A*KW and dir algorithms.
/// </summary>
internal sealed class JweTestKeys : IDisposable
{
    // RSA key generation is slow; one 2048-bit key serves every test.
    private static readonly Lazy<KeyPair> SharedRsa = new(() => KeyPair.Generate(KeyAlgorithm.Rsa, KeyExportPolicy.AllowExport, rsaBits: 2048));

    public JweTestKeys()
    {
        X25519A = KeyPair.Generate(KeyAlgorithm.X25519, KeyExportPolicy.AllowExport);
        X25519B = KeyPair.Generate(KeyAlgorithm.X25519, KeyExportPolicy.AllowExport);
        P256A = KeyPair.Generate(KeyAlgorithm.P256, KeyExportPolicy.AllowExport);
        P256B = KeyPair.Generate(KeyAlgorithm.P256, KeyExportPolicy.AllowExport);
    }

    public KeyPair X25519A { get; }
    public KeyPair X25519B { get; }
    public KeyPair P256A { get; }
    public KeyPair P256B { get; }
    public static KeyPair Rsa => SharedRsa.Value;
    public byte[] Aes128 { get; } = RandomNumberGenerator.GetBytes(16);
    public byte[] Aes256 { get; } = RandomNumberGenerator.GetBytes(32);

    public IReadOnlyList<string> KeyIds { get; } = ["MX25519-AAAA", "MX25519-BBBB", "MP256-AAAA", "MP256-BBBB", "MRSA-AAAA"];

    /// <summary>(kid, key) of the five device keys, in recipient order.</summary>
    public IReadOnlyList<(string Kid, KeyPair Key)> All => [.. KeyIds.Zip([X25519A, X25519B, P256A, P256B, Rsa])];

    /// <summary>The five recipients with the Mesh default algorithms.</summary>
    public List<JweRecipient> Recipients() => [.. All.Select(k => JweRecipient.ForPublicKey(k.Key.PublicKey, k.Kid))];

    /// <summary>Recipients for one algorithm with a decryption function each (several key types for ECDH).</summary>
    public IEnumerable<(JweRecipient Recipient, Func<string, string?, byte[]> Decrypt)> ForAlgorithm(JweKeyManagement alg, JweEncryption enc)
    {
        if (alg.IsEcdh())
        {
            yield return (JweRecipient.ForPublicKey(X25519A.PublicKey, "x", alg), (jwe, kid) => Jwe.Decrypt(jwe, X25519A, kid));
            yield return (JweRecipient.ForPublicKey(P256A.PublicKey, "p", alg), (jwe, kid) => Jwe.Decrypt(jwe, P256A, kid));
        }
        else if (alg.IsRsa())
        {
            yield return (JweRecipient.ForPublicKey(Rsa.PublicKey, "r", alg), (jwe, kid) => Jwe.Decrypt(jwe, Rsa, kid));
        }
        else
        {
            var key = alg == JweKeyManagement.A128Kw || (alg == JweKeyManagement.Direct && enc == JweEncryption.A128Gcm) ? Aes128 : Aes256;
            yield return (JweRecipient.ForSymmetricKey(key, "s", alg), (jwe, kid) => Jwe.Decrypt(jwe, key, kid));
        }
    }

    public void Dispose()
    {
        X25519A.Dispose();
        X25519B.Dispose();
        P256A.Dispose();
        P256B.Dispose();
    }
}
