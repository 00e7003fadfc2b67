using Mesh.Applications;
using Mesh.Profiles;
using Mesh.Schema;

namespace Mesh.Client.Tests.Applications;

public class CachedReadTests
{
    private static PasswordVault Vault(string site = "www.example.com", string user = "alice", string password = "s3cret")
    {
        var vault = new PasswordVault();
        vault.Set(site, user, password);
        return vault;
    }

    [Fact]
    public async Task Get_reads_the_cache_without_contacting_the_portal()
    {
        using var test = new TestHome();
        test.AddPasswords(Vault());
        var read = await test.Device.ReadPasswordsAsync();
        Assert.Null(read.StaleSince);
        Assert.Equal("s3cret", read.Vault.Find("www.example.com", "alice")!.Password);
        Assert.Null(test.Home.PortalUnreachableSince);
    }

    [Fact]
    public async Task A_refresh_that_cannot_reach_the_portal_serves_the_cache_and_says_since_when()
    {
        using var test = new TestHome();
        test.AddPasswords(Vault());
        var read = await test.Device.ReadPasswordsAsync(refresh: true);
        Assert.NotNull(read.StaleSince);
        Assert.Equal("s3cret", read.Vault.Find("www.example.com", "alice")!.Password);

        // Later cache-only reads still warn, until a sync succeeds.
        var later = await test.Device.ReadPasswordsAsync();
        Assert.Equal(read.StaleSince, later.StaleSince);
    }

    [Fact]
    public async Task A_change_without_the_portal_is_kept_in_the_journal_and_read_back()
    {
        using var test = new TestHome();
        test.AddPasswords(Vault());
        var change = await test.Device.AddPasswordsAsync([new Login("new.example.com", "u", "p")]);
        Assert.True(change.Pending);
        Assert.Null(change.Change);
        var read = await test.Device.ReadPasswordsAsync();
        Assert.Equal("p", read.Vault.Find("new.example.com", "u")!.Password);
        Assert.Equal(1, read.Pending);
        var deleted = await test.Device.DeletePasswordAsync("new.example.com", "u");
        Assert.True(deleted.Pending);
        Assert.Null((await test.Device.ReadPasswordsAsync()).Vault.Find("new.example.com", "u"));
        Assert.Equal(2, test.Device.Journal.Passwords.Count);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(test.Home.Folder, "journal.json")));
        // Nothing is there to publish to: the sync that would publish them fails, and they stay.
        await Assert.ThrowsAnyAsync<Exception>(() => test.Device.SyncAsync());
        Assert.True((await test.Device.PublishPendingAsync())!.Pending);
        Assert.Equal(2, test.Device.Journal.Passwords.Count);
    }

    [Fact]
    public async Task A_version_this_device_cannot_open_is_an_error_not_an_empty_vault()
    {
        using var test = new TestHome();
        // Another device of the profile seals the passwords while it alone may read them; then this device is listed too.
        using var other = DeviceSecrets.Create("other", TestHome.Now);
        var master = test.Device.Master!;
        test.Home.WriteProfile(PersonalProfiles.AddDevice(test.Device.Profile, other.Profile, master.OnlineKeys[0], TestHome.Now));
        var id = test.AddPasswords(Vault(), sealer: other, readers: [other.Identifier]);
        var profile = test.Device.Profile;
        var widened = profile.Applications.Select(a => a.Identifier == id ? a with { DecryptID = [other.Identifier, test.Device.Device.Identifier] } : a);
        test.Home.WriteProfile(PersonalProfiles.WithApplications(profile, widened, master.OnlineKeys[0], TestHome.Now));

        var e = await Assert.ThrowsAsync<MeshException>(() => test.Device.ReadPasswordsAsync());
        Assert.StartsWith(MeshDevice.UnreadablePrefix, e.Message, StringComparison.Ordinal);
        var stored = Assert.Single(test.Device.ReadCachedApplications<PasswordProfile, PasswordProfilePrivate>());
        Assert.NotNull(stored.Unreadable);
        Assert.False(stored.Missing);
        Assert.Equal("7@example.com", stored.TransactionId);
    }

    [Fact]
    public async Task Passwords_this_device_is_not_a_reader_of_are_an_error_not_an_empty_vault()
    {
        using var test = new TestHome();
        using var other = DeviceSecrets.Create("other", TestHome.Now);
        test.Home.WriteProfile(PersonalProfiles.AddDevice(test.Device.Profile, other.Profile, test.Device.Master!.OnlineKeys[0], TestHome.Now));
        test.AddPasswords(Vault(), sealer: other, readers: [other.Identifier]);

        var e = await Assert.ThrowsAsync<MeshException>(() => test.Device.ReadPasswordsAsync());
        Assert.Equal(MeshStatus.ClientUnauthorized, e.Status);
        Assert.Contains("do not list this device among their readers", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_cache_keeps_each_version_with_its_transaction()
    {
        using var test = new TestHome();
        var id = test.AddPasswords(Vault());
        Assert.Equal("7@example.com", test.Home.ReadCachedTransaction(id));
        test.Home.RemoveCached(id);
        Assert.Null(test.Home.ReadCached(id));
        Assert.Null(test.Home.ReadCachedTransaction(id));
    }

    [Fact]
    public void The_unreachable_mark_keeps_its_first_time_until_forgotten()
    {
        using var test = new TestHome();
        Assert.Null(test.Home.PortalUnreachableSince);
        var first = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        test.Home.MarkPortalUnreachable(first);
        test.Home.MarkPortalUnreachable(first.AddHours(1));
        Assert.Equal(first, test.Home.PortalUnreachableSince);
        test.Home.ForgetPortalUnreachable();
        Assert.Null(test.Home.PortalUnreachableSince);
    }
}
