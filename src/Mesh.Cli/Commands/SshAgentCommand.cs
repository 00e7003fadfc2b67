using System.CommandLine;
using System.Security.Cryptography;
using Mesh.Client;
using Mesh.Client.Ssh;
using Mesh.Ssh;

namespace Mesh.Cli;

/// <summary><c>mesh ssh agent</c>: an OpenSSH agent that signs with the keys of the SSH profile.</summary>
internal static class SshAgentCommand
{
    // sockaddr_un.sun_path holds 108 bytes with the terminating NUL.
    private const int MaxSocketPath = 107;

    public static Command Create(CliConsole console)
    {
        var socket = new Option<string?>("--socket", "-a") { Description = "Listen on this socket (default: in $XDG_RUNTIME_DIR, else in the device's home).", HelpName = "PATH" };
        var confirm = new Option<bool>("--confirm") { Description = "Ask on the terminal (standard input) before each signature; answer y to allow." };
        var interval = new Option<int>("--sync-interval")
        {
            Description = "Sync with the portal every SECONDS, so keys added or removed on other devices are offered or withdrawn (0: never; 'mesh sync' in another shell works too).",
            DefaultValueFactory = _ => 300,
            HelpName = "SECONDS",
        };
        var command = new Command("agent", "Serve your SSH keys to ssh, git and ssh-add as an OpenSSH agent, until stopped (Ctrl-C or SIGTERM). It prints the line "
            + "'SSH_AUTH_SOCK=…; export SSH_AUTH_SOCK;' as 'ssh-agent -s' does: run it in the background and source that line, for example "
            + "'mesh ssh agent > ~/.mesh-agent.env &' then '. ~/.mesh-agent.env'. It lists and signs only; it reads the SSH application alone, "
            + "never your passwords or mail.") { socket, confirm, interval };
        command.SetAction(async (parsed, cancel) =>
        {
            using var device = DeviceOptions.Open(parsed);
            _ = device.Device; // a home without a device fails here, not on the first request
            var path = Path.GetFullPath(parsed.GetValue(socket) ?? DefaultSocket(device.Home.Folder));
            if (System.Text.Encoding.UTF8.GetByteCount(path) > MaxSocketPath)
                throw new CliException($"The socket path {path} is longer than the {MaxSocketPath} bytes a Unix socket allows.", "give a shorter one with --socket PATH.");
            using var keys = new SshAgentKeys(device);
            Func<SshAgentIdentity, bool>? ask = parsed.GetValue(confirm) ? identity => Ask(console, identity) : null;
            var agent = new SshAgent(path, keys.Current, ask);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            // SIGTERM (a session ending, systemd, kill) and SIGINT stop it cleanly: the socket file is removed.
            using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, Stop);
            using var interrupt = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, Stop);
            void Stop(System.Runtime.InteropServices.PosixSignalContext context)
            {
                context.Cancel = true;
                stop.Cancel();
            }
            var sync = parsed.GetValue(interval) is > 0 and var seconds
                ? SyncEveryAsync(console, parsed, TimeSpan.FromSeconds(seconds), stop.Token)
                : Task.CompletedTask;
            await agent.RunAsync(() =>
            {
                console.Out.WriteLine($"SSH_AUTH_SOCK={path}; export SSH_AUTH_SOCK;");
                console.Out.WriteLine($"echo Agent pid {Environment.ProcessId};");
                console.Out.Flush();
            }, stop.Token).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            await sync.ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    /// <summary>In $XDG_RUNTIME_DIR (the user's own, 0700) when there is one, named after the home; else in the home.</summary>
    private static string DefaultSocket(string home)
    {
        var runtime = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        if (string.IsNullOrEmpty(runtime) || !Directory.Exists(runtime)) return Path.Combine(home, "ssh-agent.sock");
        var tag = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Path.GetFullPath(home))))[..12];
        return Path.Combine(runtime, $"mesh-ssh-agent-{tag}.sock");
    }

    private static bool Ask(CliConsole console, SshAgentIdentity identity)
    {
        console.Warning($"allow a signature with {identity.Key.PublicKey.Fingerprint} ({identity.Comment})? [y/N]");
        var answer = console.In.ReadLine();
        return answer?.Trim().ToLowerInvariant() is "y" or "yes";
    }

    // Its own device object: a sync rewrites the home while the agent reads it.
    private static async Task SyncEveryAsync(CliConsole console, ParseResult parsed, TimeSpan interval, CancellationToken cancel)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancel).ConfigureAwait(false))
            {
                try
                {
                    using var device = DeviceOptions.Open(parsed);
                    await device.SyncAsync(cancel).ConfigureAwait(false);
                }
                catch (Exception e) when (e is MeshException || MeshDevice.IsUnreachable(e))
                {
                    console.Warning($"the agent could not sync: {e.Message}; it offers the keys it has.");
                }
            }
        }
        catch (OperationCanceledException) { }
    }
}
