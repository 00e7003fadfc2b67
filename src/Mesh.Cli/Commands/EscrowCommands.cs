using System.CommandLine;
using Mesh.Profiles;
using Mesh.Secrets;

namespace Mesh.Cli;

/// <summary><c>mesh escrow …</c>: escrow the master keys in shares, and recover the profile from them.</summary>
internal static class EscrowCommands
{
    public static Command Create(CliConsole console)
    {
        var escrow = new Command("escrow", "Escrow your master keys so that a quorum of share holders can recover your profile if every administering device is lost.");
        escrow.Subcommands.Add(CreateCreate(console));
        escrow.Subcommands.Add(CreateRecover(console));
        return escrow;
    }

    private static Command CreateCreate(CliConsole console)
    {
        var shares = new Option<int>("--shares") { Description = $"How many shares to make, {Shamir.MinQuorum} to {Shamir.MaxShares}.", HelpName = "N", Required = true };
        var quorum = new Option<int>("--quorum") { Description = $"How many shares recover the keys, {Shamir.MinQuorum} to --shares.", HelpName = "K", Required = true };
        var json = HashCommands.JsonOption();
        var command = new Command("create",
            "Encrypt the master keys under a fresh key, publish them so encrypted at your portal, and split that key into shares, printed one per line. "
            + "Any K shares and the escrow entry's identifier recover the keys: give each share to a different holder. Needs an administering device.")
        {
            shares, quorum, json,
        };
        command.Validators.Add(result =>
        {
            if (HashCommands.TryGetInt(result.GetResult(shares), out var n) && HashCommands.TryGetInt(result.GetResult(quorum), out var k)
                && !(k >= Shamir.MinQuorum && k <= n && n <= Shamir.MaxShares))
                result.AddError($"Need {Shamir.MinQuorum} ≤ --quorum ≤ --shares ≤ {Shamir.MaxShares}; got --shares {n} --quorum {k}.");
        });
        command.SetAction(ApplicationOutput.Checked(async (parsed, cancel) =>
        {
            using var device = DeviceOptions.Open(parsed);
            var (n, k) = (parsed.GetValue(shares), parsed.GetValue(quorum));
            var escrow = await device.CreateOfflineEscrowAsync(n, k, cancel).ConfigureAwait(false);
            var entry = escrow.Entry.Identifier!;
            console.Warning($"store each share apart from the others, each with the escrow entry {entry}: any {k} of the {n} shares recover your master keys "
                + $"('mesh escrow recover SHARE... --entry {entry} --account {device.Account}'), and fewer reveal nothing.");
            if (parsed.GetValue(json))
                console.WriteJson(w =>
                {
                    w.WriteString("entry", entry);
                    w.WriteString("account", device.Account);
                    w.WriteNumber("quorum", k);
                    w.WriteStartArray("shares");
                    foreach (var s in escrow.Shares) w.WriteStringValue(s);
                    w.WriteEndArray();
                });
            else
                foreach (var s in escrow.Shares) console.Out.WriteLine(s);
            return 0;
        }));
        return command;
    }

    private static Command CreateRecover(CliConsole console)
    {
        var shares = new Argument<string[]>("SHARE") { Description = "A quorum of the shares 'mesh escrow create' printed.", Arity = ArgumentArity.OneOrMore };
        var account = new Option<string>("--account") { Description = "The account to recover, NAME@PORTAL.", HelpName = "NAME@PORTAL", Required = true };
        var entry = new Option<string>("--entry") { Description = "The identifier of the escrow entry, as 'mesh escrow create' gave it with the shares.", HelpName = "ID", Required = true };
        var description = new Option<string>("--description") { Description = "What this device is, e.g. 'new laptop'.", DefaultValueFactory = _ => Environment.MachineName };
        var json = HashCommands.JsonOption();
        var command = new Command("recover",
            "On a new device (an empty --home): recover your master keys from a quorum of shares and the escrow entry at your portal, "
            + "and make this device an administrator of your profile. You can then connect your other devices again.")
        {
            shares, account, entry, description, json,
        };
        command.SetAction(ApplicationOutput.Checked(async (parsed, cancel) =>
        {
            using var device = DeviceOptions.Open(parsed);
            var profile = await device.RecoverAsync(parsed.GetValue(account)!, parsed.GetValue(entry)!, parsed.GetValue(shares)!,
                parsed.GetValue(description)!, cancel).ConfigureAwait(false);
            if (profile.Applications.Any(a => a.Type != Administration.Type))
                console.Warning("this device can read your application data (passwords, mail, network) once a device that could read it has changed it; "
                    + "data that no remaining device can read is lost.");
            if (parsed.GetValue(json))
                console.WriteJson(w =>
                {
                    w.WriteString("account", device.Account);
                    w.WriteString("profile", profile.Identifier);
                    w.WriteString("device", device.Device.Identifier);
                });
            else
                console.Out.WriteLine($"Recovered {device.Account}: this device ({device.Device.Identifier}) now administers profile {profile.Identifier}.");
            return 0;
        }));
        return command;
    }
}
