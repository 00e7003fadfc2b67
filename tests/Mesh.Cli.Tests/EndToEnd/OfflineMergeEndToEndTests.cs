using System.Text.Json;

namespace Mesh.Cli.Tests.EndToEnd;

/// <summary>
/// Two devices of one account change their passwords while the portal is down, then sync: every
/// change survives, the later of two edits to one login wins with the other in its history, a delete
/// against an edit keeps the edit, and the sync reports say so. Real mesh and mesh-portal processes.
/// </summary>
[Collection(AppsTests.Name)]
public class OfflineMergeEndToEndTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Offline_changes_on_two_devices_merge_whichever_syncs_first(bool laptopFirst)
    {
        await using var portal = await PortalProcess.StartTemporaryAsync();
        var (laptop, phone) = await TwoDevicesAsync(portal, laptopFirst ? "olive" : "oscar");
        portal.Kill();

        // Each command finds the portal down, keeps the change, and says so.
        Offline(laptop, "password", "add", "laptop-only.example.com", "olive", "--password", "from-laptop");
        Offline(laptop, "password", "add", "shared.example.com", "olive", "--password", "laptop-edit");
        Offline(laptop, "password", "delete", "gone.example.com");
        Offline(phone, "password", "add", "phone-only.example.com", "olive", "--password", "from-phone");
        Offline(phone, "password", "add", "shared.example.com", "olive", "--password", "phone-edit");
        Offline(phone, "password", "add", "gone.example.com", "olive", "--password", "phone-kept");
        // Wi-Fi networks and SSH keys, added on both: each device's is kept.
        Offline(laptop, "network", "wifi", "add", "laptop-net", "--passphrase", "l");
        Offline(phone, "network", "wifi", "add", "phone-net", "--passphrase", "p");
        var laptopKey = Offline(laptop, "ssh", "create", "--comment", "laptop-offline").Trim();
        var phoneKey = Offline(phone, "ssh", "create", "--comment", "phone-offline").Trim();
        Assert.Equal(5, laptop.Local.Json("status").GetProperty("pending").GetArrayLength());
        Assert.Contains(laptopKey, laptop.Local.Run("ssh", "public").Out, StringComparison.Ordinal);
        // Reads show the device's own changes (with a warning that the cache may be stale).
        Assert.Equal("laptop-edit\n", laptop.Local.Run("password", "get", "shared.example.com").Out);
        laptop.Local.Fails("password", "get", "gone.example.com");

        await portal.RestartAsync();
        var (first, second) = laptopFirst ? (laptop, phone) : (phone, laptop);
        var firstReport = Journal(first.Run("sync", "--json"));
        var secondReport = Journal(second.Run("sync", "--json"));
        first.Local.Ok("sync");
        Assert.Equal((3, 0), (firstReport.GetProperty("published").GetInt32(), firstReport.GetProperty("pending").GetInt32()));
        Assert.Equal((3, 0), (secondReport.GetProperty("published").GetInt32(), secondReport.GetProperty("pending").GetInt32()));
        var names = new Dictionary<string, string>
        {
            [laptop.Local.Json("status").GetProperty("device").GetString()!] = "laptop",
            [phone.Local.Json("status").GetProperty("device").GetString()!] = "phone",
        };
        var outcomes = Outcomes(firstReport, names).Concat(Outcomes(secondReport, names)).ToDictionary(o => o.Key, o => o.Value);
        // The phone's edit of shared was made later: it wins, whichever device merged it.
        Assert.Equal(laptopFirst ? "wonConflict" : "applied", outcomes["set shared.example.com by phone"]);
        Assert.Equal(laptopFirst ? "applied" : "lostConflict", outcomes["set shared.example.com by laptop"]);
        Assert.Equal(laptopFirst ? "editOverDelete" : "applied", outcomes["set gone.example.com by phone"]);
        Assert.Equal(laptopFirst ? "applied" : "deleteSkipped", outcomes["remove gone.example.com by laptop"]);

        foreach (var device in new[] { laptop, phone })
        {
            Assert.Equal(0, device.Local.Json("status").GetProperty("pending").GetArrayLength());
            Assert.Equal("from-laptop\n", device.Local.Ok("password", "get", "laptop-only.example.com"));
            Assert.Equal("from-phone\n", device.Local.Ok("password", "get", "phone-only.example.com"));
            Assert.Equal("phone-kept\n", device.Local.Ok("password", "get", "gone.example.com"));
            Assert.Equal(["phone-edit", "laptop-edit", "base"], Versions(device, "shared.example.com"));
            Assert.Equal(["base-net", "laptop-net", "phone-net"], device.Local.Json("network", "wifi", "list").GetProperty("networks").EnumerateArray()
                .Select(n => n.GetProperty("ssid").GetString()).Order(StringComparer.Ordinal));
            var keys = device.Local.Ok("ssh", "public");
            Assert.Contains(laptopKey, keys, StringComparison.Ordinal);
            Assert.Contains(phoneKey, keys, StringComparison.Ordinal);
        }
        Assert.Equal(Export(laptop), Export(phone));
    }

    [Fact]
    public async Task A_portal_killed_in_the_middle_of_a_sync_loses_no_offline_change()
    {
        await using var portal = await PortalProcess.StartTemporaryAsync();
        var (laptop, phone) = await TwoDevicesAsync(portal, "kira");
        portal.Kill();
        for (var i = 0; i < 5; i++) Offline(laptop, "password", "add", $"site{i}.example.com", "olive", "--password", $"laptop-{i}");
        Offline(phone, "password", "add", "shared.example.com", "olive", "--password", "phone-edit");
        await portal.RestartAsync();

        // The laptop's sync dies with the portal, wherever it was; then both sync again.
        var sync = Task.Run(() => laptop.Run("sync"));
        await Task.Delay(Random.Shared.Next(50, 400));
        portal.Kill();
        await sync;
        await portal.RestartAsync();
        foreach (var device in new[] { laptop, phone, laptop }) Assert.Equal(0, device.Run("sync").Exit);

        foreach (var device in new[] { laptop, phone })
        {
            Assert.Equal(0, device.Local.Json("status").GetProperty("pending").GetArrayLength());
            for (var i = 0; i < 5; i++) Assert.Equal($"laptop-{i}\n", device.Local.Ok("password", "get", $"site{i}.example.com"));
            Assert.Equal("phone-edit\n", device.Local.Ok("password", "get", "shared.example.com"));
        }
        Assert.Equal(Export(laptop), Export(phone));
    }

    // An account with a laptop (administering) and a phone joined by the witness-code flow, sharing three logins.
    private static Task<(AppsProcess Laptop, AppsProcess Phone)> TwoDevicesAsync(PortalProcess portal, string name)
    {
        var laptop = AppsProcess.NewHome(portal.Url);
        laptop.Local.Ok("profile", "create", "--account", $"{name}@{PortalProcess.Domain}", "--description", "laptop");
        foreach (var site in new[] { "shared", "gone", "kept" }) laptop.Local.Ok("password", "add", $"{site}.example.com", "olive", "--password", "base");
        laptop.Local.Ok("network", "wifi", "add", "base-net", "--passphrase", "b");
        laptop.Local.Ok("ssh", "create", "--comment", "base");
        var phone = AppsProcess.NewHome(portal.Url);
        var id = phone.Local.Json("device", "request", $"{name}@{PortalProcess.Domain}", "--description", "phone").GetProperty("device").GetString()!;
        laptop.Local.Ok("device", "accept", id);
        phone.Local.Ok("device", "complete");
        Assert.Equal("base\n", phone.Local.Ok("password", "get", "shared.example.com", "--sync"));
        return Task.FromResult((laptop, phone));
    }

    private static string Offline(AppsProcess device, params string[] args)
    {
        var run = device.Local.Run(args);
        Assert.True(run.Exit == 0, run.Err);
        Assert.Contains("the change is stored on this device", run.Err, StringComparison.Ordinal);
        return run.Out;
    }

    private static JsonElement Journal(MeshRun run)
    {
        Assert.True(run.Exit == 0, run.Err);
        using var document = JsonDocument.Parse(run.Out);
        return document.RootElement.GetProperty("journal").Clone();
    }

    // "KIND SITE by DEVICE" → outcome, the device named by its description.
    private static IEnumerable<KeyValuePair<string, string>> Outcomes(JsonElement journal, Dictionary<string, string> names) =>
        journal.GetProperty("merged").EnumerateArray().Select(m => KeyValuePair.Create(
            $"{m.GetProperty("kind").GetString()} {m.GetProperty("site").GetString()} by {names[m.GetProperty("device").GetString()!]}", m.GetProperty("outcome").GetString()!));

    private static List<string> Versions(AppsProcess device, string site) =>
        [.. device.Local.Json("password", "history", site).GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("password").GetString()!)];

    // The vault as CXF, but for the export's time.
    private static string Export(AppsProcess device) => string.Join('\n', device.Local.Ok("password", "export", "--format", "cxf", "--force", "--offline")
        .Split('\n').Where(l => !l.Contains("\"timestamp\"", StringComparison.Ordinal)));
}
