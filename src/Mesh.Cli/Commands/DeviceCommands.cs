using System.CommandLine;
using Mesh.Client;
using Mesh.Profiles;

namespace Mesh.Cli;

/// <summary>
/// <c>mesh device …</c>: connecting a new device to a profile, from the new device's side
/// (request, complete) and the administering device's (pending, accept, reject, pin, revoke;
/// <see cref="DeviceAdminCommands"/>), and listing the devices.
/// </summary>
internal static class DeviceCommands
{
    public static Command Create(CliConsole console)
    {
        var device = new Command("device",
            "Connect your other devices to your profile, and manage them. To connect a new device: run 'mesh device request NAME@PORTAL' on it "
            + "(with an empty --home), compare the witness code it prints with the one 'mesh device pending' shows on your administering device, "
            + "run 'mesh device accept ID' there, then 'mesh device complete' on the new device. With a PIN from 'mesh device pin' the "
            + "administering device accepts the request by itself at its next 'mesh sync'.");
        device.Subcommands.Add(CreateRequest(console));
        device.Subcommands.Add(CreateComplete(console));
        device.Subcommands.Add(DeviceAdminCommands.CreatePending(console));
        device.Subcommands.Add(DeviceAdminCommands.CreateAccept(console));
        device.Subcommands.Add(DeviceAdminCommands.CreateReject(console));
        device.Subcommands.Add(DeviceAdminCommands.CreatePin(console));
        device.Subcommands.Add(CreateList(console));
        device.Subcommands.Add(DeviceAdminCommands.CreateRevoke(console));
        return device;
    }

    private static Command CreateRequest(CliConsole console)
    {
        var account = new Argument<string>("account")
        {
            Description = "The account to join, NAME@PORTAL, e.g. alice@example.com; or the mesh:join?… URI of the QR code 'mesh device pin --qr' shows (it holds the PIN, and the portal).",
        };
        var description = new Option<string>("--description")
        {
            Description = "What this device is, e.g. 'phone'; the administering device shows it beside the request.",
            DefaultValueFactory = _ => Environment.MachineName,
        };
        var pin = new Option<string?>("--pin")
        {
            Description = "A one-time PIN from 'mesh device pin' on an administering device: that device then accepts this request by itself "
                + "at its next 'mesh sync' or 'mesh device pending', and its answer proves it knows the PIN: this device joins no account whose answer "
                + "does not (a substituted account, or a portal, cannot). With a mistyped PIN, ask again from a new --home.",
            HelpName = "PIN",
        };
        var json = HashCommands.JsonOption();
        var command = new Command("request",
            "On a NEW device (an empty home): create this device's keys and ask to join the account's profile. Prints a WITNESS code. "
            + "and the PROFILE fingerprint of the account as the portal serves it. Compare both on a device ALREADY in the account: the profile "
            + "with 'mesh profile show', the code with 'mesh device pending' on an administering device; accept there only if both are identical. "
            + "The code is computed from the profile, this device and a nonce from each side, so a request or profile that someone substituted "
            + "on the way (a portal binding the account to a profile of its own) shows a different code, and your own device will not list it. "
            + "Then run 'mesh device complete' here.") { account, description, pin, json };
        command.SetAction((parsed, cancel) => DeviceHints.Run(DeviceHints.Request, async () =>
        {
            var (name, givenPin, portal) = (parsed.GetValue(account)!, parsed.GetValue(pin), (string?)null);
            if (JoinUri.IsJoinUri(name))
            {
                if (!JoinUri.TryParse(name, out var joinAccount, out var joinPin, out portal, out var error)) throw new CliException(error);
                (name, givenPin) = (joinAccount, givenPin ?? joinPin);
            }
            using var device = DeviceOptions.Open(parsed, portal);
            var started = await device.RequestConnectionAsync(name, parsed.GetValue(description)!, givenPin, cancel).ConfigureAwait(false);
            if (parsed.GetValue(json))
            {
                console.WriteJson(w =>
                {
                    w.WriteString("account", started.Account);
                    w.WriteString("device", started.DeviceId);
                    w.WriteString("witness", started.Witness);
                    w.WriteString("profile", started.ProfileUdf);
                    w.WriteString("transaction", started.TransactionId);
                    w.WriteBoolean("pin", started.WithPin);
                });
                return 0;
            }
            console.Out.WriteLine($"Asked to join {started.Account} as device {started.DeviceId}.");
            console.Out.WriteLine($"Profile: {started.ProfileUdf}");
            console.Out.WriteLine($"Witness: {started.Witness}");
            console.Out.WriteLine("Compare both with a device already in the account: 'mesh profile show' there must print the same profile.");
            console.Out.WriteLine(started.WithPin
                ? "The administering device that issued the PIN accepts this request at its next 'mesh sync'; then run 'mesh device complete' here."
                : "On your administering device run 'mesh device pending': accept this device only if it lists it with the same witness. Then run 'mesh device complete' here.");
            return 0;
        }));
        return command;
    }

