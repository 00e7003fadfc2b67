using System.CommandLine;
using Mesh.Profiles;

namespace Mesh.Cli;

/// <summary><c>mesh profile …</c>: make and show this device's profile.</summary>
internal static class ProfileCommands
{
    public static Command Create(CliConsole console)
    {
        var profile = new Command("profile", "Create your Mesh profile, or show the one this device holds.");
        profile.Subcommands.Add(CreateCreate(console));
        profile.Subcommands.Add(CreateShow(console));
        profile.Subcommands.Add(CreateAddName(console));
        profile.Subcommands.Add(CreateFind(console));
        return profile;
    }

    private static Command CreateAddName(CliConsole console)
    {
        var term = new Argument<string>("term") { Description = "What people may find you by, e.g. your mail address." };
        var json = HashCommands.JsonOption();
        var command = new Command("add-name",
            "Let people who know TERM (say your mail address) find your profile at your portal. Only a fingerprint of the term is published; "
            + "the portal cannot list the terms, but someone who guesses one can confirm it.") { term, json };
        command.SetAction(async (parsed, cancel) =>
        {
            using var device = DeviceOptions.Open(parsed);
            var fingerprint = await device.AddNameAsync(parsed.GetValue(term)!, cancel).ConfigureAwait(false);
            if (parsed.GetValue(json)) console.WriteJson(w => w.WriteString("fingerprint", fingerprint));
            else console.Out.WriteLine($"Your profile can now be found by '{parsed.GetValue(term)}' (fingerprint {fingerprint}).");
            return 0;
        });
        return command;
    }

    private static Command CreateFind(CliConsole console)
    {
        var query = new Argument<string>("query") { Description = "TERM@PORTAL: the term someone added with 'mesh profile add-name', then the portal, e.g. alice@example.net@example.com." };
        var json = HashCommands.JsonOption();
        var command = new Command("find", "Find the profile that lists TERM at PORTAL, verify its chain of trust, and show it.") { query, json };
        command.SetAction(async (parsed, cancel) =>
        {
            using var device = DeviceOptions.Open(parsed);
            var found = await device.FindAsync(parsed.GetValue(query)!, cancel).ConfigureAwait(false);
            if (parsed.GetValue(json))
                console.WriteJson(w =>
                {
                    w.WriteString("profile", found.Identifier);
                    w.WriteNumber("devices", found.Devices.Count);
                    w.WriteString("updated", Schema.Json.Rfc3339Converter.Format(found.Updated));
                });
            else console.Out.WriteLine($"Found profile {found.Identifier} ({found.Devices.Count} device(s)), verified.");
            return 0;
        });
        return command;
    }

    private static Command CreateCreate(CliConsole console)
    {
        var account = new Option<string?>("--account") { Description = "Also create this account at its portal (NAME@PORTAL), after checking the name is acceptable.", HelpName = "NAME@PORTAL" };
        var description = new Option<string>("--description") { Description = "What this device is, e.g. 'laptop'.", DefaultValueFactory = _ => Environment.MachineName };
        var json = HashCommands.JsonOption();
        var command = new Command("create",
            "Create a new Mesh profile: a master key (the root of trust, kept in this home), an online key that signs your profile, "
            + "and this device's keys. This device administers the profile: it accepts your other devices.") { account, description, json };
        command.SetAction(async (parsed, cancel) =>
        {
            using var device = DeviceOptions.Open(parsed);
            var created = device.CreateProfile(parsed.GetValue(description)!);
            if (parsed.GetValue(account) is { } name) await device.CreateAccountAsync(name, cancel).ConfigureAwait(false);
            Print(console, device, created, parsed.GetValue(json));
            return 0;
        });
        return command;
    }

    private static Command CreateShow(CliConsole console)
    {
        var json = HashCommands.JsonOption();
        var command = new Command("show", "Show the profile this device last verified: its identifier, account, devices and applications.") { json };
        command.SetAction(parsed =>
        {
            using var device = DeviceOptions.Open(parsed);
            device.RequireJoined();
            Print(console, device, device.Profile, parsed.GetValue(json));
            return 0;
        });
        return command;
    }

    internal static void Print(CliConsole console, Client.MeshDevice device, VerifiedPersonalProfile profile, bool json)
    {
        var state = device.Home.ReadState();
        if (json)
        {
            console.WriteJson(w =>
            {
                w.WriteString("profile", profile.Identifier);
                w.WriteString("account", state.Account);
                w.WriteString("device", device.Device.Identifier);
                w.WriteBoolean("administrator", Administration.IsAdministrator(profile, device.Device.Identifier));
                w.WriteString("updated", Schema.Json.Rfc3339Converter.Format(profile.Updated));
                w.WriteStartArray("devices");
                foreach (var d in profile.Devices)
                {
                    w.WriteStartObject();
                    w.WriteString("id", d.Identifier);
                    w.WriteString("description", d.Profile.Description);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteStartArray("applications");
                foreach (var a in profile.Applications)
                {
                    w.WriteStartObject();
                    w.WriteString("id", a.Identifier);
                    w.WriteString("type", a.Type);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            });
            return;
        }
        console.Out.WriteLine($"Profile:   {profile.Identifier}");
        console.Out.WriteLine($"Account:   {state.Account ?? "(none: create one with 'mesh account create NAME@PORTAL')"}");
        console.Out.WriteLine($"Device:    {device.Device.Identifier}{(Administration.IsAdministrator(profile, device.Device.Identifier) ? " (administrator)" : "")}");
        console.Out.WriteLine($"Updated:   {Schema.Json.Rfc3339Converter.Format(profile.Updated)}");
        console.Out.WriteLine($"Devices:   {profile.Devices.Count}");
        foreach (var d in profile.Devices) console.Out.WriteLine($"  {d.Identifier}  {d.Profile.Description}");
        console.Out.WriteLine($"Applications: {profile.Applications.Count}");
        foreach (var a in profile.Applications) console.Out.WriteLine($"  {a.Identifier}  {a.Type}  {a.Friendly}");
    }
}
