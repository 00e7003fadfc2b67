using System.CommandLine;
using Mesh.Client;
using Mesh.Client.Home;
using Mesh.Schema.Json;

namespace Mesh.Cli;

/// <summary><c>mesh log …</c>: check a portal's append-only log, and the witnesses it must satisfy.</summary>
internal static class LogCommands
{
    public static Command CreateLog(CliConsole console)
    {
        var log = new Command("log", "Check a portal's append-only log: its signed checkpoint, and that its whole history adds up.");
        log.Subcommands.Add(CreateStatus(console));
        log.Subcommands.Add(CreateVerify(console));
        log.Subcommands.Add(CreatePolicy(console));
        log.Subcommands.Add(CreateWatch(console));
        return log;
    }

    private static Argument<string?> Portal() => new("portal")
    {
        Description = "The portal's DNS name (or an account NAME@PORTAL); default: this device's account's portal, at the URL saved in the home.",
        Arity = ArgumentArity.ZeroOrOne,
    };

    // The portal named, or this device's account (whose portal URL the home keeps).
    private static string PortalOrAccount(ParseResult parsed, Argument<string?> portal, MeshDevice device) =>
        parsed.GetValue(portal) ?? (device.Home.ReadState().Account is { } account ? Client.Portal.PortalLocator.PortalOf(account)
            : throw new CliException("Name the portal: this device has no account yet.", "give it as 'mesh log status example.com'."));

    private static Command CreateStatus(CliConsole console)
    {
        var portal = Portal();
        var json = HashCommands.JsonOption();
        var command = new Command("status", "Fetch the portal's latest signed checkpoint, verify it is consistent with the last one this device saw, and print it.") { portal, json };
        command.SetAction(async (parsed, cancel) =>
        {
            using var device = DeviceOptions.Open(parsed);
            var checkpoint = await device.LogStatusAsync(PortalOrAccount(parsed, portal, device), cancel).ConfigureAwait(false);
            Print(console, checkpoint, parsed.GetValue(json), verifiedEntries: null);
            return 0;
        });
        return command;
    }

    private static Command CreateVerify(CliConsole console)
    {
        var portal = Portal();
        var json = HashCommands.JsonOption();
        var tiles = new Option<bool>("--tiles")
        {
            Description = "Read the log as C2SP tiles (GET /mmm/tile/…, what monitors read) instead of with Transfer, and also check "
                + "that every hash tile the portal serves holds the hashes recomputed from its entries.",
        };
        var command = new Command("verify", "Download the portal's whole log, recompute its Merkle root and check it against the signed checkpoint. "
            + "Given an account (NAME@PORTAL), also check the chain of trust of every entry of the account: each version of its profile "
            + "follows from the one before under the same master key (yours, if this device is in the account), and each application "
            + "version is signed by a device the profile of that moment allowed to.") { portal, tiles, json };
        command.SetAction(async (parsed, cancel) =>
        {
            using var device = DeviceOptions.Open(parsed);
            var verified = await device.LogVerifyAsync(PortalOrAccount(parsed, portal, device), parsed.GetValue(tiles), cancel).ConfigureAwait(false);
            Print(console, verified.Checkpoint, parsed.GetValue(json), verified.Entries, verified.AccountVersions);
            return 0;
        });
        return command;
    }

    private static Command CreatePolicy(CliConsole console)
    {
        var portal = Portal();
        var witness = new Option<string[]>("--witness")
        {
            HelpName = "VKEY",
            Description = "A witness's cosigner key, as its operator publishes it (NAME+HASH+BASE64; 'mesh-witness vkey' prints it). Repeat for each witness.",
        };
        var quorum = new Option<int?>("--quorum") { HelpName = "N", Description = "How many of the witnesses must have cosigned the portal's log (default: all of them)." };
        var wait = new Option<double>("--wait")
        {
            HelpName = "SECONDS",
            Description = "How long to wait for the witnesses to cosign a checkpoint the portal has just made before refusing it (default 10).",
            DefaultValueFactory = _ => 10,
        };
        var none = new Option<bool>("--none") { Description = "Remove the portal's witness policy: its checkpoints need no cosignature." };
        var json = HashCommands.JsonOption();
        var command = new Command("policy", "Show or set the witnesses whose cosignatures this device requires on a portal's log. Under a policy, "
            + "'mesh sync', 'mesh log status' and 'mesh log verify' accept a checkpoint only once the given number of these witnesses "
            + "(C2SP tlog-witness) have cosigned the portal's log at least that far: a portal that shows this device a log the "
            + "witnesses have not seen (a fork, a rollback) is refused. Without options, shows the policy.") { portal, witness, quorum, wait, none, json };
        command.SetAction((parsed, cancel) =>
        {
            using var device = DeviceOptions.Open(parsed);
            var name = PortalOrAccount(parsed, portal, device);
            var witnesses = parsed.GetValue(witness) ?? [];
            if (parsed.GetValue(none) && witnesses.Length > 0) throw new MeshException(MeshStatus.BadRequest, "Give witnesses or --none, not both.");
            var policy = parsed.GetValue(none) ? device.SetWitnessPolicy(name, [], 0, 0)
                : witnesses.Length > 0 ? device.SetWitnessPolicy(name, witnesses, parsed.GetValue(quorum) ?? witnesses.Distinct().Count(), parsed.GetValue(wait))
                : device.WitnessPolicyOf(name);
            PrintPolicy(console, name, policy, parsed.GetValue(json));
            return Task.FromResult(0);
        });
        return command;
    }

