using System.Text.Json.Nodes;

namespace Mesh.Cli.Tests.EndToEnd;

/// <summary>
/// The Mesh's central promise, tried as a malicious operator would: a front end (<see cref="LyingPortal"/>)
/// in front of the real portal answers with what the portal itself served or would serve to other
/// requests. Each lie must be refused by the real <c>mesh</c> process with an error that names the portal's
/// misbehaviour, and leave the device's data as it was (docs/security.md lists the attacks and these tests).
/// </summary>
[Collection(AppsTests.Name)]
public sealed class MaliciousPortalTests(AppsPortalFixture portal) : IAsyncLifetime
{
    private LyingPortal _liar = null!;

    public async Task InitializeAsync() => _liar = await LyingPortal.StartAsync(portal.Url);

    public async Task DisposeAsync() => await _liar.DisposeAsync();

    private AppsProcess NewAccount(string name)
    {
        var device = AppsProcess.NewHome(_liar.Url);
        device.Local.Ok("profile", "create", "--account", $"{name}@{PortalServer.Domain}", "--description", "laptop");
        return device;
    }

    private static void AssertMisbehaved(MeshRun run, string what)
    {
        Assert.True(run.Exit == 1, $"exit {run.Exit}: {run.Out}{run.Err}");
        Assert.Contains($"mesh: error: The portal {PortalServer.Domain} misbehaved: ", run.Err, StringComparison.Ordinal);
        Assert.Contains(what, run.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("an administering device", run.Err, StringComparison.Ordinal);
    }

    private static bool IsGet(Exchange e, string key, string value) =>
        e.Type == "GetRequest" && e.Request[key]?.GetValue<string>() is { } v && string.Equals(v, value, StringComparison.OrdinalIgnoreCase);

    // The second-newest version of an entry, with a real inclusion proof to a real checkpoint: what an
    // operator who rolls an item back serves.
    private async Task<JsonNode> OlderVersionAsync(string identifier)
    {
        var all = await _liar.AskAsync("GetRequest", new JsonObject { ["Identifier"] = identifier, ["Multiple"] = true, ["Full"] = true });
        var items = all["DataItems"]!.AsArray();
        Assert.True(items.Count >= 2, "the entry has no older version");
        return new JsonObject
        {
            ["GetResponse"] = new JsonObject
            {
                ["Status"] = 200,
                ["DataItems"] = new JsonArray(items[1]!.DeepClone()),
                ["CheckpointValue"] = all["CheckpointValue"]!.DeepClone(),
            },
        };
    }

    private static string ProfileId(AppsProcess device) => device.Json("profile", "show").GetProperty("profile").GetString()!;

    private static string PasswordsId(AppsProcess device) =>
        device.Json("profile", "show").GetProperty("applications").EnumerateArray()
            .First(a => a.GetProperty("type").GetString() == "PasswordProfile").GetProperty("id").GetString()!;

    [Fact]
    public async Task An_application_rolled_back_to_an_older_version_is_refused_and_the_newer_stays()
    {
        var alice = NewAccount("rollalice");
        alice.Local.Ok("password", "add", "bank.example.com", "alice", "--password", "old");
        alice.Local.Ok("password", "add", "bank.example.com", "alice", "--password", "new");
        alice.Local.Ok("password", "delete", "bank.example.com");
        alice.Local.Ok("password", "add", "mail.example.com", "alice", "--password", "kept");
        var passwords = PasswordsId(alice);

        _liar.Lie = async e => IsGet(e, "Identifier", passwords) ? await OlderVersionAsync(passwords) : null;
        AssertMisbehaved(alice.Run("sync"), "older than transaction");
        // The device that wrote the newer versions keeps them; a write is not based on the old one.
        Assert.Equal(1, alice.Local.Run("password", "get", "bank.example.com").Exit);
        Assert.Equal("kept\n", alice.Local.Ok("password", "get", "mail.example.com"));
        AssertMisbehaved(alice.Local.Run("password", "add", "x.example.com", "alice", "--password", "x"), "older than transaction");
    }

    [Fact]
    public async Task A_personal_profile_rolled_back_is_refused()
    {
        var alice = NewAccount("rollprof");
        alice.Local.Ok("password", "add", "a.example.com", "alice", "--password", "a");
        alice.Local.Ok("network", "add", "*.alice.example", "--dns", "udp://10.1.1.1");
        var profile = ProfileId(alice);

        _liar.Lie = async e => IsGet(e, "Account", $"rollprof@{PortalServer.Domain}") ? await OlderVersionAsync(profile) : null;
        AssertMisbehaved(alice.Run("sync"), "profile");
        Assert.Contains("NetworkProfile", alice.Local.Ok("profile", "show"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_transaction_id_that_disagrees_with_the_proven_index_is_refused()
    {
        var alice = NewAccount("txalice");
        _liar.Lie = e =>
        {
            if (!IsGet(e, "Account", $"txalice@{PortalServer.Domain}")) return Task.FromResult<JsonNode?>(null);
            var answer = JsonNode.Parse(e.Answer)!;
            answer["GetResponse"]!["DataItems"]![0]!["TransactionID"] = $"999999@{PortalServer.Domain}";
            return Task.FromResult<JsonNode?>(answer);
        };
        AssertMisbehaved(alice.Run("sync"), "named transaction 999999@example.com");
    }

    [Fact]
    public void An_acknowledged_write_that_is_dropped_is_reported_and_kept_on_the_device()
    {
        var alice = NewAccount("dropalice");
        alice.Local.Ok("password", "add", "a.example.com", "alice", "--password", "first");
        var passwords = PasswordsId(alice);
        // The write never reaches the log, yet is acknowledged as the next transaction.
        _liar.Withhold = (type, _) => type == "PublishRequest";
        _liar.Lie = async e =>
        {
            if (e.Type != "PublishRequest") return null;
            var status = await _liar.AskAsync("StatusRequest", []);
            return new JsonObject { ["PublishResponse"] = new JsonObject
            {
                ["Status"] = 202, ["StatusDescription"] = "Published.", ["TransactionID"] = $"{status["LogSize"]!.GetValue<long>()}@{PortalServer.Domain}",
            } };
        };
        var run = alice.Run("password", "add", "b.example.com", "alice", "--password", "second");
        AssertMisbehaved(run, "dropped the change");
        (_liar.Lie, _liar.Withhold) = (null, null);
        Assert.Equal("second\n", alice.Local.Ok("password", "get", "b.example.com"));
        AssertMisbehaved(alice.Local.Run("sync"), "dropped the change");
        Assert.NotEqual("", passwords);
    }

    [Fact]
    public void Another_accounts_profile_served_as_the_requested_one_is_refused_at_first_contact()
    {
        NewAccount("subeve");
        NewAccount("subalice");
        _liar.Lie = async e => IsGet(e, "Account", $"subalice@{PortalServer.Domain}")
            ? new JsonObject { ["GetResponse"] = await _liar.AskAsync("GetRequest", new JsonObject { ["Account"] = $"subeve@{PortalServer.Domain}", ["Full"] = true }) }
            : null;
        var phone = AppsProcess.NewHome(_liar.Url);
        AssertMisbehaved(phone.Run("device", "request", $"subalice@{PortalServer.Domain}", "--description", "phone"), "subeve@example.com's, as subalice@example.com's");
        Assert.False(File.Exists(Path.Combine(phone.Home, "state.json")) && File.ReadAllText(Path.Combine(phone.Home, "state.json")).Contains("Pending", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Another_escrow_entry_served_for_the_one_asked_is_blamed_on_the_portal_not_the_shares()
    {
        var alice = NewAccount("escsub");
        var first = alice.Local.Run("escrow", "create", "--shares", "2", "--quorum", "2");
        var shares = first.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var entry = first.Err.Split("--entry ")[1].Split(' ')[0];
        var other = alice.Local.Run("escrow", "create", "--shares", "2", "--quorum", "2").Err.Split("--entry ")[1].Split(' ')[0];

        _liar.Lie = async e => IsGet(e, "Identifier", entry)
            ? new JsonObject { ["GetResponse"] = await _liar.AskAsync("GetRequest", new JsonObject { ["Identifier"] = other, ["Full"] = true }) }
            : null;
        var fresh = AppsProcess.NewHome(_liar.Url);
        AssertMisbehaved(fresh.Run("escrow", "recover", shares[0], shares[1], "--entry", entry, "--account", $"escsub@{PortalServer.Domain}"), $"Asked for {entry}");
        Assert.False(File.Exists(Path.Combine(fresh.Home, "device.key")));
    }
}
