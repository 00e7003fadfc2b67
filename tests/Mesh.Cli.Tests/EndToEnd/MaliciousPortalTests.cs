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
        device.Local.Ok("profile", "create", "--account", $"{name}@{PortalProcess.Domain}", "--description", "laptop");
        return device;
    }

    private static void AssertMisbehaved(MeshRun run, string what)
    {
        Assert.True(run.Exit == 1, $"exit {run.Exit}: {run.Out}{run.Err}");
        Assert.Contains($"mesh: error: The portal {PortalProcess.Domain} misbehaved: ", run.Err, StringComparison.Ordinal);
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

        _liar.Lie = async e => IsGet(e, "Account", $"rollprof@{PortalProcess.Domain}") ? await OlderVersionAsync(profile) : null;
        AssertMisbehaved(alice.Run("sync"), "profile");
        Assert.Contains("NetworkProfile", alice.Local.Ok("profile", "show"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_transaction_id_that_disagrees_with_the_proven_index_is_refused()
    {
        var alice = NewAccount("txalice");
        _liar.Lie = e =>
        {
            if (!IsGet(e, "Account", $"txalice@{PortalProcess.Domain}")) return Task.FromResult<JsonNode?>(null);
            var answer = JsonNode.Parse(e.Answer)!;
            answer["GetResponse"]!["DataItems"]![0]!["TransactionID"] = $"999999@{PortalProcess.Domain}";
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
                ["Status"] = 202, ["StatusDescription"] = "Published.", ["TransactionID"] = $"{status["LogSize"]!.GetValue<long>()}@{PortalProcess.Domain}",
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
        _liar.Lie = async e => IsGet(e, "Account", $"subalice@{PortalProcess.Domain}")
            ? new JsonObject { ["GetResponse"] = await _liar.AskAsync("GetRequest", new JsonObject { ["Account"] = $"subeve@{PortalProcess.Domain}", ["Full"] = true }) }
            : null;
        var phone = AppsProcess.NewHome(_liar.Url);
        AssertMisbehaved(phone.Run("device", "request", $"subalice@{PortalProcess.Domain}", "--description", "phone"), "subeve@example.com's, as subalice@example.com's");
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
        AssertMisbehaved(fresh.Run("escrow", "recover", shares[0], shares[1], "--entry", entry, "--account", $"escsub@{PortalProcess.Domain}"), $"Asked for {entry}");
        Assert.False(File.Exists(Path.Combine(fresh.Home, "device.key")));
    }

    // A second device of the account, connected with the real commands through the front end.
    private AppsProcess Connect(AppsProcess admin, string account, string description)
    {
        var device = AppsProcess.NewHome(_liar.Url);
        var id = device.Local.Json("device", "request", $"{account}@{PortalProcess.Domain}", "--description", description).GetProperty("device").GetString()!;
        admin.Local.Ok("device", "accept", id);
        device.Local.Ok("device", "complete");
        return device;
    }

    private static (string[] Shares, string Entry) Escrow(AppsProcess admin)
    {
        var escrow = admin.Local.Run("escrow", "create", "--shares", "2", "--quorum", "2");
        return (escrow.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries), escrow.Err.Split("--entry ")[1].Split(' ')[0]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Recovery_on_a_rolled_back_profile_is_refused_and_the_removed_device_stays_out(bool relabel)
    {
        var account = relabel ? "recrelabel" : "recwithheld";
        var alice = NewAccount(account);
        alice.Local.Ok("password", "add", "a.example.com", "alice", "--password", "before");
        var phone = Connect(alice, account, "phone");
        var (shares, entry) = Escrow(alice);
        var phoneId = phone.Json("profile", "show").GetProperty("device").GetString()!;
        alice.Local.Ok("device", "revoke", phoneId);
        var profile = ProfileId(alice);

        // The portal answers the recovering device with the version that still lists the phone, proven where it
        // is in the log; relabelled, it also carries the current TransactionID as if it were the latest.
        var current = await _liar.AskAsync("GetRequest", new JsonObject { ["Account"] = $"{account}@{PortalProcess.Domain}" });
        _liar.Lie = async e =>
        {
            if (!IsGet(e, "Account", $"{account}@{PortalProcess.Domain}")) return null;
            var older = await OlderVersionAsync(profile);
            if (relabel) older["GetResponse"]!["DataItems"]![0]!["TransactionID"] = current["DataItems"]![0]!["TransactionID"]!.DeepClone();
            return older;
        };
        var fresh = AppsProcess.NewHome(_liar.Url);
        var refused = fresh.Run("escrow", "recover", shares[0], shares[1], "--entry", entry, "--account", $"{account}@{PortalProcess.Domain}");
        AssertMisbehaved(refused, relabel ? "named transaction" : "withheld");
        Assert.False(Directory.Exists(fresh.Home) && Directory.EnumerateFileSystemEntries(fresh.Home).Any(), "the failed recovery left files in the home");

        // Nothing was published: the removed phone is still out, and an honest recovery works.
        _liar.Lie = null;
        Assert.Contains("has been removed", phone.Local.Run("sync").Err, StringComparison.Ordinal);
        Assert.Equal(0, fresh.Local.Run("escrow", "recover", shares[0], shares[1], "--entry", entry, "--account", $"{account}@{PortalProcess.Domain}").Exit);
        Assert.DoesNotContain(phoneId, fresh.Local.Ok("device", "list"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_withheld_latest_version_is_caught_by_an_audit_of_the_log()
    {
        var alice = NewAccount("withhold");
        alice.Local.Ok("password", "add", "a.example.com", "alice", "--password", "1");
        var tablet = Connect(alice, "withhold", "tablet");
        alice.Local.Ok("password", "add", "a.example.com", "alice", "--password", "2");
        alice.Local.Ok("password", "add", "a.example.com", "alice", "--password", "3");
        var passwords = PasswordsId(alice);

        // Version 2 is newer than anything the tablet saw, so a plain sync cannot tell; the log walk can.
        _liar.Lie = async e => IsGet(e, "Identifier", passwords) ? await OlderVersionAsync(passwords) : null;
        tablet.Local.Ok("sync");
        AssertMisbehaved(tablet.Run("sync", "--audit"), "withheld");
        _liar.Lie = null;
        var audited = tablet.Local.Json("sync", "--audit");
        Assert.True(audited.GetProperty("audit").GetProperty("walked").GetInt64() > 0);
        Assert.Equal("3\n", tablet.Local.Ok("password", "get", "a.example.com"));
        // Every version of the account in the log follows the chain of trust: profile versions and all three password versions.
        Assert.True(tablet.Local.Json("log", "verify", $"withhold@{PortalProcess.Domain}").GetProperty("accountVersions").GetInt32() >= 5);
    }

    [Fact]
    public async Task A_portal_that_binds_the_account_to_a_profile_of_its_own_cannot_take_in_a_device()
    {
        // The user's account, and a PIN from the user's own administering device.
        var alice = NewAccount("subst");
        var pin = alice.Local.Json("device", "pin").GetProperty("pin").GetString()!;

        // A portal for the same domain on which the operator bound the account to a profile of its own.
        await using var evil = await PortalProcess.StartTemporaryAsync();
        var mallory = AppsProcess.NewHome(evil.Url);
        mallory.Local.Ok("profile", "create", "--account", $"subst@{PortalProcess.Domain}", "--description", "operator");

        // Witness flow: the new device prints the profile it was shown, which is not the user's, and the
        // user's own administering device does not list the request at all.
        var phone = AppsProcess.NewHome(evil.Url);
        var asked = phone.Run("device", "request", $"subst@{PortalProcess.Domain}", "--description", "phone");
        Assert.Equal(0, asked.Exit);
        Assert.Contains($"Profile: {ProfileId(mallory)}", asked.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(ProfileId(alice), asked.Out, StringComparison.Ordinal);
        Assert.Contains("'mesh profile show' there must print the same profile", asked.Out, StringComparison.Ordinal);
        Assert.Equal(0, alice.Local.Json("device", "pending").GetProperty("pending").GetArrayLength());

        // PIN flow: the operator's device accepts the request by hand; its answer cannot prove the PIN.
        var tablet = AppsProcess.NewHome(evil.Url);
        var request = tablet.Local.Json("device", "request", $"subst@{PortalProcess.Domain}", "--description", "tablet", "--pin", pin);
        Assert.Equal(0, mallory.Local.Run("device", "accept", request.GetProperty("device").GetString()!).Exit);
        var refused = tablet.Run("device", "complete");
        Assert.Equal(1, refused.Exit);
        Assert.Contains("does not prove the PIN this device was given", refused.Err, StringComparison.Ordinal);
        using var state = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(tablet.Home, "state.json")));
        Assert.False(state.RootElement.TryGetProperty("Account", out _), "the device joined the operator's account");
    }

    [Fact]
    public async Task A_portal_that_shows_two_devices_of_an_account_different_logs_is_caught_by_the_devices()
    {
        // One operator, one checkpoint key, two logs: every write is put in both, so each device sees a
        // log that only grows, but the laptop's log is not the phone's.
        var key = Path.Combine(AppsProcess.Root, $"split-{Guid.NewGuid():N}.p8");
        await using var left = await PortalProcess.StartTemporaryAsync("--checkpoint-key", key);
        await using var right = await PortalProcess.StartTemporaryAsync("--checkpoint-key", key);
        await using var toLeft = await LyingPortal.StartAsync(left.Url);
        await using var toRight = await LyingPortal.StartAsync(right.Url);
        (toLeft.MirrorWritesTo, toRight.MirrorWritesTo) = ([right.Url], [left.Url]);

        var laptop = AppsProcess.NewHome(toLeft.Url);
        laptop.Local.Ok("profile", "create", "--account", $"split@{PortalProcess.Domain}", "--description", "laptop");
        var phone = AppsProcess.NewHome(toRight.Url);
        var id = phone.Local.Json("device", "request", $"split@{PortalProcess.Domain}", "--description", "phone").GetProperty("device").GetString()!;
        laptop.Local.Ok("device", "accept", id);

        // The profile that lists the phone carries the laptop's view of the log; the phone's view is another.
        AssertMisbehaved(phone.Run("device", "complete"), "It shows your devices different logs");
    }

    [Fact]
    public async Task A_forged_version_appended_to_a_consistent_log_is_refused_and_the_good_one_stays()
    {
        await using var operated = await PortalProcess.StartTemporaryAsync();
        var alice = AppsProcess.NewHome(operated.Url);
        alice.Local.Ok("profile", "create", "--account", $"forge@{PortalProcess.Domain}", "--description", "laptop");
        alice.Local.Ok("password", "add", "bank.example.com", "alice", "--password", "good");
        var passwords = PasswordsId(alice);

        // The operator appends, in its own store, a version of the passwords signed by a key of its own,
        // with the tree and checkpoints kept consistent: an append-only log, with a forged entry in it.
        operated.Kill();
        StoreEdits.AppendForgedVersion(Path.Combine(operated.DataDirectory, "portal.db"), $"forge@{PortalProcess.Domain}", passwords);
        await operated.RestartAsync();

        AssertMisbehaved(alice.Run("sync"), "that no device of the profile signed");
        Assert.Equal("good\n", alice.Local.Ok("password", "get", "bank.example.com"));
        AssertMisbehaved(alice.Local.Run("password", "add", "x.example.com", "alice", "--password", "x"), "that no device of the profile signed");
        // The log itself adds up (the operator kept it consistent); the account's chain of trust in it does not.
        Assert.Equal(0, alice.Local.Run("log", "verify", PortalProcess.Domain).Exit);
        AssertMisbehaved(alice.Local.Run("log", "verify", $"forge@{PortalProcess.Domain}"), "was not signed by a device allowed to");
    }

    [Fact]
    public async Task A_fork_under_the_same_checkpoint_key_and_a_new_checkpoint_key_are_refused()
    {
        // The operator keeps the account in three logs: two under its checkpoint key, one under another key.
        var key = Path.Combine(AppsProcess.Root, $"fork-{Guid.NewGuid():N}.p8");
        await using var shown = await PortalProcess.StartTemporaryAsync("--checkpoint-key", key);
        await using var forked = await PortalProcess.StartTemporaryAsync("--checkpoint-key", key);
        await using var rekeyed = await PortalProcess.StartTemporaryAsync();
        await using var front = await LyingPortal.StartAsync(shown.Url);
        front.MirrorWritesTo = [forked.Url, rekeyed.Url];
        var laptop = AppsProcess.NewHome(front.Url);
        laptop.Local.Ok("profile", "create", "--account", $"fork@{PortalProcess.Domain}", "--description", "laptop");
        laptop.Local.Ok("password", "add", "a.example.com", "alice", "--password", "a");

        AssertMisbehaved(new AppsProcess(laptop.Home, forked.Url).Run("sync"), "its log");
        AssertMisbehaved(new AppsProcess(laptop.Home, rekeyed.Url).Run("sync"), "now signs its checkpoints with key");
        Assert.Equal(0, laptop.Local.Run("sync").Exit);
        Assert.Equal("a\n", laptop.Local.Ok("password", "get", "a.example.com"));
    }

    [Fact]
    public void A_replayed_connection_answer_is_refused()
    {
        var alice = NewAccount("replay");
        var phone = AppsProcess.NewHome(_liar.Url);
        var phoneId = phone.Local.Json("device", "request", $"replay@{PortalProcess.Domain}", "--description", "phone").GetProperty("device").GetString()!;
        alice.Local.Ok("device", "accept", phoneId);
        phone.Local.Ok("device", "complete");
        var answered = _liar.Seen.Last(e => e.Type == "ConnectStatusRequest").Answer;

        // Another device asks; the portal answers it with the answer the phone got.
        var tablet = AppsProcess.NewHome(_liar.Url);
        tablet.Local.Json("device", "request", $"replay@{PortalProcess.Domain}", "--description", "tablet");
        _liar.Lie = e => Task.FromResult(e.Type == "ConnectStatusRequest" ? JsonNode.Parse(answered) : null);
        AssertMisbehaved(tablet.Run("device", "complete"), "an answer to another device or another request");
        Assert.Equal(1, tablet.Local.Run("password", "list").Exit);
    }

    [Fact]
    public void An_escrow_the_portal_acknowledges_but_drops_gives_no_shares()
    {
        var alice = NewAccount("escdrop");
        _liar.Withhold = (type, fields) => type == "PublishRequest" && fields["Entry"]?.AsObject().First().Key == "OfflineEscrowEntry";
        _liar.Lie = async e => e.Type != "PublishRequest" || e.Answer.Length > 0 ? null : new JsonObject
        {
            ["PublishResponse"] = new JsonObject
            {
                ["Status"] = 201, ["TransactionID"] = $"{(await _liar.AskAsync("StatusRequest", []))["LogSize"]!.GetValue<long>()}@{PortalProcess.Domain}",
            },
        };
        var run = alice.Run("escrow", "create", "--shares", "3", "--quorum", "2");
        AssertMisbehaved(run, "these shares recover nothing");
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task A_signed_note_stating_another_log_than_the_checkpoint_is_refused()
    {
        // The operator signs, with its own checkpoint key, a note for monitors and witnesses that states another root.
        await using var operated = await PortalProcess.StartTemporaryAsync();
        await using var front = await LyingPortal.StartAsync(operated.Url);
        var alice = AppsProcess.NewHome(front.Url);
        alice.Local.Ok("profile", "create", "--account", $"notes@{PortalProcess.Domain}", "--description", "laptop");
        Assert.Equal(0, alice.Local.Run("log", "status", PortalProcess.Domain).Exit);

        using var key = Cryptography.KeyPair.ImportPkcs8(File.ReadAllBytes(Path.Combine(operated.DataDirectory, "checkpoint-key.p8")));
        front.Lie = e =>
        {
            if (e.Type != "StatusRequest") return Task.FromResult<JsonNode?>(null);
            var answer = JsonNode.Parse(e.Answer)!;
            var size = long.Parse(answer["StatusResponse"]!["CheckpointNote"]!.GetValue<string>().Split('\n')[1], System.Globalization.CultureInfo.InvariantCulture);
            var origin = Transparency.CheckpointNote.Origin(PortalProcess.Domain);
            var other = Transparency.CheckpointNote.Text(origin, new Schema.Checkpoint { TreeSize = size, RootHash = new byte[32] });
            answer["StatusResponse"]!["CheckpointNote"] = Transparency.SignedNote.Sign(other, Transparency.NoteVerifierKey.For(origin, key.PublicKey), key);
            return Task.FromResult<JsonNode?>(answer);
        };
        AssertMisbehaved(alice.Run("log", "status", PortalProcess.Domain), "it shows monitors and witnesses another log than its clients");
    }
}