    private static Command CreateWatch(CliConsole console)
    {
        var account = new Argument<string>("account") { Description = "The account to watch, NAME@PORTAL (any account: the log is public)." };
        var follow = new Option<bool>("--follow") { Description = "Keep watching: read the log again every --interval seconds until interrupted." };
        var interval = new Option<double>("--interval") { HelpName = "SECONDS", Description = "How often --follow reads the log (default 10).", DefaultValueFactory = _ => 10 };
        var json = new Option<bool>("--json") { Description = "Print each read as one JSON object (one per line with --follow)." };
        var command = new Command("watch", "Report every change to an account in its portal's log since the last watch of it (its whole history the "
            + "first time): each new version of its profile and the devices it adds or removes, each application version, escrow entry, "
            + "connection request and answer. Every entry is checked against the account's chain of trust and the log against its signed "
            + "checkpoint, so a change cannot be hidden from the watch. Run it from anywhere, e.g. from cron, to know when someone changes your profile.")
            { account, follow, interval, json };
        command.SetAction(async (parsed, cancel) =>
        {
            using var device = DeviceOptions.Open(parsed);
            var name = parsed.GetValue(account)!;
            var seconds = parsed.GetValue(interval);
            if (!(seconds is >= 0.1 and <= 86_400)) throw new MeshException(MeshStatus.BadRequest, $"The interval must be between 0.1 and 86400 seconds, not {seconds}.");
            do
            {
                var report = await device.LogWatchAsync(name, cancel).ConfigureAwait(false);
                PrintWatch(console, name, report, parsed.GetValue(json), parsed.GetValue(follow));
                if (!parsed.GetValue(follow)) return 0;
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(seconds), cancel).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return 0;
                }
            }
            while (true);
        });
        return command;
    }

    private static void PrintWatch(CliConsole console, string account, Client.Trust.WatchReport report, bool json, bool follow)
    {
        var size = report.Checkpoint.TreeSize!.Value;
        if (json)
        {
            using var buffer = new MemoryStream();
            using (var w = new System.Text.Json.Utf8JsonWriter(buffer, new System.Text.Json.JsonWriterOptions { Indented = !follow }))
            {
                w.WriteStartObject();
                w.WriteString("account", account.ToLowerInvariant());
                w.WriteNumber("from", report.From);
                w.WriteNumber("treeSize", size);
                w.WriteStartArray("changes");
                foreach (var c in report.Changes)
                {
                    w.WriteStartObject();
                    w.WriteNumber("index", c.Index);
                    w.WriteString("transaction", c.Transaction);
                    if (c.Published is { } published) w.WriteString("published", Rfc3339Converter.Format(published));
                    w.WriteString("kind", c.Kind);
                    w.WriteString("description", c.Description);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            console.Out.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
            return;
        }
        if (report.Changes.Count == 0)
        {
            if (!follow) console.Out.WriteLine($"No change to {account} in log entries {report.From} to {size - 1} (checkpoint of {size}).");
            return;
        }
        foreach (var c in report.Changes)
        {
            var when = c.Published is { } p ? Rfc3339Converter.Format(p) : "-";
            console.Out.WriteLine($"#{c.Index} {when} {c.Kind}: {c.Description}");
        }
    }

    private static void PrintPolicy(CliConsole console, string portal, WitnessPolicy? policy, bool json)
    {
        if (json)
        {
            console.WriteJson(w =>
            {
                w.WriteString("portal", portal);
                w.WriteNumber("quorum", policy?.Quorum ?? 0);
                w.WriteStartArray("witnesses");
                foreach (var v in policy?.Witnesses ?? []) w.WriteStringValue(v);
                w.WriteEndArray();
                if (policy is not null) w.WriteNumber("waitSeconds", policy.WaitSeconds);
            });
            return;
        }
        if (policy is null)
        {
            console.Out.WriteLine($"No witness policy for {portal}: its checkpoints are accepted without cosignatures.");
            return;
        }
        console.Out.WriteLine($"{portal}: its log must be cosigned by {policy.Quorum} of these {policy.Witnesses.Count} witnesses (waiting up to {policy.WaitSeconds} s):");
        foreach (var v in policy.Witnesses) console.Out.WriteLine($"  {v}");
    }

    private static void Print(CliConsole console, Schema.Checkpoint checkpoint, bool json, long? verifiedEntries, int? accountVersions = null)
    {
        if (json)
        {
            console.WriteJson(w =>
            {
                w.WriteString("portal", checkpoint.Portal);
                w.WriteNumber("treeSize", checkpoint.TreeSize!.Value);
                w.WriteString("rootHash", Convert.ToHexStringLower(checkpoint.RootHash!));
                w.WriteString("time", Rfc3339Converter.Format(checkpoint.Time!.Value));
                if (verifiedEntries is { } n) w.WriteNumber("verifiedEntries", n);
                if (accountVersions is { } v) w.WriteNumber("accountVersions", v);
            });
            return;
        }
        console.Out.WriteLine($"Portal:    {checkpoint.Portal}");
        console.Out.WriteLine($"Tree size: {checkpoint.TreeSize}");
        console.Out.WriteLine($"Root:      {Convert.ToHexStringLower(checkpoint.RootHash!)}");
        console.Out.WriteLine($"Signed:    {Rfc3339Converter.Format(checkpoint.Time!.Value)}");
        if (verifiedEntries is { } count) console.Out.WriteLine($"Verified:  all {count} entries recomputed to this root.");
        if (accountVersions is { } versions) console.Out.WriteLine($"Account:   {versions} versions of its profile and applications follow the chain of trust.");
    }
}
