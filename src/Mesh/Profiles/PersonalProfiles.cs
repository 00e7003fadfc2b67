using Mesh.Cryptography;
using Mesh.Schema;

namespace Mesh.Profiles;

/// <summary>
/// Makes and changes personal profiles (draft 3.4, 5.4). Each change produces a new profile
/// signed by an online signature key, with an <c>Updated</c> strictly later than the version it
/// replaces, so that verifiers can refuse a rollback.
/// </summary>
public static class PersonalProfiles
{
    /// <summary>A new personal profile for a master profile, its first devices and applications.</summary>
    public static SignedPersonalProfile Create(MasterSecrets master, IEnumerable<SignedDeviceProfile> devices, DateTimeOffset now,
        IEnumerable<ApplicationProfileEntry>? applications = null)
    {
        ArgumentNullException.ThrowIfNull(master);
        ArgumentNullException.ThrowIfNull(devices);
        var profile = new PersonalProfile
        {
            Identifier = master.PersonalIdentifier,
            Updated = now,
            SignedMasterProfile = master.Profile,
            Devices = [.. devices],
            Applications = applications is null ? null : [.. applications],
        };
        return Sign(profile, master.OnlineKeys[0]);
    }

    /// <summary>Signs a personal profile with an online signature key.</summary>
    public static SignedPersonalProfile Sign(PersonalProfile profile, KeyPair onlineKey)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(onlineKey);
        return new SignedPersonalProfile { Identifier = profile.Identifier, SignedData = SignedPayload.Sign(profile, onlineKey) };
    }

    /// <summary>The profile with one more device (replacing a device with the same identifier).</summary>
    public static SignedPersonalProfile AddDevice(VerifiedPersonalProfile current, SignedDeviceProfile device, KeyPair onlineKey, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(device);
        var devices = current.Devices.Where(d => !Udf.AreEqual(d.Identifier, device.Identifier)).Select(d => d.SignedForm).Append(device);
        return Sign(Next(current, now) with { Devices = [.. devices] }, onlineKey);
    }

    /// <summary>The profile without a device, which is also dropped from every application's SignID and DecryptID.</summary>
    public static SignedPersonalProfile RemoveDevice(VerifiedPersonalProfile current, string deviceId, KeyPair onlineKey, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (current.FindDevice(deviceId) is null) throw new ArgumentException($"The profile has no device {deviceId}.", nameof(deviceId));
        var devices = current.Devices.Where(d => !Udf.AreEqual(d.Identifier, deviceId)).Select(d => d.SignedForm);
        var applications = current.Applications.Select(a => a with
        {
            SignID = [.. (a.SignID ?? []).Where(id => !Udf.AreEqual(id, deviceId))],
            DecryptID = [.. (a.DecryptID ?? []).Where(id => !Udf.AreEqual(id, deviceId))],
        });
        return Sign(Next(current, now) with { Devices = [.. devices], Applications = [.. applications] }, onlineKey);
    }

    /// <summary>
    /// The profile with a new master profile of the same master key (after a rotation of the online
    /// signature keys), signed with one of the new online keys.
    /// </summary>
    public static SignedPersonalProfile ReplaceMaster(VerifiedPersonalProfile current, MasterSecrets master, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(master);
        if (!current.Master.SigningKey.Equals(master.SigningKey.PublicKey))
            throw new ArgumentException("The new master profile has another master signing key.", nameof(master));
        return Sign(Next(current, now) with { SignedMasterProfile = master.Profile }, master.OnlineKeys[0]);
    }

    /// <summary>The profile with its application entries replaced.</summary>
    public static SignedPersonalProfile WithApplications(VerifiedPersonalProfile current, IEnumerable<ApplicationProfileEntry> applications,
        KeyPair onlineKey, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(applications);
        return Sign(Next(current, now) with { Applications = [.. applications] }, onlineKey);
    }

    /// <summary>The next version's Updated: now, or a tick after the current one if the clock has not moved on.</summary>
    public static DateTimeOffset NextUpdated(DateTimeOffset current, DateTimeOffset now) => now > current ? now : current.AddTicks(1);

    private static PersonalProfile Next(VerifiedPersonalProfile current, DateTimeOffset now) =>
        current.Profile with { Updated = NextUpdated(current.Updated, now) };
}
