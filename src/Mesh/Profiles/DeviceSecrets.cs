using Mesh.Cryptography;
using Mesh.Schema;
using Mesh.X509;

namespace Mesh.Profiles;

/// <summary>
/// A device's three private keys (draft 3.5, 5.2): the signature key, which names the device and
/// certifies the other two; the authentication key, which signs its requests to a portal; the
/// encryption key, to which application data is encrypted. Disposable: disposing erases them.
/// </summary>
public sealed class DeviceSecrets : IDisposable
{
    private DeviceSecrets(KeyPair signature, KeyPair authentication, KeyPair encryption, SignedDeviceProfile profile)
    {
        SignatureKey = signature;
        AuthenticationKey = authentication;
        EncryptionKey = encryption;
        Profile = profile;
    }

    /// <summary>The device signature key (DSK).</summary>
    public KeyPair SignatureKey { get; }

    /// <summary>The device authentication key (DAK).</summary>
    public KeyPair AuthenticationKey { get; }

    /// <summary>The device encryption key (DEK).</summary>
    public KeyPair EncryptionKey { get; }

    /// <summary>The device profile, signed by the device signature key.</summary>
    public SignedDeviceProfile Profile { get; }

    /// <summary>The device identifier: the UDF of its signature key.</summary>
    public string Identifier => SignatureKey.PublicKey.Udf();

    /// <summary>Creates a device with fresh Ed25519 signature and authentication keys and an X25519 encryption key.</summary>
    public static DeviceSecrets Create(string description, DateTimeOffset now)
    {
        var signature = KeyPair.Generate(KeyAlgorithm.Ed25519, KeyExportPolicy.AllowExport);
        var authentication = KeyPair.Generate(KeyAlgorithm.Ed25519, KeyExportPolicy.AllowExport);
        var encryption = KeyPair.Generate(KeyAlgorithm.X25519, KeyExportPolicy.AllowExport);
        var root = CertifiedKeys.SelfSigned(signature, now);
        var profile = new DeviceProfile
        {
            Identifier = signature.PublicKey.Udf(),
            Description = description,
            Updated = now,
            DeviceSignatureKey = root,
            DeviceAuthenticationKey = CertifiedKeys.Issued(signature, root, authentication.PublicKey, CertificateUse.Authentication, now),
            DeviceEncryptiontionKey = CertifiedKeys.Issued(signature, root, encryption.PublicKey, CertificateUse.Encryption, now),
        };
        var signed = new SignedDeviceProfile { Identifier = profile.Identifier, SignedData = SignedPayload.Sign(profile, signature) };
        return new DeviceSecrets(signature, authentication, encryption, signed);
    }

    /// <summary>The private profile to keep on the device (never published).</summary>
    public DevicePrivateProfile ExportPrivate() => new()
    {
        DeviceSignatureKey = Export(SignatureKey),
        DeviceAuthenticationKey = Export(AuthenticationKey),
        DeviceEncryptiontionKey = Export(EncryptionKey),
    };

    /// <summary>
    /// Restores a device from its private profile and its signed profile; throws <see cref="MeshException"/>
    /// when the keys are malformed or are not the keys of the profile.
    /// </summary>
    public static DeviceSecrets Import(DevicePrivateProfile keys, SignedDeviceProfile profile, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(profile);
        var device = ProfileVerifier.VerifyDevice(profile, now);
        var imported = new List<KeyPair>(3);
        try
        {
            imported.Add(Import(keys.DeviceSignatureKey, device.SignatureKey, "signature"));
            imported.Add(Import(keys.DeviceAuthenticationKey, device.AuthenticationKey, "authentication"));
            imported.Add(Import(keys.DeviceEncryptiontionKey, device.EncryptionKey, "encryption"));
            return new DeviceSecrets(imported[0], imported[1], imported[2], profile);
        }
        catch
        {
            // Erase the keys already imported rather than leave them to the garbage collector.
            foreach (var key in imported) key.Dispose();
            throw;
        }
    }

    private static Key Export(KeyPair key) => new() { UDF = key.PublicKey.Udf(), PKCS8 = key.ExportPkcs8() };

    private static KeyPair Import(Key? key, PublicKeyInfo expected, string what)
    {
        if (key?.PKCS8 is null) throw new MeshException($"The device's private {what} key is missing.");
        var pair = KeyPair.ImportPkcs8(key.PKCS8, KeyExportPolicy.AllowExport);
        if (pair.PublicKey.Equals(expected)) return pair;
        pair.Dispose();
        throw new MeshException($"The device's private {what} key does not belong to its profile.");
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        SignatureKey.Dispose();
        AuthenticationKey.Dispose();
        EncryptionKey.Dispose();
    }
}
