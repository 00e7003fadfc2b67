namespace Mesh.Cli.Tests.EndToEnd;

/// <summary>mesh escrow: shares made on the administering device recover the profile on a fresh home.</summary>
[Collection(AppsTests.Name)]
public class EscrowEndToEndTests(AppsPortalFixture portal)
{
    [Fact]
    public void Create_then_recover_on_a_fresh_home()
    {
        var lena = portal.NewAccount("esclena");
        lena.Local.Ok("password", "add", "www.example.com", "lena", "--password", "before");

        var escrow = lena.Run("escrow", "create", "--shares", "3", "--quorum", "2");
        Assert.Equal(0, escrow.Exit);
        var shares = escrow.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, shares.Length);
        Assert.All(shares, s => Assert.Equal(UdfType.Share, Udf.Parse(s).Type));
        Assert.Contains("mesh: warning: store each share apart", escrow.Err, StringComparison.Ordinal);
        var entry = escrow.Err.Split("--entry ")[1].Split(' ')[0];

        // Too few shares, or a share of another escrow: refused, and the fresh home stays empty for another try.
        var fresh = AppsProcess.NewHome(portal.Url);
        Assert.Equal(2, fresh.Local.Run("escrow", "recover", shares[0], "--entry", entry).Exit);
        var other = lena.Local.Run("escrow", "create", "--shares", "2", "--quorum", "2").Out.Split('\n');
        var mixed = fresh.Local.Fails("escrow", "recover", shares[0], other[1], "--entry", entry, "--account", "esclena@example.com");
        Assert.Contains("mesh: error:", mixed.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(fresh.Home, "device.key")));

        var recovered = fresh.Run("escrow", "recover", shares[2], shares[0], "--entry", entry, "--account", "esclena@example.com", "--description", "new laptop", "--json");
        Assert.Equal(0, recovered.Exit);
        Assert.Contains("mesh: warning: this device can read your application data", recovered.Err, StringComparison.Ordinal);
        using var json = System.Text.Json.JsonDocument.Parse(recovered.Out);
        Assert.Equal("esclena@example.com", json.RootElement.GetProperty("account").GetString());
        var device = json.RootElement.GetProperty("device").GetString();

        var profile = fresh.Json("profile", "show");
        Assert.True(profile.GetProperty("administrator").GetBoolean());
        Assert.Equal(2, profile.GetProperty("devices").GetArrayLength());
        Assert.Equal(device, profile.GetProperty("device").GetString());
        // Recovering twice into the same home is refused.
        fresh.Local.Fails("escrow", "recover", shares[1], shares[2], "--entry", entry, "--account", "esclena@example.com");

        // The recovered device administers: it can add applications; and once the old device
        // changes the passwords (sealing them to every listed device), it reads them too.
        fresh.Local.Ok("network", "add", "*.lena.example", "--dns", "udp://10.1.1.1");
        lena.Local.Ok("password", "add", "new.example.com", "lena", "--password", "after");
        fresh.Local.Ok("sync");
        Assert.Equal("before\n", fresh.Ok("password", "get", "www.example.com"));
        Assert.Equal("after\n", fresh.Local.Ok("password", "get", "new.example.com"));
    }

    [Fact]
    public void Only_an_administering_device_escrows()
    {
        var device = AppsProcess.NewHome(portal.Url);
        Assert.Equal(1, device.Local.Run("escrow", "create", "--shares", "3", "--quorum", "2").Exit);
        Assert.Equal(2, device.Local.Run("escrow", "create", "--shares", "3", "--quorum", "4").Exit);
    }
}
