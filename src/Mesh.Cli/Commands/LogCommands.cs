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
        return log;
    }

    private static Argument<string> Portal() => new("portal") { Description = "The portal's DNS name (or an account NAME@PORTAL)." };

    private static Command CreateStatus(CliConsole console)
    {
        var portal = Portal();
        var json = HashCommands.JsonOption();
        var command = new Command("status", "Fetch the portal's latest signed checkpoint, verify it is consistent with the last one this device saw, and print it.") { portal, json };
        command.SetAction(async (parsed, cancel) =>
        {
            using var device = DeviceOptions.Open(parsed);
            var checkpoint = await device.LogStatusAsync(parsed.GetValue(portal)!, cancel).ConfigureAwait(false);
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
            var verified = await device.LogVerifyAsync(parsed.GetValue(portal)!, parsed.GetValue(tiles), cancel).ConfigureAwait(false);
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
            var name = parsed.GetValue(portal)!;
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
