using System.Diagnostics;

namespace Mesh.Cli.Tests.EndToEnd;

/// <summary>A fact that needs OpenSSH: skipped where it is missing, except in CI, where .ci/run installs it.</summary>
public sealed class NeedsOpenSshFactAttribute : FactAttribute
{
    public NeedsOpenSshFactAttribute()
    {
        if (OpenSsh.SkipReason is { } reason) Skip = reason;
    }
}

/// <summary><c>mesh ssh agent</c> running as its own process on a device home, until disposed.</summary>
public sealed class MeshSshAgent : IDisposable
{
    private readonly Process _process;

    private MeshSshAgent(Process process, string socket)
    {
        _process = process;
        Socket = socket;
    }

    /// <summary>The agent's socket, as it printed it in SSH_AUTH_SOCK.</summary>
    public string Socket { get; }

    /// <summary>The environment that points OpenSSH's programs at the agent.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["SSH_AUTH_SOCK"] = Socket };

    /// <summary>Starts the agent of <paramref name="device"/>'s home (no periodic sync) and waits for its SSH_AUTH_SOCK line.</summary>
    public static MeshSshAgent Start(AppsProcess device, params string[] options)
    {
        var socket = Path.Combine(Path.GetDirectoryName(device.Home)!, "agent.sock");
        var process = Process.Start(MeshProcess.StartInfo(["--home", device.Home, "--portal-url", device.PortalUrl, "ssh", "agent", "--socket", socket, "--sync-interval", "0", .. options]))!;
        var line = process.StandardOutput.ReadLineAsync();
        if (!line.Wait(TimeSpan.FromSeconds(30)) || line.Result is null)
        {
            process.Kill(true);
            throw new InvalidOperationException($"mesh ssh agent printed no SSH_AUTH_SOCK line: {process.StandardError.ReadToEnd()}");
        }
        Assert.Equal($"SSH_AUTH_SOCK={socket}; export SSH_AUTH_SOCK;", line.Result);
        return new MeshSshAgent(process, socket);
    }

    /// <summary>Types a line on the agent's standard input (the answer to a --confirm question).</summary>
    public void Answer(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    /// <summary>Stops the agent with SIGTERM, as a user's session would; returns its exit code and stderr.</summary>
    public (int Exit, string Err) Stop()
    {
        Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        if (!_process.WaitForExit(TimeSpan.FromSeconds(20))) _process.Kill(true);
        return (_process.ExitCode, _process.StandardError.ReadToEnd());
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(true);
        _process.Dispose();
    }
}
