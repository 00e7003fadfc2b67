using Mesh.Schema;

namespace Mesh.Profiles;

/// <summary>
/// Which devices administer a profile (this implementation's convention, docs/protocol.md): the
/// devices listed in <c>SignID</c> of the personal profile's application entry of type
/// <c>MeshAdministration</c>. They may list and answer connection requests at the portal; the
/// online signature key they hold is what signs the personal profile.
/// </summary>
public static class Administration
{
    /// <summary>The application type of the administration entry.</summary>
    public const string Type = "MeshAdministration";

    /// <summary>The administration entry naming <paramref name="deviceIds"/> as administrators.</summary>
    public static ApplicationProfileEntry Entry(IEnumerable<string> deviceIds) => new()
    {
        Identifier = Type,
        Type = Type,
        Friendly = "Devices that administer this profile",
        SignID = [.. deviceIds],
    };

    /// <summary>Whether the device administers the profile.</summary>
    public static bool IsAdministrator(VerifiedPersonalProfile profile, string deviceId)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return profile.Applications.Any(a => a.Type == Type && (a.SignID ?? []).Any(id => Udf.AreEqual(id, deviceId)));
    }
}
