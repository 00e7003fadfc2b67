using System.CommandLine;

namespace Mesh.Cli;

/// <summary><c>mesh account …</c>: portal accounts.</summary>
internal static class AccountCommands
{
    public static Command Create(CliConsole console)
    {
        var account = new Command("account", "Check and create your account at a portal (NAME@PORTAL).");
        account.Subcommands.Add(CreateValidate(console));
        account.Subcommands.Add(CreateCreate(console));
        return account;
    }

    private static Argument<string> Name() => new("account") { Description = "The account, NAME@PORTAL, e.g. alice@example.com." };

    private static Command CreateValidate(CliConsole console)
    {
        var name = Name();
        var json = HashCommands.JsonOption();
        var command = new Command("validate", "Ask the portal whether an account name is acceptable and free, and if not, why.") { name, json };
        command.SetAction(async (parsed, cancel) =>
        {
            using var device = DeviceOptions.Open(parsed);
            var answer = await device.ValidateAccountAsync(parsed.GetValue(name)!, cancel).ConfigureAwait(false);
            if (parsed.GetValue(json))
                console.WriteJson(w =>
                {
                    w.WriteBoolean("valid", answer.Valid == true);
                    if (answer.Reason is not null) w.WriteString("reason", answer.Reason);
                    if (answer.Minimum is { } min) w.WriteNumber("minimum", min);
                    if (answer.Maximum is { } max) w.WriteNumber("maximum", max);
                    if (answer.InvalidCharacters is not null) w.WriteString("invalidCharacters", answer.InvalidCharacters);
                });
            else
                console.Out.WriteLine(answer.Valid == true ? $"{parsed.GetValue(name)} is available." : $"{parsed.GetValue(name)} is not acceptable: {answer.Reason}");
            return answer.Valid == true ? 0 : 1;
        });
        return command;
    }

    private static Command CreateCreate(CliConsole console)
    {
        var name = Name();
        var json = HashCommands.JsonOption();
        var command = new Command("create", "Create the account at its portal, bound to this device's profile (run 'mesh profile create' first).") { name, json };
        command.SetAction(async (parsed, cancel) =>
        {
            using var device = DeviceOptions.Open(parsed);
            await device.CreateAccountAsync(parsed.GetValue(name)!, cancel).ConfigureAwait(false);
            if (parsed.GetValue(json)) console.WriteJson(w => w.WriteString("account", device.Account));
            else console.Out.WriteLine($"Created {device.Account}.");
            return 0;
        });
        return command;
    }
}
