using System.CommandLine;
using Mesh.Applications;
using Mesh.Client;

namespace Mesh.Cli;

/// <summary>
/// <c>mesh git-credential get|store|erase</c>: a git credential helper (git-credential(1), gitcredentials(7))
/// answering from the password vault.
/// </summary>
internal static class GitCredentialCommand
{
    public static Command Create(CliConsole console)
    {
        var action = new Argument<string>("ACTION") { Description = "What git asks: get, store or erase (git gives it; you do not run this yourself)." }
            .AcceptOnlyFromAmong("get", "store", "erase");
        var command = new Command("git-credential",
            "A git credential helper: git asks it for the username and password of an https server and it answers from your passwords. "
            + "Set it up with: git config --global credential.helper '!mesh git-credential' (the '!' makes git run the command as it is; "
            + "without it git would look for a program named git-credential-mesh). "
            + "'get' answers from this device's cache, without contacting the portal. A stored site matches the request's host: "
            + "the port and the path are ignored, and a site stored as *.example.com matches every host below example.com; "
            + "with several logins for the host, the one with the username git names, else the most specific. "
            + "'store' saves what git approved (nothing is published when it is already stored); 'erase' deletes the login git says was rejected.") { action };
        command.SetAction(async (parsed, cancel) =>
        {
            var request = Read(console.In);
            if (!request.TryGetValue("host", out var hostAndPort) || HostOf(hostAndPort) is not { } host) return 0; // nothing git asked that a site can match
            request.TryGetValue("username", out var username);
            request.TryGetValue("password", out var password);
            using var device = DeviceOptions.Open(parsed);
            switch (parsed.GetValue(action))
            {
                case "get":
                    var vault = (await device.ReadPasswordsAsync(false, cancel).ConfigureAwait(false)).Vault;
                    var entry = vault.Find(host).FirstOrDefault(e => username is null || e.Username == username);
                    // git's format has no escaping: a value with a line break would inject attributes.
                    if (entry is not null && $"{entry.Username}{entry.Password}".AsSpan().IndexOfAny('\n', '\0') >= 0)
                        console.Warning($"the login stored for {host} has a line break in its username or password, which git cannot take; it was not given.");
                    else if (entry is not null) console.Out.Write($"username={entry.Username}\npassword={entry.Password}\n");
                    break;
                case "store" when username is not null && !string.IsNullOrEmpty(password) && SitePattern.IsValid(host):
                    var stored = (await device.ReadPasswordsAsync(false, cancel).ConfigureAwait(false)).Vault.Find(host, username);
                    if (stored?.Password != password) await device.AddPasswordsAsync([new Login(host, username, password)], cancel).ConfigureAwait(false);
                    break;
                case "erase" when username is not null && SitePattern.IsValid(host):
                    var rejected = (await device.ReadPasswordsAsync(false, cancel).ConfigureAwait(false)).Vault.Find(host, username);
                    // Only the login git tried: a password changed meanwhile on another device stays.
                    if (rejected is not null && (password is null || rejected.Password == password))
                        await device.DeletePasswordAsync(rejected.Sites!.First(s => SitePattern.Matches(s, host)), username, cancel).ConfigureAwait(false);
                    break;
            }
            return 0;
        });
        return command;
    }

    // git-credential(1) "INPUT/OUTPUT FORMAT": key=value lines up to a blank line or the end.
    private static Dictionary<string, string> Read(TextReader input)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var line = input.ReadLine(); !string.IsNullOrEmpty(line); line = input.ReadLine())
        {
            var at = line.IndexOf('=', StringComparison.Ordinal);
            if (at > 0) values[line[..at]] = line[(at + 1)..];
        }
        return values;
    }

    // "example.com:8443" and "[::1]:8443" name the host without the port.
    private static string? HostOf(string hostAndPort)
    {
        var host = hostAndPort.StartsWith('[') ? hostAndPort[1..Math.Max(1, hostAndPort.IndexOf(']', StringComparison.Ordinal))]
            : hostAndPort.Split(':')[0];
        return host.Length == 0 ? null : host;
    }
}
