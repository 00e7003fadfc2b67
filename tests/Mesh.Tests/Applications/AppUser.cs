using Mesh.Applications;
using Mesh.Profiles;
using Mesh.Schema;
using Mesh.Tests.Profiles;

namespace Mesh.Tests.Applications;

/// <summary>A test user with three devices and one application, with the given devices allowed to sign and read it.</summary>
internal sealed class AppUser : IDisposable
{
    public static readonly DateTimeOffset Now = TestUser.Now;

    public TestUser User { get; } = new(devices: 3);
    public ApplicationProfileEntry Entry { get; }
    public VerifiedPersonalProfile Personal { get; private set; }

    public AppUser(int[] signers, int[] readers, string friendly = "Passwords")
        : this(signers, readers, (s, r) => ApplicationProfiles.NewEntry<PasswordProfile>(s, r, friendly)) { }

    public AppUser(int[] signers, int[] readers, Func<IEnumerable<string>, IEnumerable<string>, ApplicationProfileEntry> newEntry)
    {
        Entry = newEntry(signers.Select(i => User.Devices[i].Identifier), readers.Select(i => User.Devices[i].Identifier));
        Personal = User.Verify();
        Replace([Entry]);
    }

    public DeviceSecrets Device(int i) => User.Devices[i];

    public string Id => Entry.Identifier!;

    /// <summary>Publishes a new personal profile with these application entries.</summary>
    public void Replace(IEnumerable<ApplicationProfileEntry> applications)
    {
        User.Update(PersonalProfiles.WithApplications(Personal, applications, User.Master.OnlineKeys[0], Now));
        Personal = User.Verify(Personal);
    }

    /// <summary>Publishes a new personal profile without device i.</summary>
    public void RemoveDevice(int i)
    {
        User.Update(PersonalProfiles.RemoveDevice(Personal, Device(i).Identifier, User.Master.OnlineKeys[0], Now));
        Personal = User.Verify(Personal);
    }

    public SignedApplicationProfile Seal(PasswordProfilePrivate contents, int signer = 0, DateTimeOffset? at = null) =>
        ApplicationProfiles.Seal(Personal, Id, new PasswordProfile(), contents, Device(signer), at ?? Now);

    public OpenedApplication<PasswordProfile, PasswordProfilePrivate> Open(SignedApplicationProfile signed, int reader,
        OpenedApplication<PasswordProfile, PasswordProfilePrivate>? previous = null) =>
        ApplicationProfiles.Open<PasswordProfile, PasswordProfilePrivate>(Personal, signed, Device(reader), previous);

    public void Dispose() => User.Dispose();
}
