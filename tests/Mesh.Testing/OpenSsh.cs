using System.Diagnostics;

namespace Mesh.Testing;

/// <summary>What a run of an OpenSSH program returned.</summary>
public readonly record struct SshToolResult(int Code, string Stdout, string Stderr);

/// <summary>
/// Debian's OpenSSH (openssh-client, openssh-server; .ci/run installs them): the programs the SSH
/// tests check the Mesh against, run as processes.
/// </summary>
public static class OpenSsh
{
    /// <summary>Why the OpenSSH tests cannot run here, or null when they can (in CI they always must: .ci/run installs OpenSSH).</summary>
    public static string? SkipReason =>
        (File.Exists("/usr/sbin/sshd") && File.Exists("/usr/bin/ssh") && File.Exists("/usr/bin/ssh-keygen")) || Environment.GetEnvironmentVariable("CI") == "true"
            ? null
            : "OpenSSH is not installed; .ci/run installs it (apt-get install openssh-client openssh-server).";

    /// <summary>Runs an OpenSSH program (ssh, ssh-add, ssh-keygen) with the arguments, extra environment and standard input; 60 s at most.</summary>
    public static SshToolResult Run(string program, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, string stdin = "")
    {
        var info = new ProcessStartInfo(program.StartsWith('/') ? program : "/usr/bin/" + program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment.Remove("SSH_AUTH_SOCK");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish within 60 s.");
        }
        return new SshToolResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}

/// <summary>
/// OpenSSH's own sshd on a loopback port, run by this user with its own host key, config and
/// authorized_keys in a test folder (the recipe of ../shared/RECIPES.md). It authenticates only
/// this user, by public key only.
/// </summary>
public sealed class SshServer : IDisposable
{
    private readonly Process _process;

    private SshServer(string folder, int port, Process process, string hostKey)
    {
        Folder = folder;
        Port = port;
        _process = process;
        HostKey = hostKey;
    }

    /// <summary>The folder of its files.</summary>
    public string Folder { get; }

    /// <summary>The port it listens on, on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Its host key as 'TYPE BASE64'.</summary>
    public string HostKey { get; }

    /// <summary>The authorized_keys file it reads at each login.</summary>
    public string AuthorizedKeys => Path.Combine(Folder, "authorized_keys");

    /// <summary>The user it lets in: whoever runs the tests.</summary>
    public static string User => Environment.UserName;

    /// <summary>Starts sshd in a new folder under <paramref name="parent"/>; returns once it accepts connections.</summary>
    public static async Task<SshServer> StartAsync(string parent)
    {
        var folder = Directory.CreateDirectory(Path.Combine(parent, "sshd-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        var hostKey = Path.Combine(folder, "host_ed25519");
        var generated = OpenSsh.Run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", hostKey]);
        if (generated.Code != 0) throw new InvalidOperationException($"ssh-keygen failed: {generated.Stderr}");
        File.WriteAllText(Path.Combine(folder, "authorized_keys"), "");
        // As root sshd wants its privilege separation folder; as anyone else it runs unprivileged.
        if (Environment.UserName == "root") Directory.CreateDirectory("/run/sshd");
        var port = ServiceLauncher.FreePort();
        var config = Path.Combine(folder, "sshd_config");
        File.WriteAllText(config, $"""
            Port {port}
            ListenAddress 127.0.0.1
            HostKey {hostKey}
            PidFile {Path.Combine(folder, "sshd.pid")}
            AuthorizedKeysFile {Path.Combine(folder, "authorized_keys")}
            UsePAM no
            StrictModes no
            PubkeyAuthentication yes
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PermitRootLogin prohibit-password
            """);
        var info = new ProcessStartInfo("/usr/sbin/sshd") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])["-D", "-e", "-f", config]) info.ArgumentList.Add(a);
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var probe = new System.Net.Sockets.TcpClient();
                await probe.ConnectAsync(System.Net.IPAddress.Loopback, port);
                var key = File.ReadAllText(hostKey + ".pub").Split(' ');
                return new SshServer(folder, port, process, $"{key[0]} {key[1]}");
            }
            catch (System.Net.Sockets.SocketException)
            {
                if (process.HasExited) throw new InvalidOperationException($"sshd exited with {process.ExitCode} at start.");
                await Task.Delay(100);
            }
        }
        process.Kill(true);
        throw new InvalidOperationException("sshd did not start within 10 s.");
    }

    /// <summary>
    /// Runs <c>ssh</c> to this server through the agent at <paramref name="agentSocket"/>, checking its host key
    /// against <paramref name="knownHosts"/> (StrictHostKeyChecking yes), and runs <paramref name="command"/>.
    /// </summary>
    public SshToolResult Ssh(string agentSocket, string knownHosts, string command) =>
        OpenSsh.Run("ssh", ["-F", "none", "-o", $"IdentityAgent={agentSocket}", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
            "-o", $"UserKnownHostsFile={knownHosts}", "-o", "IdentitiesOnly=no", "-o", "ConnectTimeout=20", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"{User}@127.0.0.1", command]);

    /// <summary>Stops sshd.</summary>
    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(true);
        _process.WaitForExit(5000);
        _process.Dispose();
    }
}