    private static Command CreateComplete(CliConsole console)
    {
        var json = HashCommands.JsonOption();
        var command = new Command("complete",
            "On the new device: ask whether the request made with 'mesh device request' has been answered. When it was accepted, check the "
            + "answer is signed for the profile you asked to join, verify the profile now lists this device (continuing the chain of trust "
            + "from the profile seen when asking), join the account and sync. Exits 1 while the request is still waiting, or when it was refused.") { json };
        command.SetAction((parsed, cancel) => DeviceHints.Run(DeviceHints.Complete, async () =>
        {
            using var device = DeviceOptions.Open(parsed);
            var pending = device.Home.ReadState().Pending;
            var status = await device.CompleteConnectionAsync(cancel).ConfigureAwait(false);
            var account = pending?.Account ?? "the account";
            if (parsed.GetValue(json))
                console.WriteJson(w =>
                {
                    w.WriteString("status", status.ToString().ToLowerInvariant());
                    w.WriteString("account", account);
                    w.WriteString("device", device.Device.Identifier);
                    if (pending is not null) w.WriteString("profile", pending.ProfileUdf);
                });
            switch (status)
            {
                case ConnectionStatus.Pending:
                    throw new CliException($"the request to join {account} is still waiting for an administering device.",
                        $"on an administering device run 'mesh device pending', check it shows witness {pending?.Witness}, and run 'mesh device accept {Short(device.Device.Identifier)}'; then run 'mesh device complete' here again.");
                case ConnectionStatus.Refused:
                    throw new CliException($"an administering device of {account} refused this device's request.",
                        $"if that was a mistake, run 'mesh device request {account}' again and compare the new witness code.");
            }
            if (!parsed.GetValue(json))
                console.Out.WriteLine($"Connected to {account} (profile {pending?.ProfileUdf}) as device {device.Device.Identifier}; the profile lists it and this device has synced.");
            return 0;
        }));
        return command;
    }

    private static Command CreateList(CliConsole console)
    {
        var json = HashCommands.JsonOption();
        var command = new Command("list",
            "List the devices of the profile this device last verified (run 'mesh sync' first to see the latest), marking this device "
            + "and the administering devices, which accept new devices and hold the key that signs the profile.") { json };
        command.SetAction(parsed => DeviceHints.Run(DeviceHints.List, () =>
        {
            using var device = DeviceOptions.Open(parsed);
            var profile = device.Profile;
            var self = device.Device.Identifier;
            if (parsed.GetValue(json))
            {
                console.WriteJson(w =>
                {
                    w.WriteString("profile", profile.Identifier);
                    w.WriteStartArray("devices");
                    foreach (var d in profile.Devices)
                    {
                        w.WriteStartObject();
                        w.WriteString("id", d.Identifier);
                        w.WriteString("description", d.Profile.Description);
                        w.WriteBoolean("thisDevice", Udf.AreEqual(d.Identifier, self));
                        w.WriteBoolean("administrator", Administration.IsAdministrator(profile, d.Identifier));
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                });
                return 0;
            }
            console.Out.WriteLine($"Devices of profile {profile.Identifier}:");
            foreach (var d in profile.Devices)
            {
                var marks = new[] { Udf.AreEqual(d.Identifier, self) ? "this device" : null, Administration.IsAdministrator(profile, d.Identifier) ? "administrator" : null }
                    .Where(m => m is not null).ToList();
                console.Out.WriteLine($"  {d.Identifier}  {d.Profile.Description}{(marks.Count > 0 ? $"  ({string.Join(", ", marks)})" : "")}");
            }
            if (profile.FindDevice(self) is null)
                console.Out.WriteLine("This device is not (or not yet) one of them.");
            return 0;
        }));
        return command;
    }

    /// <summary>Enough of an identifier to name a device in a command.</summary>
    internal static string Short(string id) => id.Length > 14 ? id[..14] : id;
}
