using System.CommandLine;
using Mesh.Applications;
using Mesh.Client;
using Mesh.Schema;

namespace Mesh.Cli;

/// <summary><c>mesh password otp SITE</c>: the current authenticator (TOTP) code of a login.</summary>
internal static class PasswordOtpCommand
{
    public static Command Create(CliConsole console)
    {
        var site = PasswordCommands.Site("The site: a host name, a pattern such as *.example.com, or a URL.");
        var username = PasswordCommands.UsernameOption();
        var sync = ApplicationOutput.SyncOption();
        var json = HashCommands.JsonOption();
        var clip = PasswordCommands.ClipOption();
        var command = new Command("otp", "Print the current authenticator code (TOTP, RFC 6238) of a login stored with --otp, and how many seconds it stays valid, "
            + "or copy it to the clipboard (--clip). Answers from this device's cache.") { site, username, clip, sync, json };
        command.SetAction(ApplicationOutput.Checked(async (parsed, cancel) =>
        {
            var siteName = PasswordCommands.SiteOf(parsed.GetValue(site)!);
            using var device = DeviceOptions.Open(parsed);
            var entry = await PasswordCommands.ReadSingleAsync(device, console, siteName, parsed.GetValue(username), parsed.GetValue(sync), cancel).ConfigureAwait(false);
            var (code, left) = CurrentCode(entry, siteName, device.Clock.GetUtcNow());
            if (parsed.GetValue(clip))
                PasswordCommands.CopyToClipboard(console, code, $"the code of {entry.Username} at {siteName} (valid for {left} more seconds)");
            else if (parsed.GetValue(json))
                console.WriteJson(w =>
                {
                    w.WriteString("site", siteName);
                    w.WriteString("username", entry.Username);
                    w.WriteString("code", code);
                    w.WriteNumber("secondsLeft", left);
                });
            else
                console.Out.WriteLine($"{code} (valid for {left} more second{(left == 1 ? "" : "s")})");
            return 0;
        }));
        return command;
    }

    /// <summary>The login's code now and the seconds it stays valid; a clear error when it has no authenticator secret.</summary>
    public static (string Code, int SecondsLeft) CurrentCode(PasswordEntry entry, string siteName, DateTimeOffset? now = null)
    {
        if (entry.OtpAuth is null)
            throw new CliException($"The login of {entry.Username} at {siteName} has no authenticator secret.", $"store one with 'mesh password add {siteName} {entry.Username} --otp otpauth://totp/…'.");
        if (!Totp.TryParse(entry.OtpAuth, out var secret, out var error))
            throw new CliException($"The authenticator secret stored for {entry.Username} at {siteName} is not valid: {error}");
        var time = now ?? DateTimeOffset.UtcNow;
        return (Totp.Code(secret!, time), Totp.SecondsLeft(secret!, time));
    }
}
