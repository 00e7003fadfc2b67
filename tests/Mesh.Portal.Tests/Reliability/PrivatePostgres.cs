using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Mesh.Portal.Tests.Reliability;

/// <summary>
/// A PostgreSQL server of one test's own (initdb into a temporary folder, pg_ctl on a free loopback
/// port, run as the postgres OS user), so that the test can stop and restart it without disturbing
/// the server other tests share. Needs root and PostgreSQL's server binaries (CI has both).
/// </summary>
public sealed class PrivatePostgres : IDisposable
{
    private readonly string _bin;
    private readonly string _folder;
    private readonly int _port;

    private PrivatePostgres(string bin, string folder, int port)
    {
        _bin = bin;
        _folder = folder;
        _port = port;
    }

    public string ConnectionString => $"Host=127.0.0.1;Port={_port};Username=postgres;Database=postgres;Timeout=5;Command Timeout=10";

    /// <summary>The folder of initdb and pg_ctl (the newest installed version), or null.</summary>
    private static string? Bin =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "pg_ctl")))
                .OrderBy(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var n) ? n : 0).LastOrDefault()
            : null;

    /// <summary>Why a private server cannot be run here, or null; in CI (CI=true) it must run, so there is no reason.</summary>
    public static string? SkipReason =>
        Environment.GetEnvironmentVariable("CI") == "true" ? null
        : !OperatingSystem.IsLinux() || Environment.UserName != "root" ? "A private PostgreSQL server is started as the postgres user with runuser, which needs root on Linux."
        : Bin is null ? "PostgreSQL's server binaries (initdb, pg_ctl in /usr/lib/postgresql/VERSION/bin) are not installed; .ci/run installs them."
        : null;

    /// <summary>Creates and starts the server.</summary>
    public static PrivatePostgres Start()
    {
        var bin = Bin ?? throw new InvalidOperationException("initdb and pg_ctl were not found under /usr/lib/postgresql/*/bin.");
        var folder = Path.Combine(Path.GetTempPath(), "mesh-private-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        Run("chown", "postgres", folder);
        var server = new PrivatePostgres(bin, folder, FreePort());
        server.AsPostgres("initdb", "-D", server.Data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8");
        server.Launch();
        return server;
    }

    private string Data => Path.Combine(_folder, "data");

    /// <summary>Starts the server again after <see cref="Stop"/>, on the same data.</summary>
    public void Restart() => Launch();

    private void Launch() =>
        AsPostgres("pg_ctl", "-D", Data, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60",
            "-o", $"-p {_port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=on", "start");

    /// <summary>
    /// Stops the server: <c>immediate</c> as a crash would (it recovers from its WAL at the next
    /// start), <c>fast</c> as an administrator would (clients are told it is shutting down).
    /// </summary>
    public void Stop(string mode = "immediate") => AsPostgres("pg_ctl", "-D", Data, "-m", mode, "-w", "stop");

    private void AsPostgres(string program, params string[] args) =>
        Run("runuser", ["-u", "postgres", "--", Path.Combine(_bin, program), .. args]);

    private static void Run(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited with {process.ExitCode}: {error} {output.Result}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        try
        {
            Stop();
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>A fact that needs a <see cref="PrivatePostgres"/>: skipped with the reason where one cannot run (never in CI).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PrivatePostgresFactAttribute : FactAttribute
{
    public PrivatePostgresFactAttribute() => Skip = PrivatePostgres.SkipReason;
}
