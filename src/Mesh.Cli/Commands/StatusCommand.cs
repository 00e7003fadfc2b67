using System.CommandLine;
using Mesh.Client;
using Mesh.Schema.Json;

namespace Mesh.Cli;

/// <summary><c>mesh status</c>: this device, its account and portal, and the changes waiting to be published. Never contacts the portal.</summary>
internal static class StatusCommand
{
    public static Command Create(CliConsole console)
    {
        var json = HashCommands.JsonOption();
        var command = new Command("status", "Show this device, its account and portal, whether the portal could be reached the last time it was tried, "
            + "and the changes made while it could not, waiting for the next 'mesh sync'. Answers from this device alone.") { json };
        command.SetAction(ApplicationOutput.Checked((parsed, cancel) =>
        {
            using var device = DeviceOptions.Open(parsed);
            device.RequireJoined();
            var pending = device.Journal.Passwords;
            var others = device.Journal.Applications;
            var unreachable = device.Home.PortalUnreachableSince;
            var portal = device.PortalUrl ?? device.Home.ReadState().PortalUrl;
            if (parsed.GetValue(json))
                console.WriteJson(w =>
                {
                    w.WriteString("account", device.Account);
                    w.WriteString("device", device.Device.Identifier);
                    if (portal is not null) w.WriteString("portalUrl", portal);
                    if (unreachable is { } since) w.WriteString("unreachableSince", Rfc3339Converter.Format(since));
                    w.WriteStartArray("pending");
                    foreach (var record in pending)
                    {
                        var op = record.Operation;
                        w.WriteStartObject();
                        w.WriteString("application", "passwords");
                        w.WriteString("kind", char.ToLowerInvariant(op.Kind.ToString()[0]) + op.Kind.ToString()[1..]);
                        w.WriteString("site", op.Sites[0]);
                        if (op.Username is { } user) w.WriteString("username", user);
                        w.WriteString("time", Rfc3339Converter.Format(op.Time));
                        w.WriteEndObject();
                    }
                    foreach (var record in others)
                    {
                        w.WriteStartObject();
                        w.WriteString("application", Kind(record.Type));
                        w.WriteString("kind", "change");
                        if (record.ApplicationId is { } id) w.WriteString("identifier", id);
                        w.WriteString("time", Rfc3339Converter.Format(record.Time));
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                });
            else
            {
                console.Out.WriteLine($"Account: {device.Account}");
                console.Out.WriteLine($"Device:  {device.Device.Identifier}");
                if (portal is not null) console.Out.WriteLine($"Portal:  {portal}");
                if (unreachable is { } since) console.Out.WriteLine($"The portal could not be reached at {Rfc3339Converter.Format(since)} (and has not been since).");
                var count = pending.Count + others.Count;
                console.Out.WriteLine(count == 0 ? "No changes waiting to be published." : $"{count} change(s) waiting to be published at the next 'mesh sync':");
                foreach (var op in pending.Select(r => r.Operation))
                    console.Out.WriteLine($"  {Rfc3339Converter.Format(op.Time)}  password {op.Kind switch
                    {
                        Mesh.Applications.PasswordOperationKind.Set => "set   ",
                        Mesh.Applications.PasswordOperationKind.Remove => "delete",
                        Mesh.Applications.PasswordOperationKind.AddNeverAsk => "never-ask add",
                        _ => "never-ask delete",
                    }}  {(op.Username is { Length: > 0 } u ? $"{u} at " : "")}{op.Sites[0]}");
                foreach (var record in others)
                    console.Out.WriteLine($"  {Rfc3339Converter.Format(record.Time)}  {Kind(record.Type)} settings{(record.ApplicationId is { } id ? $" ({id})" : " (a new application)")}");
            }
            return Task.FromResult(0);
        }));
        return command;
    }

    private static string Kind(string type) => type switch
    {
        "NetworkProfile" => "network",
        "MailProfile" => "mail",
        "SshProfile" => "ssh",
        _ => type,
    };
}
