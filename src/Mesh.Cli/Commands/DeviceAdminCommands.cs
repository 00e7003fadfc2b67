using System.CommandLine;
using System.Text.Json;
using Mesh.Client;
using Mesh.Client.Home;
using Mesh.Schema.Json;

namespace Mesh.Cli;

/// <summary><c>mesh device pending|accept|reject|pin|revoke</c>: the administering device's side.</summary>
internal static class DeviceAdminCommands
{
    private static Argument<string> DeviceId() =>
        new("id") { Description = "The device's identifier, as 'mesh device pending' or 'mesh device list' shows it (a unique prefix of 4 or more symbols will do)." };

    public static Command CreatePending(CliConsole console)
    {
        var json = HashCommands.JsonOption();
        var command = new Command("pending",
            "On an administering device: list the devices waiting to join, each with its witness code. Accept a device only if its code is "
            + "exactly the one the new device printed when it asked: the code is computed from your profile, that device and a nonce from "
            + "each side, so a request or profile someone substituted shows a different code. Requests made with a valid PIN from "
            + "'mesh device pin' are accepted here at once; a wrong, used or expired PIN leaves the request waiting, with a note.") { json };
        command.SetAction((parsed, cancel) => DeviceHints.Run(DeviceHints.Administer, async () =>
        {
            using var device = DeviceOptions.Open(parsed);
            var pending = await device.ListPendingAsync(acceptWithPin: true, cancel).ConfigureAwait(false);
            if (parsed.GetValue(json))
            {
                console.WriteJson(w =>
                {
                    w.WriteString("account", device.Account);
                    w.WriteStartArray("pending");
                    foreach (var p in pending) WritePending(w, p);
                    w.WriteEndArray();
                });
                return 0;
            }
            if (pending.Count == 0) console.Out.WriteLine($"No device is waiting to join {device.Account}.");
            foreach (var p in pending) PrintPending(console, p);
            foreach (var warning in pending.SelectMany(p => p.AcceptedWithPin?.Warnings ?? [])) console.Warning(warning);
            return 0;
        }));
        return command;
    }

    public static Command CreateAccept(CliConsole console)
    {
        var id = DeviceId();
        var json = HashCommands.JsonOption();
        var command = new Command("accept",
            "On an administering device: accept the waiting device ID, after checking 'mesh device pending' shows the same witness code as "
            + "the new device. Adds it to your profile, lets it read and write your applications (passwords, mail, network settings; not "
            + "administration), seals their latest versions again so it can read them, and answers its request. If your profile changed "
            + "at the portal meanwhile, syncs and applies the change to the latest version. Then run 'mesh device complete' on the new device.") { id, json };
        command.SetAction((parsed, cancel) => DeviceHints.Run(DeviceHints.Administer, async () =>
        {
            using var device = DeviceOptions.Open(parsed);
            var change = await device.AcceptAsync(parsed.GetValue(id)!, cancel).ConfigureAwait(false);
            Print(console, change, parsed.GetValue(json), $"Accepted device {change.DeviceId}; run 'mesh device complete' on it.");
            return 0;
        }));
        return command;
    }

    public static Command CreateReject(CliConsole console)
    {
        var id = DeviceId();
        var json = HashCommands.JsonOption();
        var command = new Command("reject",
            "On an administering device: refuse the waiting device ID, for instance when its witness code differs from the one the new "
            + "device printed. Its 'mesh device complete' then reports the refusal.") { id, json };
        command.SetAction((parsed, cancel) => DeviceHints.Run(DeviceHints.Administer, async () =>
        {
            using var device = DeviceOptions.Open(parsed);
            var change = await device.RejectAsync(parsed.GetValue(id)!, cancel).ConfigureAwait(false);
            Print(console, change, parsed.GetValue(json), $"Refused device {change.DeviceId}.");
            return 0;
        }));
        return command;
    }

    public static Command CreatePin(CliConsole console)
    {
        var expires = new Option<int>("--expires")
        {
            Description = "How many minutes the PIN stays valid (1 to 10080, a week).",
            HelpName = "MINUTES",
            DefaultValueFactory = _ => 60,
        };
        expires.Validators.Add(result =>
        {
            if (HashCommands.TryGetInt(result, out var minutes) && (minutes < 1 || TimeSpan.FromMinutes(minutes) > MeshDevice.MaxPinValidity))
                result.AddError($"--expires must be from 1 to {(int)MeshDevice.MaxPinValidity.TotalMinutes} minutes, not {minutes}.");
        });
        var qr = new Option<bool>("--qr") { Description = "Also show a QR code of the join URI (account, PIN and portal) for the new device's camera." };
        var png = new Option<string?>("--png") { Description = "Write that QR code as a PNG image to FILE (owner-only).", HelpName = "FILE" };
        var json = HashCommands.JsonOption();
        var command = new Command("pin",
            "On an administering device: issue a one-time PIN that lets a new device join without a second step here. On the new device run "
            + "'mesh device request NAME@PORTAL --pin PIN'; this device accepts that request at its next 'mesh sync' (or 'mesh device pending'); "
            + "then run 'mesh device complete' on the new device. The PIN works for one device, until it expires. Only a fingerprint of it is "
            + "kept here; give it to the new device by a channel you trust (type it yourself, or show it --qr to the new device's camera: "
            + "'mesh device request' takes the mesh:join?… URI it holds in place of the account).") { expires, qr, png, json };
        command.SetAction(parsed => DeviceHints.Run(DeviceHints.Administer, () =>
        {
            using var device = DeviceOptions.Open(parsed);
            var issued = device.IssuePin(TimeSpan.FromMinutes(parsed.GetValue(expires)));
            var uri = JoinUri.Format(device.Account, issued.Pin, device.PortalUrl ?? device.Home.ReadState().PortalUrl);
            if (parsed.GetValue(png) is { } file) AtomicFile.Write(Path.GetFullPath(file), QrCode.Png(uri), secret: true);
            if (parsed.GetValue(json))
            {
                console.WriteJson(w =>
                {
                    w.WriteString("pin", issued.Pin);
                    w.WriteString("expires", Rfc3339Converter.Format(issued.Expires));
                    w.WriteString("account", device.Account);
                    w.WriteString("uri", uri);
                });
                return 0;
            }
            if (parsed.GetValue(qr)) console.Out.Write(QrCode.Terminal(uri));
            console.Out.WriteLine($"PIN:     {issued.Pin}");
            console.Out.WriteLine($"Expires: {Rfc3339Converter.Format(issued.Expires)}");
            console.Out.WriteLine($"On the new device: mesh device request {device.Account} --pin {issued.Pin}");
            if (parsed.GetValue(qr) || parsed.GetValue(png) is not null) console.Out.WriteLine($"            or: mesh device request '{uri}'");
            console.Out.WriteLine("Then here:         mesh sync              (accepts it)");
            console.Out.WriteLine("Then there:        mesh device complete");
            return 0;
        }));
        return command;
    }

