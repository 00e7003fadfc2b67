using System.CommandLine;
using Mesh.Client;
using Mesh.Schema.Json;

namespace Mesh.Cli;

/// <summary>
/// What the application commands (password, mail, network) share: how they read (get answers from
/// this device's cache, list syncs first), the warnings about stale data and merged changes, and
/// turning refused input into <c>mesh: error:</c>.
/// </summary>
internal static class ApplicationOutput
{
    /// <summary>For get: sync with the portal before answering.</summary>
    public static Option<bool> SyncOption() => new("--sync")
    {
        Description = "Sync with the portal first. Without it the answer comes from this device's cache, without contacting the portal.",
    };

    /// <summary>For list and export: answer from the cache.</summary>
    public static Option<bool> OfflineOption() => new("--offline")
    {
        Description = "Answer from this device's cache without contacting the portal (by default it syncs first, and falls back to the cache when the portal cannot be reached).",
    };

    /// <summary>Warns that the data comes from a cache the portal could not refresh.</summary>
    public static void WarnIfStale(CliConsole console, DateTimeOffset? staleSince)
    {
        if (staleSince is { } since)
            console.Warning($"the portal could not be reached (since {Rfc3339Converter.Format(since)}): this is this device's cached copy, which may be out of date.");
    }

    /// <summary>Tells the user when the change had to be applied again over another device's.</summary>
    public static void ReportChange(CliConsole console, ApplicationChange? change, string what)
    {
        if (change?.Reapplied == true)
            console.Warning($"{what} had been changed on another device since this device last synced; it synced and applied your change to that latest version.");
        if (change?.Pending == true) WarnPending(console);
    }

    private static void WarnPending(CliConsole console) =>
        console.Warning("the portal could not be reached: the change is stored on this device and will be published at the next 'mesh sync' "
            + "(or the next change made while the portal answers); 'mesh status' lists what is waiting.");

    /// <summary>
    /// Tells the user what became of a password change: kept on this device when the portal could
    /// not be reached, and how each change made offline before merged with other devices' changes.
    /// </summary>
    public static void ReportChange(CliConsole console, PasswordChange result)
    {
        ReportChange(console, result.Change, "Your passwords");
        foreach (var merged in result.Merged) if (Describe(merged) is { } what) console.Warning(what);
        if (result.Pending) WarnPending(console);
    }

    /// <summary>What a merge did, for the user, when it was more than applying the change; null otherwise.</summary>
    public static string? Describe(Mesh.Applications.MergeResult merged)
    {
        var op = merged.Operation;
        var login = op.Username is null ? op.Sites[0] : $"{(op.Username.Length == 0 ? "the login" : op.Username)} at {op.Sites[0]}";
        return merged.Outcome switch
        {
            Mesh.Applications.MergeOutcome.WonConflict => $"{login} had also been changed on another device; your change, made later, is kept and the other is in 'mesh password history {op.Sites[0]}'.",
            Mesh.Applications.MergeOutcome.LostConflict => $"{login} had been changed later on another device; that change is kept and yours is in 'mesh password history {op.Sites[0]}'.",
            Mesh.Applications.MergeOutcome.EditOverDelete => $"{login} had been deleted on another device; your change brings it back.",
            Mesh.Applications.MergeOutcome.DeleteSkipped => $"{login} had been changed on another device since you deleted it; that change is kept.",
            _ => null,
        };
    }

    /// <summary>Writes what a password change did into a JSON result: as <see cref="WriteChange(System.Text.Json.Utf8JsonWriter, ApplicationChange?)"/>, with pending and merged.</summary>
    public static void WriteChange(System.Text.Json.Utf8JsonWriter w, PasswordChange result)
    {
        WriteChange(w, result.Change);
        w.WriteBoolean("pending", result.Pending);
        WriteMerged(w, result.Merged);
    }

    /// <summary>Writes the merged offline changes as <c>merged: [{kind, site, username, time, device, outcome}]</c>.</summary>
    public static void WriteMerged(System.Text.Json.Utf8JsonWriter w, IReadOnlyList<Mesh.Applications.MergeResult> merged)
    {
        w.WriteStartArray("merged");
        foreach (var m in merged)
        {
            w.WriteStartObject();
            w.WriteString("kind", JsonName(m.Operation.Kind.ToString()));
            w.WriteString("site", m.Operation.Sites[0]);
            if (m.Operation.Username is { } user) w.WriteString("username", user);
            w.WriteString("time", Rfc3339Converter.Format(m.Operation.Time));
            if (m.Operation.Device is { } device) w.WriteString("device", device);
            w.WriteString("outcome", JsonName(m.Outcome.ToString()));
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    // PascalCase to camelCase.
    private static string JsonName(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    /// <summary>Writes what a change published into a JSON result.</summary>
    public static void WriteChange(System.Text.Json.Utf8JsonWriter w, ApplicationChange? change)
    {
        w.WriteBoolean("changed", change is not null);
        if (change is null) return;
        if (change.Pending)
        {
            w.WriteBoolean("pending", true);
            if (change.Identifier.Length > 0) w.WriteString("application", change.Identifier);
            return;
        }
        w.WriteString("application", change.Identifier);
        w.WriteString("transaction", change.TransactionId);
        w.WriteBoolean("created", change.Created);
        w.WriteBoolean("reapplied", change.Reapplied);
    }

    /// <summary>
    /// Runs an action that reads applications: an application this device cannot read is reported
    /// with what to do about it. (Refused input, an <see cref="ArgumentException"/>, is reported by
    /// <see cref="MeshCommand.Run"/> for every command.)
    /// </summary>
    public static Func<ParseResult, CancellationToken, Task<int>> Checked(Func<ParseResult, CancellationToken, Task<int>> action) =>
        async (parsed, cancel) =>
        {
            try
            {
                return await action(parsed, cancel).ConfigureAwait(false);
            }
            catch (MeshException e) when (e.Message.StartsWith(MeshDevice.UnreadablePrefix, StringComparison.Ordinal))
            {
                throw new CliException(e.Message, UnreadableHint);
            }
        };

    /// <summary>Warns about each application this device cannot read, which a list leaves out.</summary>
    public static void WarnUnreadable(CliConsole console, IEnumerable<string> unreadable)
    {
        foreach (var reason in unreadable) console.Warning(reason);
    }

    private const string UnreadableHint =
        "make any change to it on a device that can read it, then run 'mesh sync' here: every version sealed from then on can be read here.";
}
