using Mesh.Cryptography;
using Mesh.Schema;

namespace Mesh.Profiles;

/// <summary>A master profile whose signature and certificates have been verified.</summary>
/// <param name="Identifier">"Master" + the UDF of the master signing key</param>
/// <param name="SigningKey">the master signing key</param>
/// <param name="EscrowKeys">the master escrow keys, each certified by the master signing key</param>
/// <param name="OnlineKeys">the online signature keys, each certified by the master signing key</param>
/// <param name="Profile">the verified payload</param>
/// <param name="SignedForm">the signed form as received</param>
public sealed record VerifiedMaster(
    string Identifier,
    PublicKeyInfo SigningKey,
    IReadOnlyList<PublicKeyInfo> EscrowKeys,
    IReadOnlyList<PublicKeyInfo> OnlineKeys,
    MasterProfile Profile,
    SignedMasterProfile SignedForm)
{
    /// <summary>The online signature key with this UDF, or null when the master profile does not list it.</summary>
    public PublicKeyInfo? FindOnlineKey(string? udf) =>
        udf is null ? null : OnlineKeys.FirstOrDefault(k => Udf.AreEqual(k.Udf(), udf));
}

/// <summary>A device profile that is self-signed by its signature key, with certified authentication and encryption keys.</summary>
/// <param name="Identifier">the UDF of the device signature key</param>
/// <param name="SignatureKey">the device signature key</param>
/// <param name="AuthenticationKey">the device authentication key</param>
/// <param name="EncryptionKey">the device encryption key</param>
/// <param name="Profile">the verified payload</param>
/// <param name="SignedForm">the signed form as received</param>
public sealed record VerifiedDevice(
    string Identifier,
    PublicKeyInfo SignatureKey,
    PublicKeyInfo AuthenticationKey,
    PublicKeyInfo EncryptionKey,
    DeviceProfile Profile,
    SignedDeviceProfile SignedForm);

/// <summary>A personal profile whose whole chain of trust has been verified from its bytes.</summary>
/// <param name="Identifier">the UDF of the master signing key</param>
/// <param name="Master">the verified master profile</param>
/// <param name="Devices">the verified devices</param>
/// <param name="Applications">the application entries (every device they name is in <paramref name="Devices"/>)</param>
/// <param name="Updated">when the profile was last modified</param>
/// <param name="Signer">the online signature key that signed it</param>
/// <param name="Profile">the verified payload</param>
/// <param name="SignedForm">the signed form as received</param>
public sealed record VerifiedPersonalProfile(
    string Identifier,
    VerifiedMaster Master,
    IReadOnlyList<VerifiedDevice> Devices,
    IReadOnlyList<ApplicationProfileEntry> Applications,
    DateTimeOffset Updated,
    PublicKeyInfo Signer,
    PersonalProfile Profile,
    SignedPersonalProfile SignedForm)
{
    /// <summary>The device with this identifier, or null.</summary>
    public VerifiedDevice? FindDevice(string? identifier) =>
        identifier is null ? null : Devices.FirstOrDefault(d => Udf.AreEqual(d.Identifier, identifier));

    /// <summary>The device whose authentication key has this UDF, or null.</summary>
    public VerifiedDevice? FindDeviceByAuthenticationKey(string? udf) =>
        udf is null ? null : Devices.FirstOrDefault(d => Udf.AreEqual(d.AuthenticationKey.Udf(), udf));

    /// <summary>The application entry with this identifier, or null.</summary>
    public ApplicationProfileEntry? FindApplication(string? identifier) =>
        identifier is null ? null : Applications.FirstOrDefault(a => a.Identifier == identifier);
}
