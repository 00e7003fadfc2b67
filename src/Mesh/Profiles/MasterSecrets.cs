using Mesh.Cryptography;
using Mesh.Schema;
using Mesh.X509;

namespace Mesh.Profiles;

/// <summary>
/// The private keys behind a master profile (draft 3.3, 5.3): the master signing key, the root of
/// trust, which should be kept offline; escrow keys for recovery; online signature keys that sign
/// the personal profile day to day. Disposable: disposing erases every key.
/// </summary>
public sealed class MasterSecrets : IDisposable
{
    private MasterSecrets(KeyPair signingKey, IReadOnlyList<KeyPair> escrowKeys, IReadOnlyList<KeyPair> onlineKeys, SignedMasterProfile profile)
    {
        SigningKey = signingKey;
        EscrowKeys = escrowKeys;
        OnlineKeys = onlineKeys;
        Profile = profile;
    }

    /// <summary>The master signing key.</summary>
    public KeyPair SigningKey { get; }

    /// <summary>The master escrow keys (X25519).</summary>
    public IReadOnlyList<KeyPair> EscrowKeys { get; }

    /// <summary>The online signature keys.</summary>
    public IReadOnlyList<KeyPair> OnlineKeys { get; }

    /// <summary>The master profile, signed by the master signing key.</summary>
    public SignedMasterProfile Profile { get; }

    /// <summary>The personal profile identifier: the UDF of the master signing key (draft 3.4).</summary>
    public string PersonalIdentifier => SigningKey.PublicKey.Udf();

    /// <summary>
    /// Creates fresh master, escrow and online keys and the signed master profile. Keys are
    /// exportable so that they can be escrowed and handed to administering devices.
    /// </summary>
    public static MasterSecrets Create(DateTimeOffset now, int escrowKeys = 1, int onlineKeys = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(escrowKeys, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(onlineKeys, 1);
        var signing = KeyPair.Generate(KeyAlgorithm.Ed25519, KeyExportPolicy.AllowExport);
        var escrow = Enumerable.Range(0, escrowKeys).Select(_ => KeyPair.Generate(KeyAlgorithm.X25519, KeyExportPolicy.AllowExport)).ToList();
        var online = Enumerable.Range(0, onlineKeys).Select(_ => KeyPair.Generate(KeyAlgorithm.Ed25519, KeyExportPolicy.AllowExport)).ToList();
        return FromKeys(signing, escrow, online, now);
    }

    /// <summary>
    /// Builds and signs the master profile for existing keys: after recovery from escrow, or to
    /// rotate the online signature keys (the caller passes the new list and disposes the old keys).
    /// </summary>
    public static MasterSecrets FromKeys(KeyPair signingKey, IReadOnlyList<KeyPair> escrowKeys, IReadOnlyList<KeyPair> onlineKeys, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(signingKey);
        ArgumentNullException.ThrowIfNull(escrowKeys);
        ArgumentNullException.ThrowIfNull(onlineKeys);
        var root = CertifiedKeys.SelfSigned(signingKey, now);
        var profile = new MasterProfile
        {
            Identifier = MasterIdentifier(signingKey.PublicKey),
            Updated = now,
            MasterSignatureKey = root,
            MasterEscrowKeys = [.. escrowKeys.Select(k => CertifiedKeys.Issued(signingKey, root, k.PublicKey, CertificateUse.Escrow, now))],
            OnlineSignatureKeys = [.. onlineKeys.Select(k => CertifiedKeys.Issued(signingKey, root, k.PublicKey, CertificateUse.Signature, now))],
        };
        var signed = new SignedMasterProfile { Identifier = profile.Identifier, SignedData = SignedPayload.Sign(profile, signingKey) };
        return new MasterSecrets(signingKey, escrowKeys, onlineKeys, signed);
    }

    /// <summary>
    /// Restores the secrets behind an existing signed master profile from its private keys (kept on
    /// an administering device, or recovered from escrow); throws <see cref="MeshException"/> when
    /// the keys are not those the profile lists.
    /// </summary>
    public static MasterSecrets Restore(IReadOnlyList<KeyPair> keys, SignedMasterProfile profile, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var master = ProfileVerifier.VerifyMaster(profile, now);
        KeyPair Find(PublicKeyInfo key) => keys.FirstOrDefault(k => k.PublicKey.Equals(key))
            ?? throw new MeshException($"The private key of {key.Udf()} is missing.");
        return new MasterSecrets(Find(master.SigningKey), [.. master.EscrowKeys.Select(Find)], [.. master.OnlineKeys.Select(Find)], profile);
    }

    /// <summary>All the private keys: signing, escrow, online.</summary>
    public IEnumerable<KeyPair> AllKeys => new[] { SigningKey }.Concat(EscrowKeys).Concat(OnlineKeys);

    /// <summary>The master profile identifier: "Master" followed by the UDF of the master signing key (draft 3.3).</summary>
    public static string MasterIdentifier(PublicKeyInfo masterKey)
    {
        ArgumentNullException.ThrowIfNull(masterKey);
        return "Master" + masterKey.Udf();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        SigningKey.Dispose();
        foreach (var k in EscrowKeys) k.Dispose();
        foreach (var k in OnlineKeys) k.Dispose();
    }
}
