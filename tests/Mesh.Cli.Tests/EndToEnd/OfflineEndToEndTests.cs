namespace Mesh.Cli.Tests.EndToEnd;

/// <summary>When the portal goes away: reads are served from the device's cache with a warning, changes fail clearly.</summary>
[Collection(AppsTests.Name)]
public class OfflineEndToEndTests
{
    [Fact]
    public async Task Reads_work_from_the_cache_and_warn_that_they_may_be_stale()
    {
        await using var portal = await PortalProcess.StartTemporaryAsync();
        var olga = AppsProcess.NewHome(portal.Url);
        olga.Local.Ok("profile", "create", "--account", "olga@example.com");
        olga.Ok("password", "add", "www.example.com", "olga", "--password", "cached");
        olga.Local.Ok("network", "add", "*.olga.example", "--dns", "udp://10.2.2.2");
        portal.Kill();

        // get never contacts the portal: it answers at once, and has no reason to warn yet.
        Assert.Equal("cached\n", olga.Ok("password", "get", "www.example.com"));

        var synced = olga.Run("password", "get", "www.example.com", "--sync");
        Assert.Equal((0, "cached\n"), (synced.Exit, synced.Out));
        Assert.StartsWith("mesh: warning: the portal could not be reached", synced.Err, StringComparison.Ordinal);

        var list = olga.Run("password", "list");
        Assert.Equal(0, list.Exit);
        Assert.Contains("www.example.com", list.Out, StringComparison.Ordinal);
        Assert.Contains("may be out of date", list.Err, StringComparison.Ordinal);

        // Once the portal has been found unreachable, cache-only reads say so too, until a sync succeeds.
        var later = olga.Run("password", "get", "www.example.com");
        Assert.Equal((0, "cached\n"), (later.Exit, later.Out));
        Assert.Contains("mesh: warning:", later.Err, StringComparison.Ordinal);
        Assert.Contains("udp://10.2.2.2:53", olga.Local.Run("network", "get", "a.olga.example").Out, StringComparison.Ordinal);

        // A change is kept on the device, said so, read back at once, and listed by status.
        var add = olga.Run("password", "add", "new.example.com", "olga", "--password", "x");
        Assert.Equal(0, add.Exit);
        Assert.Contains("the change is stored on this device and will be published at the next 'mesh sync'", add.Err, StringComparison.Ordinal);
        Assert.Equal("x\n", olga.Local.Run("password", "get", "new.example.com").Out);
        var status = olga.Local.Json("status");
        Assert.True(status.TryGetProperty("unreachableSince", out _));
        var pending = Assert.Single(status.GetProperty("pending").EnumerateArray());
        Assert.Equal(("set", "new.example.com", "olga"), (pending.GetProperty("kind").GetString(), pending.GetProperty("site").GetString(), pending.GetProperty("username").GetString()));
        // Other applications' changes are kept too, and shown at once.
        Assert.Contains("stored on this device", olga.Local.Run("network", "add", "*.olga.example", "--dns", "udp://10.3.3.3").Err, StringComparison.Ordinal);
        Assert.Contains("udp://10.3.3.3:53", olga.Local.Run("network", "get", "a.olga.example").Out, StringComparison.Ordinal);
        Assert.Equal(2, olga.Local.Json("status").GetProperty("pending").GetArrayLength());

        // Back online, the next change publishes whatever waits in the journal with it.
        await portal.RestartAsync();
        olga.Local.Ok("network", "wifi", "add", "back-online", "--passphrase", "p");
        Assert.Equal(0, olga.Local.Json("status").GetProperty("pending").GetArrayLength());
        Assert.Equal("x\n", olga.Ok("password", "get", "new.example.com", "--sync"));
        Assert.Contains("udp://10.3.3.3:53", olga.Local.Ok("network", "get", "a.olga.example", "--sync"), StringComparison.Ordinal);
        Assert.Empty(new Mesh.Client.OfflineJournal(new Mesh.Client.Home.DeviceHome(olga.Home)).Applications);
    }
}
