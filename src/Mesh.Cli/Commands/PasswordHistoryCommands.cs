using System.CommandLine;
using Mesh.Client;
using Mesh.Schema;

namespace Mesh.Cli;

/// <summary><c>mesh password history|restore</c>: the previous versions of a login, and bringing one back.</summary>
internal static class PasswordHistoryCommands
{
    public static Command CreateHistory(CliConsole console)
    {
        var site = PasswordCommands.Site("The site: a host name, a pattern such as *.example.com, or a URL.");
        var username = PasswordCommands.UsernameOption();
        var sync = ApplicationOutput.SyncOption();
        var json = HashCommands.JsonOption();
        var command = new Command("history", "Show a login's current and previous versions (at most ten are kept), newest first, with when and on which "
            + "device each was made; 'mesh password restore SITE --version N' brings one back. Answers from this device's cache.") { site, username, sync, json };
        command.SetAction(ApplicationOutput.Checked(async (parsed, cancel) =>
        {
            var siteName = PasswordCommands.SiteOf(parsed.GetValue(site)!);
            using var device = DeviceOptions.Open(parsed);
            var entry = await PasswordCommands.ReadSingleAsync(device, console, siteName, parsed.GetValue(username), parsed.GetValue(sync), cancel).ConfigureAwait(false);
            IReadOnlyList<PasswordVersion> versions = [Mesh.Applications.PasswordHistory.Of(entry), .. entry.History ?? []];
            string DeviceName(string? id) => id is null ? "(unknown device)" : device.Profile.FindDevice(id) is { } d ? d.Profile.Description ?? id : id;
            if (parsed.GetValue(json))
                console.WriteJson(w =>
                {
                    w.WriteString("site", siteName);
                    w.WriteString("username", entry.Username);
                    w.WriteStartArray("versions");
                    for (var i = 0; i < versions.Count; i++)
                    {
                        w.WriteStartObject();
                        w.WriteNumber("version", i);
                        if (versions[i].Modified is { } at) w.WriteString("modified", Mesh.Schema.Json.Rfc3339Converter.Format(at));
                        if (versions[i].Device is { } by) w.WriteString("device", by);
                        w.WriteString("password", versions[i].Password);
                        if (versions[i].Notes is { } notes) w.WriteString("notes", notes);
                        w.WriteBoolean("otp", versions[i].OtpAuth is not null);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                });
            else
                for (var i = 0; i < versions.Count; i++)
                    console.Out.WriteLine($"{(i == 0 ? "current" : i.ToString(System.Globalization.CultureInfo.InvariantCulture)),7}  "
                        + $"{versions[i].Modified?.ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) ?? "(no time)",-20}  "
                        + $"{DeviceName(versions[i].Device),-24}  {versions[i].Password}");
            return 0;
        }));
        return command;
    }

    public static Command CreateRestore(CliConsole console)
    {
        var site = PasswordCommands.Site("The site: a host name, a pattern such as *.example.com, or a URL.");
        var username = PasswordCommands.UsernameOption();
        var version = new Option<int>("--version") { Description = "The previous version to bring back: its number in 'mesh password history' (1 is the newest).", Required = true, HelpName = "N" };
        var json = HashCommands.JsonOption();
        var command = new Command("restore", "Make a previous version of a login (password, notes and authenticator secret) the current one; the current one "
            + "is kept in the history.") { site, username, version, json };
        command.SetAction(ApplicationOutput.Checked(async (parsed, cancel) =>
        {
            var siteName = PasswordCommands.SiteOf(parsed.GetValue(site)!);
            using var device = DeviceOptions.Open(parsed);
            var entry = await PasswordCommands.ReadSingleAsync(device, console, siteName, parsed.GetValue(username), refresh: false, cancel).ConfigureAwait(false);
            var (restored, change) = await device.RestorePasswordAsync((entry.Sites ?? [siteName])[0], entry.Username ?? "", parsed.GetValue(version), cancel).ConfigureAwait(false);
            ApplicationOutput.ReportChange(console, change);
            if (parsed.GetValue(json))
                console.WriteJson(w =>
                {
                    w.WriteString("site", siteName);
                    w.WriteString("username", restored.Username);
                    w.WriteNumber("restored", parsed.GetValue(version));
                    ApplicationOutput.WriteChange(w, change);
                });
            else
                console.Out.WriteLine($"Restored version {parsed.GetValue(version)} of {restored.Username} at {siteName}; the version it replaced is kept as version 1.");
            return 0;
        }));
        return command;
    }
}
