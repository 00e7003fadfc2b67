using System.CommandLine;
using Mesh.Client;
using Mesh.Schema;

namespace Mesh.Cli;

/// <summary><c>mesh network wifi add|get|list|delete</c>: Wi-Fi networks and their passphrases, shared by your devices.</summary>
internal static class WiFiCommands
{
    public static Command Create(CliConsole console)
    {
        var wifi = new Command("wifi", "Keep Wi-Fi networks and their passphrases in your profile, sealed to your devices like passwords.");
        wifi.Subcommands.Add(CreateAdd(console));
        wifi.Subcommands.Add(CreateGet(console));
        wifi.Subcommands.Add(CreateList(console));
        wifi.Subcommands.Add(CreateDelete(console));
        return wifi;
    }

    private static Argument<string> Ssid() => new("SSID") { Description = "The network's name." };

    private static Command CreateAdd(CliConsole console)
    {
        var ssid = Ssid();
        var passphrase = new Option<string?>("--passphrase") { Description = "The passphrase. Without it it is read from standard input (or asked for on a terminal), unless --security unsecured.", HelpName = "P" };
        var security = new Option<string>("--security") { Description = "The network's security.", DefaultValueFactory = _ => "wpa2-personal" };
        security.AcceptOnlyFromAmong([.. WiFiSettings.SecurityTypes]);
        var hidden = new Option<bool>("--hidden") { Description = "The network does not broadcast its name." };
        var json = HashCommands.JsonOption();
        var command = new Command("add", "Store a Wi-Fi network, replacing one of the same name. The first one adds a network application to your profile, "
            + "which needs an administering device.") { ssid, passphrase, security, hidden, json };
        command.SetAction(ApplicationOutput.Checked(async (parsed, cancel) =>
        {
            var name = parsed.GetValue(ssid)!;
            var open = parsed.GetValue(security) == "unsecured";
            var secret = open ? null : parsed.GetValue(passphrase) ?? PasswordCommands.ReadPassword(console, $"Passphrase of {name}: ");
            if (secret is { Length: 0 }) throw new CliException("The passphrase is empty.", "give it with --passphrase or on standard input, or say --security unsecured.");
            var network = new WiFiNetwork { SSID = name, Security = parsed.GetValue(security), Passphrase = secret, Hidden = parsed.GetValue(hidden) ? true : null };
            // Refused before the device opens; MeshCommand.Run reports the ArgumentException as a plain error.
            WiFiSettings.Validate(network);
            using var device = DeviceOptions.Open(parsed);
            var (replaced, change) = await new WiFiSettings(device).SetAsync([network], cancel).ConfigureAwait(false);
            ApplicationOutput.ReportChange(console, change, "Your network settings");
            if (parsed.GetValue(json))
                console.WriteJson(w =>
                {
                    w.WriteString("ssid", name);
                    w.WriteBoolean("replaced", replaced > 0);
                    ApplicationOutput.WriteChange(w, change);
                });
            else
                console.Out.WriteLine(change is null ? $"The Wi-Fi network {name} is already stored as given." : $"{(replaced > 0 ? "Replaced" : "Stored")} the Wi-Fi network {name}.");
            return 0;
        }));
        return command;
    }

    private static Command CreateGet(CliConsole console)
    {
        var ssid = Ssid();
        var sync = ApplicationOutput.SyncOption();
        var json = HashCommands.JsonOption();
        var command = new Command("get", "Print the passphrase of a Wi-Fi network (from this device's cache).") { ssid, sync, json };
        command.SetAction(ApplicationOutput.Checked(async (parsed, cancel) =>
        {
            var name = parsed.GetValue(ssid)!;
            using var device = DeviceOptions.Open(parsed);
            var read = await new WiFiSettings(device).ReadAsync(parsed.GetValue(sync), cancel).ConfigureAwait(false);
            ApplicationOutput.WarnIfStale(console, read.StaleSince);
            var network = read.Networks.FirstOrDefault(n => n.SSID == name)
                ?? throw new CliException($"No Wi-Fi network '{name}' is stored.", "'mesh network wifi list' shows the networks.");
            if (parsed.GetValue(json)) console.WriteJson(w => Write(w, network, withPassphrase: true));
            else console.Out.WriteLine(network.Passphrase ?? "");
            return 0;
        }));
        return command;
    }

    private static Command CreateList(CliConsole console)
    {
        var sync = ApplicationOutput.SyncOption();
        var json = HashCommands.JsonOption();
        var command = new Command("list", "List the Wi-Fi networks (names and security, not passphrases).") { sync, json };
        command.SetAction(ApplicationOutput.Checked(async (parsed, cancel) =>
        {
            using var device = DeviceOptions.Open(parsed);
            var read = await new WiFiSettings(device).ReadAsync(parsed.GetValue(sync), cancel).ConfigureAwait(false);
            ApplicationOutput.WarnIfStale(console, read.StaleSince);
            if (parsed.GetValue(json))
                console.WriteJson(w =>
                {
                    w.WriteStartArray("networks");
                    foreach (var n in read.Networks)
                    {
                        w.WriteStartObject();
                        Write(w, n, withPassphrase: false);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                });
            else if (read.Networks.Count == 0) console.Out.WriteLine("No Wi-Fi networks stored.");
            else
                foreach (var n in read.Networks) console.Out.WriteLine($"{n.SSID,-32} {n.Security}{(n.Hidden == true ? " (hidden)" : "")}");
            return 0;
        }));
        return command;
    }

    private static Command CreateDelete(CliConsole console)
    {
        var ssid = Ssid();
        var json = HashCommands.JsonOption();
        var command = new Command("delete", "Remove a Wi-Fi network.") { ssid, json };
        command.SetAction(ApplicationOutput.Checked(async (parsed, cancel) =>
        {
            var name = parsed.GetValue(ssid)!;
            using var device = DeviceOptions.Open(parsed);
            var change = await new WiFiSettings(device).DeleteAsync(name, cancel).ConfigureAwait(false);
            ApplicationOutput.ReportChange(console, change, "Your network settings");
            if (parsed.GetValue(json))
                console.WriteJson(w =>
                {
                    w.WriteString("ssid", name);
                    ApplicationOutput.WriteChange(w, change);
                });
            else
                console.Out.WriteLine($"Deleted the Wi-Fi network {name}.");
            return 0;
        }));
        return command;
    }

    private static void Write(System.Text.Json.Utf8JsonWriter w, WiFiNetwork network, bool withPassphrase)
    {
        w.WriteString("ssid", network.SSID);
        w.WriteString("security", network.Security);
        w.WriteBoolean("hidden", network.Hidden == true);
        if (withPassphrase && network.Passphrase is not null) w.WriteString("passphrase", network.Passphrase);
    }
}
