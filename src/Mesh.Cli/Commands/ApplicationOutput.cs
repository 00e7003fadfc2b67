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
    }

    /// <summary>Writes what a change published into a JSON result.</summary>
    public static void WriteChange(System.Text.Json.Utf8JsonWriter w, ApplicationChange? change)
    {
        w.WriteBoolean("changed", change is not null);
        if (change is null) return;
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
