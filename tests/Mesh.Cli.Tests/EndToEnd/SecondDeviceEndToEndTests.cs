using Mesh.Applications;
using Mesh.Client;
using Mesh.Client.Home;
using Mesh.Profiles;
using Mesh.Schema;

namespace Mesh.Cli.Tests.EndToEnd;

/// <summary>
/// Two devices of one account. The second is connected in-process through the Mesh.Client API (the
/// connection commands are written elsewhere): the administering device publishes a profile listing
/// it, as a signer and reader of every application, but not as an administrator.
/// </summary>
[Collection(AppsTests.Name)]
public class SecondDeviceEndToEndTests(AppsPortalFixture portal)
{
    [Fact]
    public async Task A_password_stored_on_one_device_is_read_on_the_other()
    {
        var first = portal.NewAccount("twomia");
        first.Local.Ok("password", "add", "www.example.com", "mia", "--password", "first");
        var second = await ConnectSecondDeviceAsync(first);

        // The version before the second device was listed is not sealed to it: a clear error, not an empty vault.
        var unreadable = second.Fails("password", "get", "www.example.com");
        Assert.Contains("cannot read", unreadable.Err, StringComparison.Ordinal);
        Assert.Contains("mesh: hint:", unreadable.Err, StringComparison.Ordinal);
        Assert.Equal(1, second.Local.Run("password", "add", "x.example.com", "mia", "--password", "x").Exit);

        // The first device's next change syncs first, so it is sealed to both.
        first.Ok("password", "add", "mail.example.com", "mia", "--password", "second");
        second.Local.Ok("sync");
        Assert.Equal("first\n", second.Ok("password", "get", "www.example.com"));
        Assert.Equal("second\n", second.Local.Ok("password", "get", "mail.example.com"));

        // And the second device's changes reach the first, which can delete one it has not synced yet.
        second.Ok("password", "add", "shop.example.com", "mia", "--password", "third");
        second.Local.Ok("password", "add", "new.example.com", "mia", "--password", "fourth");
        Assert.Contains("Deleted 1 login(s)", first.Local.Ok("password", "delete", "new.example.com"), StringComparison.Ordinal);
        Assert.Contains("shop.example.com", first.Local.Ok("password", "list"), StringComparison.Ordinal);
        Assert.Equal("third\n", first.Local.Ok("password", "get", "shop.example.com"));

        // Adding an application needs the online key, which only an administering device holds.
        var refused = second.Fails("mail", "add", "mia@example.com", "--inbound", "imaps://mail.example.com", "--outbound", "submissions://mail.example.com");
        Assert.Contains("only an administering device can add one", refused.Err, StringComparison.Ordinal);
        Assert.Contains("mesh: hint: this device may not do that; an administering device of the account can.", refused.Err, StringComparison.Ordinal);
        Assert.Equal(1, second.Local.Run("escrow", "create", "--shares", "2", "--quorum", "2").Exit);
    }

    [Fact]
    public async Task A_change_that_loses_the_race_is_merged_into_the_winner()
    {
        var owner = portal.NewAccount("racenoah");
        owner.Local.Ok("password", "add", "a.example.com", "noah", "--password", "a");
        using var slow = new MeshDevice(new DeviceHome(owner.Home), portal.Url);
        using var fast = new MeshDevice(new DeviceHome(owner.Home), portal.Url);

        // The slow writer makes its change from what it read; before it publishes, the fast one publishes another.
        var plans = 0;
        var change = await slow.ChangeApplicationAsync<PasswordProfile, PasswordProfilePrivate>(applications =>
        {
            if (plans++ == 0) fast.AddPasswordsAsync([new Login("b.example.com", "noah", "b")]).GetAwaiter().GetResult();
            var vault = new PasswordVault(applications[0].Private);
            vault.Set("c.example.com", "noah", "c");
            return new(applications[0].Identifier, new PasswordProfile(), vault.ToPrivate());
        }, MeshDevice.PasswordsFriendly);

        Assert.Equal(2, plans);
        Assert.True(change!.Reapplied);
        foreach (var (site, password) in new[] { ("a.example.com", "a"), ("b.example.com", "b"), ("c.example.com", "c") })
            Assert.Equal(password + "\n", owner.Local.Ok("password", "get", site, "--sync"));
    }

    private async Task<AppsProcess> ConnectSecondDeviceAsync(AppsProcess first)
    {
        using var admin = new MeshDevice(new DeviceHome(first.Home), portal.Url);
        await admin.SyncAsync();
        var now = DateTimeOffset.UtcNow;
        using var device = DeviceSecrets.Create("phone", now);
        var current = admin.Profile;
        var applications = current.Applications.Select(a => a.Type == Administration.Type ? a
            : a with { SignID = [.. a.SignID ?? [], device.Identifier], DecryptID = [.. a.DecryptID ?? [], device.Identifier] });
        var profile = current.Profile with
        {
            Updated = PersonalProfiles.NextUpdated(current.Updated, now),
            Devices = [.. current.Devices.Select(d => d.SignedForm), device.Profile],
            Applications = [.. applications],
        };
        using (var client = await admin.ConnectAsync(admin.Account))
            await client.SendAsync<PublishResponse>(new PublishRequest
            {
                Entry = PersonalProfiles.Sign(profile, admin.Master!.OnlineKeys[0]),
                BasedOn = admin.Home.ReadState().ProfileTransaction,
            }, admin.Signer);

        var second = AppsProcess.NewHome(portal.Url);
        var home = new DeviceHome(second.Home);
        home.WriteDeviceKeys(device.ExportPrivate());
        home.WriteDevice(device.Profile);
        home.WriteState(new HomeState { Account = admin.Account, PortalUrl = portal.Url });
        second.Local.Ok("sync");
        first.Local.Ok("sync");
        return second;
    }
}