    public static Command CreateRevoke(CliConsole console)
    {
        var id = DeviceId();
        var json = HashCommands.JsonOption();
        var command = new Command("revoke",
            "On an administering device: remove device ID from your profile, for instance when it is lost. The portal then refuses its "
            + "requests and its 'mesh sync' fails; every application it could read is sealed again under a fresh key to the remaining "
            + "devices, so it cannot read what is written from now on. What it already read it keeps: change the passwords it knew.") { id, json };
        command.SetAction((parsed, cancel) => DeviceHints.Run(DeviceHints.Administer, async () =>
        {
            using var device = DeviceOptions.Open(parsed);
            var change = await device.RevokeAsync(parsed.GetValue(id)!, cancel).ConfigureAwait(false);
            Print(console, change, parsed.GetValue(json), $"Revoked device {change.DeviceId}.");
            return 0;
        }));
        return command;
    }

    /// <summary>What an answer or a revocation did; warnings go to stderr.</summary>
    internal static void Print(CliConsole console, DeviceChange change, bool json, string done)
    {
        if (change.Retried)
            console.Warning("your profile had changed at the portal since this device last synced; synced and made the change on the latest version.");
        foreach (var warning in change.Warnings) console.Warning(warning);
        if (json)
        {
            console.WriteJson(w => WriteChange(w, change));
            return;
        }
        console.Out.WriteLine(done);
        if (change.ProfileTransaction is not null)
            console.Out.WriteLine($"Profile published as {change.ProfileTransaction}; {change.Resealed} application(s) sealed again for the new set of devices.");
    }

    private static void WriteChange(Utf8JsonWriter w, DeviceChange change)
    {
        w.WriteString("device", change.DeviceId);
        w.WriteString("result", change.Result);
        if (change.ProfileTransaction is not null) w.WriteString("transaction", change.ProfileTransaction);
        w.WriteNumber("resealed", change.Resealed);
        w.WriteBoolean("retried", change.Retried);
        w.WriteStartArray("warnings");
        foreach (var warning in change.Warnings) w.WriteStringValue(warning);
        w.WriteEndArray();
    }

    private static void WritePending(Utf8JsonWriter w, PendingRequest p)
    {
        w.WriteStartObject();
        w.WriteString("device", p.DeviceId);
        if (p.Description is not null) w.WriteString("description", p.Description);
        if (p.Witness is not null) w.WriteString("witness", p.Witness);
        if (p.TransactionId is not null) w.WriteString("transaction", p.TransactionId);
        w.WriteString("pin", p.Pin.ToString().ToLowerInvariant());
        w.WriteBoolean("accepted", p.AcceptedWithPin is not null);
        if (p.Problem is not null) w.WriteString("problem", p.Problem);
        w.WriteEndObject();
    }

    /// <summary>What a request's PIN proved, and what became of the request, in words.</summary>
    internal static string Describe(PendingRequest p) => p.Pin switch
    {
        PinCheck.Valid when p.AcceptedWithPin is not null => "valid: accepted",
        PinCheck.Valid => p.Problem is null ? "valid" : "valid, but the request was not accepted",
        PinCheck.Unknown => "wrong: not a PIN this device issued; left waiting",
        PinCheck.Expired => "expired; left waiting",
        PinCheck.Used => "already used by another device; left waiting",
        PinCheck.Shared => "another waiting device gave the same PIN, so someone else knows it: not accepted, and the PIN is spent; compare witness codes",
        _ => "none",
    };

    private static void PrintPending(CliConsole console, PendingRequest p)
    {
        console.Out.WriteLine($"Device:  {p.DeviceId}  {p.Description}");
        console.Out.WriteLine($"Witness: {p.Witness ?? "(none: the request carries no nonce to make one; do not accept it unless you are sure)"}");
        if (p.Pin != PinCheck.None) console.Out.WriteLine($"PIN:     {Describe(p)}");
        if (p.Problem is not null) console.Out.WriteLine($"Problem: {p.Problem}");
        var id = DeviceCommands.Short(p.DeviceId);
        console.Out.WriteLine(p.AcceptedWithPin is not null ? "Next:    run 'mesh device complete' on it."
            : p.Problem is null ? $"Answer:  mesh device accept {id}   or   mesh device reject {id}"
            : $"Answer:  mesh device reject {id}");
        console.Out.WriteLine();
    }
}
