// Draft section 5.5: sealing an application profile again after the devices that may read it changed.
using Mesh.Applications;
using Mesh.Profiles;
using Mesh.Schema;

namespace Mesh.Client;

/// <summary>
/// Opens the latest version of an application profile under the personal profile it was sealed for
/// and seals the same content again under the new one: to the encryption keys of the devices its
/// entry now lists in DecryptID, under a fresh content key (<see cref="ApplicationProfiles.Seal"/>),
/// signed by this device. Which private type to read is known only per application type, hence the
/// table of the types this implementation defines.
/// </summary>
internal static class ApplicationResealer
{
    /// <summary>The resealed profile, or null for an application type this implementation does not know.</summary>
    /// <exception cref="MeshException">the version does not open on this device</exception>
    /// <exception cref="ArgumentException">this device may not sign it, or no device may read it any more</exception>
    public static SignedApplicationProfile? Reseal(string? type, VerifiedPersonalProfile before, VerifiedPersonalProfile after,
        SignedApplicationProfile latest, DeviceSecrets device, DateTimeOffset now) => type switch
        {
            nameof(PasswordProfile) => Reseal<PasswordProfile, PasswordProfilePrivate>(before, after, latest, device, now),
            nameof(MailProfile) => Reseal<MailProfile, MailProfilePrivate>(before, after, latest, device, now),
            nameof(NetworkProfile) => Reseal<NetworkProfile, NetworkProfilePrivate>(before, after, latest, device, now),
            nameof(SshProfile) => Reseal<SshProfile, SshProfilePrivate>(before, after, latest, device, now),
            _ => null,
        };

    private static SignedApplicationProfile Reseal<TProfile, TPrivate>(VerifiedPersonalProfile before, VerifiedPersonalProfile after,
        SignedApplicationProfile latest, DeviceSecrets device, DateTimeOffset now)
        where TProfile : ApplicationProfile
        where TPrivate : class
    {
        // Opened under the version it was sealed for: its signer may be the device just removed.
        var opened = ApplicationProfiles.Open<TProfile, TPrivate>(before, latest, device);
        return ApplicationProfiles.Seal(after, opened.Entry.Identifier!, opened.Profile, opened.Private, device,
            PersonalProfiles.NextUpdated(opened.Updated, now));
    }
}
