using System.Text.Json;

namespace Mesh.Cli.Tests.EndToEnd;

/// <summary>
/// Connecting devices with the real <c>mesh</c> and <c>mesh-portal</c> programs, each device in its own
/// home, as a user would in three terminals.
/// </summary>
public sealed class DeviceConnectionTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [Fact]
    public async Task Devices_join_by_witness_code_and_by_PIN_and_a_revoked_device_can_no_longer_sync()
    {
        var (a, b, c) = (portal.NewHome("laptop"), portal.NewHome("phone"), portal.NewHome("tablet"));
        (await portal.MeshAsync(a, "profile", "create", "--description", "laptop", "--account", "alice@example.com")).Ok();

        // The new device asks and shows a witness code; the administering device shows the same one.
        var request = (await portal.MeshAsync(b, "device", "request", "alice@example.com", "--description", "phone", "--json")).Ok().Json;
        var phone = request.GetProperty("device").GetString()!;
        var witness = request.GetProperty("witness").GetString()!;
        Assert.Matches("^[A-Z2-7]{4}(-[A-Z2-7]{4}){4}$", witness);
        (await portal.MeshAsync(b, "device", "complete")).Failed("still waiting");
        var pending = Assert.Single((await portal.MeshAsync(a, "device", "pending", "--json")).Ok().Json.GetProperty("pending").EnumerateArray());
        Assert.Equal(phone, pending.GetProperty("device").GetString());
        Assert.Equal("phone", pending.GetProperty("description").GetString());
        Assert.Equal(witness, pending.GetProperty("witness").GetString());

        var accepted = (await portal.MeshAsync(a, "device", "accept", phone[..9], "--json")).Ok().Json;
        Assert.Equal("Accepted", accepted.GetProperty("result").GetString());
        Assert.Equal("accepted", (await portal.MeshAsync(b, "device", "complete", "--json")).Ok().Json.GetProperty("status").GetString());
        foreach (var (home, self) in new[] { (a, false), (b, true) })
        {
            var devices = Devices((await portal.MeshAsync(home, "device", "list", "--json")).Ok().Json);
            Assert.Equal(2, devices.Count);
            Assert.Equal(self, devices[phone].ThisDevice);
            Assert.False(devices[phone].Administrator);
            Assert.Single(devices.Values, d => d.Administrator && d.Description == "laptop");
        }

        // By PIN: the administering device accepts at its next sync, without a second step.
        var pin = (await portal.MeshAsync(a, "device", "pin", "--expires", "10", "--json")).Ok().Json.GetProperty("pin").GetString()!;
        var tablet = (await portal.MeshAsync(c, "device", "request", "alice@example.com", "--description", "tablet", "--pin", pin, "--json"))
            .Ok().Json.GetProperty("device").GetString()!;
        var synced = (await portal.MeshAsync(a, "sync", "--json")).Ok().Json;
        Assert.Equal([tablet], synced.GetProperty("acceptedWithPin").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(3, synced.GetProperty("devices").GetInt32());
        Assert.Contains("Connected to alice@example.com", (await portal.MeshAsync(c, "device", "complete")).Ok().Stdout, StringComparison.Ordinal);
        Assert.Equal(3, Devices((await portal.MeshAsync(c, "device", "list", "--json")).Ok().Json).Count);

        // Revoked, the phone is told so at its next sync; the others carry on.
        Assert.Equal("Revoked", (await portal.MeshAsync(a, "device", "revoke", phone, "--json")).Ok().Json.GetProperty("result").GetString());
        (await portal.MeshAsync(b, "sync")).Failed("This device has been removed from alice@example.com's profile");
        Assert.Equal(2, (await portal.MeshAsync(c, "sync", "--json")).Ok().Json.GetProperty("devices").GetInt32());
        Assert.False(Devices((await portal.MeshAsync(c, "device", "list", "--json")).Ok().Json).ContainsKey(phone));
    }

    [Fact]
    public async Task Replayed_forged_and_unauthorized_steps_are_refused()
    {
        var (a, b) = (portal.NewHome("laptop"), portal.NewHome("phone"));
        (await portal.MeshAsync(a, "profile", "create", "--account", "bob@example.com")).Ok();
        var phone = (await portal.MeshAsync(b, "device", "request", "bob@example.com", "--json")).Ok().Json.GetProperty("device").GetString()!;
        (await portal.MeshAsync(b, "device", "request", "bob@example.com")).Failed("already asked to join bob@example.com");
        (await portal.MeshAsync(a, "device", "accept", phone)).Ok();
        // Answered once: accepting it again finds no request.
        (await portal.MeshAsync(a, "device", "accept", phone)).Failed("is waiting to join");
        (await portal.MeshAsync(b, "device", "complete")).Ok();

        // A device that does not administer the profile can neither list nor answer requests, nor issue PINs.
        (await portal.MeshAsync(b, "device", "pending")).Failed("does not administer");
        (await portal.MeshAsync(b, "device", "pin")).Failed("does not hold the profile's online signing key");

        // A forged PIN (one the administering device never issued) and a PIN used twice leave requests waiting.
        var pin = (await portal.MeshAsync(a, "device", "pin", "--json")).Ok().Json.GetProperty("pin").GetString()!;
        var (good, forged, replayed) = (portal.NewHome("good"), portal.NewHome("forged"), portal.NewHome("replayed"));
        (await portal.MeshAsync(good, "device", "request", "bob@example.com", "--pin", pin)).Ok();
        (await portal.MeshAsync(forged, "device", "request", "bob@example.com", "--pin", "AAAA-BBBB-CCCC-DDDD-EEEE")).Ok();
        var listed = Pending((await portal.MeshAsync(a, "device", "pending", "--json")).Ok().Json);
        Assert.Equal(("valid", true), listed.Values.Single(p => p.Pin == "valid") is var v ? (v.Pin, v.Accepted) : default);
        Assert.Equal(("unknown", false), listed.Values.Single(p => p.Pin == "unknown") is var u ? (u.Pin, u.Accepted) : default);
        (await portal.MeshAsync(replayed, "device", "request", "bob@example.com", "--pin", pin)).Ok();
        var second = Pending((await portal.MeshAsync(a, "device", "pending", "--json")).Ok().Json);
        Assert.Contains(second.Values, p => p is { Pin: "used", Accepted: false });
        (await portal.MeshAsync(replayed, "device", "complete")).Failed("still waiting");

        // Refused, the forged request's device is told so.
        var forgedId = second.Single(p => p.Value.Pin == "unknown").Key;
        (await portal.MeshAsync(a, "device", "reject", forgedId)).Ok();
        (await portal.MeshAsync(forged, "device", "complete")).Failed("refused this device's request");
        (await portal.MeshAsync(good, "device", "complete")).Ok();
    }

    private static Dictionary<string, (string Description, bool ThisDevice, bool Administrator)> Devices(JsonElement list) =>
        list.GetProperty("devices").EnumerateArray().ToDictionary(
            d => d.GetProperty("id").GetString()!,
            d => (d.GetProperty("description").GetString()!, d.GetProperty("thisDevice").GetBoolean(), d.GetProperty("administrator").GetBoolean()));

    private static Dictionary<string, (string Pin, bool Accepted)> Pending(JsonElement list) =>
        list.GetProperty("pending").EnumerateArray().ToDictionary(
            p => p.GetProperty("device").GetString()!,
            p => (p.GetProperty("pin").GetString()!, p.GetProperty("accepted").GetBoolean()));
}
