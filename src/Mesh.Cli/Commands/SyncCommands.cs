using System.CommandLine;
using Mesh.Client;
using Mesh.Client.Trust;
using Mesh.Schema.Json;
using Mesh.Transparency;

namespace Mesh.Cli;

/// <summary><c>mesh sync</c>: fetch and verify.</summary>
internal static class SyncCommands
{
    public static Command CreateSync(CliConsole console)
    {
        var json = HashCommands.JsonOption();
        var audit = new Option<bool>("--audit")
        {
            Description = "Also read the portal's log from where this device last stopped (the first time, from the oldest version it holds) "
                + "to the latest checkpoint, recompute the checkpoint from it, and prove that the portal withheld no newer version of your "
                + "profile or applications and kept every change it acknowledged. Reads every entry of the portal since then, all accounts'.",
        };
        var command = new Command("sync",
            "Fetch your latest profile and application data from the portal, verify the whole chain of trust and the portal's log proofs, "
            + "refuse anything older than this device saw or wrote before, and update this device's cache. Then publish the changes "
            + "made on this device while the portal could not be reached ('mesh status' lists them), merged with what other devices changed meanwhile: "
            + "passwords login by login (the later of two changes to one login is kept, the other goes into its history; a delete never removes "
            + "a login changed elsewhere), mail, network and SSH settings item by item.") { json, audit };
        command.SetAction(async (parsed, cancel) =>
        {
            using var device = DeviceOptions.Open(parsed);
            AuditReport? report = null;
            SyncResult result;
            if (parsed.GetValue(audit)) (result, report) = await device.SyncAndAuditAsync(cancel).ConfigureAwait(false);
            else result = await device.SyncAsync(cancel).ConfigureAwait(false);
            // Devices that asked with a PIN this device issued join without a second step ('mesh device pin').
            var listed = device.HasLivePins ? await device.ListPendingAsync(acceptWithPin: true, cancel).ConfigureAwait(false) : [];
            var joined = listed.Where(p => p.AcceptedWithPin is not null).ToList();
            // Accepting published a new profile: report that one.
            if (joined.Count > 0) result = await device.SyncAsync(cancel).ConfigureAwait(false);
            var pendingBefore = device.Journal.Passwords.Count;
            var applicationsBefore = device.Journal.Applications.Count;
            // Publishing the passwords' journal publishes the other applications' too; what is left goes now.
            var published = await device.PublishPendingAsync(cancel).ConfigureAwait(false);
            if (published is not { Pending: true }) await new OfflineApplications(device).PublishAsync(cancel).ConfigureAwait(false);
            if (parsed.GetValue(json))
                console.WriteJson(w =>
                {
                    w.WriteString("profile", result.Profile.Identifier);
                    w.WriteString("transaction", result.TransactionId);
                    w.WriteNumber("devices", result.Profile.Devices.Count);
                    w.WriteNumber("applications", result.Applications);
                    w.WriteNumber("treeSize", result.Checkpoint.TreeSize!.Value);
                    if (report is not null)
                    {
                        w.WriteStartObject("audit");
                        w.WriteNumber("treeSize", report.Checkpoint.TreeSize!.Value);
                        w.WriteNumber("walked", report.Walked);
                        w.WriteEndObject();
                    }
                    w.WriteStartArray("acceptedWithPin");
                    foreach (var p in joined) w.WriteStringValue(p.DeviceId);
                    w.WriteEndArray();
                    w.WriteStartObject("journal");
                    w.WriteNumber("published", published is { Pending: false } ? pendingBefore : 0);
                    w.WriteNumber("pending", device.Journal.Passwords.Count + device.Journal.Applications.Count);
                    w.WriteNumber("applicationChanges", applicationsBefore - device.Journal.Applications.Count);
                    if (published?.Change is { } change) w.WriteString("transaction", change.TransactionId);
                    ApplicationOutput.WriteMerged(w, published?.Merged ?? []);
                    w.WriteEndObject();
                });
            else
            {
                console.Out.WriteLine($"Synced {device.Account}: profile {result.TransactionId}, {result.Profile.Devices.Count} device(s), "
                    + $"{result.Applications} application(s); verified in the log of {SignedCheckpoints.Describe(result.Checkpoint)}.");
                if (report is not null)
                    console.Out.WriteLine($"Audited the log to tree size {report.Checkpoint.TreeSize} ({report.Walked} new entries read): nothing of {device.Account} was withheld.");
                if (report is { Newer.Count: > 0 })
                    console.Warning($"{string.Join(", ", report.Newer)} kept changing while this device read the log; run 'mesh sync --audit' again.");
                foreach (var p in joined) console.Out.WriteLine($"Accepted device {p.DeviceId} ({p.Description}) with its PIN; witness {p.Witness}.");
                if (applicationsBefore > 0 && device.Journal.Applications.Count == 0)
                    console.Out.WriteLine($"Published {applicationsBefore} change(s) to mail, network or SSH settings made while the portal could not be reached.");
                if (published is { Pending: false })
                    console.Out.WriteLine($"Published {pendingBefore} password change(s) made while the portal could not be reached"
                        + (published.Change is null ? " (all were there already)." : $", as {published.Change.TransactionId}."));
            }
            if (published is not null) ApplicationOutput.ReportChange(console, published);
            foreach (var warning in joined.SelectMany(p => p.AcceptedWithPin!.Warnings)) console.Warning(warning);
            foreach (var p in listed.Where(p => p.AcceptedWithPin is null && p.Pin != Client.PinCheck.None))
                console.Warning($"device {p.DeviceId} ({p.Description}) asked with a PIN and was not accepted: {DeviceAdminCommands.Describe(p)}; see 'mesh device pending'.");
            return 0;
        });
        return command;
    }
}
