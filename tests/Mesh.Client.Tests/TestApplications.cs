using Mesh.Applications;
using Mesh.Profiles;
using Mesh.Schema;

namespace Mesh.Client.Tests;

/// <summary>Puts a password application in a profile, as an application command would.</summary>
internal static class TestApplications
{
    public static async Task<string> AddPasswordsAsync(MeshDevice admin, string password)
    {
        var entry = ApplicationProfiles.NewEntry<PasswordProfile>([admin.Device.Identifier], [admin.Device.Identifier], "Passwords");
        var profile = admin.Profile;
        var signed = PersonalProfiles.WithApplications(profile, [.. profile.Applications, entry], admin.Master!.OnlineKeys[0], DateTimeOffset.UtcNow);
        using var client = await admin.ConnectAsync(admin.Account);
        await client.SendAsync<PublishResponse>(new PublishRequest { Entry = signed, BasedOn = admin.Home.ReadState().ProfileTransaction });
        await admin.SyncAsync();
        var app = ApplicationProfiles.Seal(admin.Profile, entry.Identifier!, new PasswordProfile(), Secret(password), admin.Device, DateTimeOffset.UtcNow);
        await client.SendAsync<PublishResponse>(new PublishRequest { Entry = app }, admin.Signer);
        await admin.SyncAsync();
        return entry.Identifier!;
    }

    public static PasswordProfilePrivate Secret(string password) =>
        new() { Entries = [new PasswordEntry { Sites = ["example.net"], Username = "alice", Password = password }] };

    /// <summary>The password the device reads in its cached copy of the application.</summary>
    public static string? ReadPassword(MeshDevice device, string applicationId, SignedApplicationProfile? version = null) =>
        ApplicationProfiles.Open<PasswordProfile, PasswordProfilePrivate>(device.Profile, version ?? device.Home.ReadCached(applicationId)!, device.Device)
            .Private.Entries![0].Password;
}
