using System.Diagnostics;
using System.Text.Json;

namespace Mesh.Cli.Tests.EndToEnd;

/// <summary>What a run of the mesh process did.</summary>
public sealed record MeshRun(int Exit, string Out, string Err);

/// <summary>
/// The real `mesh` command (dotnet mesh.dll, or MESH_TEST_CLI: see <see cref="MeshProcess"/>), run as its own process on one device home and portal.
/// <see cref="Local"/> runs the same commands in this process (MeshCommand.Run): for set-up and
/// follow-up checks, which would otherwise spend most of the suite's time starting processes.
/// </summary>
public sealed class AppsProcess
{
    private readonly bool _inProcess;

    public AppsProcess(string home, string portalUrl, bool inProcess = false)
    {
        Home = home;
        PortalUrl = portalUrl;
        _inProcess = inProcess;
    }

    /// <summary>The same device, its commands run in this process.</summary>
    public AppsProcess Local => new(Home, PortalUrl, inProcess: true);

    private static readonly Lazy<string> TemporaryRoot = new(() => Directory.CreateTempSubdirectory("mesh-apps-e2e-").FullName);

    /// <summary>The folder every home (and file a test writes beside it) is made in; <see cref="DeleteAll"/> removes it.</summary>
    public static string Root => TemporaryRoot.Value;

    /// <summary>A new, empty home, in a folder of its own under <see cref="Root"/>.</summary>
    public static AppsProcess NewHome(string portalUrl) =>
        new(Path.Combine(Directory.CreateDirectory(Path.Combine(Root, "device-" + Guid.NewGuid().ToString("N")[..12])).FullName, "home"), portalUrl);

    /// <summary>Deletes every home made.</summary>
    public static void DeleteAll()
    {
        if (TemporaryRoot.IsValueCreated && Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }

    public string Home { get; }
    public string PortalUrl { get; }

    /// <summary>Runs <c>mesh --home HOME --portal-url URL args…</c>, with <paramref name="stdin"/> as its standard input.</summary>
    public MeshRun RunWithInput(string? stdin, params string[] args)
    {
        if (_inProcess)
        {
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            var exit = MeshCommand.Run(["--home", Home, "--portal-url", PortalUrl, .. args], new StringReader(stdin ?? ""), stdout, stderr);
            return new MeshRun(exit, stdout.ToString(), stderr.ToString());
        }
        // Nothing from the environment of whoever runs the tests.
        var info = MeshProcess.StartInfo(["--home", Home, "--portal-url", PortalUrl, .. args]);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(stdin ?? "");
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(true);
            throw new TimeoutException($"mesh {string.Join(' ', args)} did not finish within 60 s.");
        }
        return new MeshRun(process.ExitCode, output.Result, error.Result);
    }

    public MeshRun Run(params string[] args) => RunWithInput(null, args);

    /// <summary>Runs a command that must succeed without a word on stderr; returns its standard output.</summary>
    public string Ok(params string[] args)
    {
        var run = Run(args);
        Assert.True(run.Exit == 0, $"mesh {string.Join(' ', args)} exited {run.Exit}: {run.Err}");
        Assert.Equal("", run.Err);
        return run.Out;
    }

    /// <summary>Runs a command with --json that must succeed; returns its JSON.</summary>
    public JsonElement Json(params string[] args)
    {
        using var document = JsonDocument.Parse(Ok([.. args, "--json"]));
        return document.RootElement.Clone();
    }

    /// <summary>Runs a command that must fail with exit 1 and a <c>mesh: error:</c>; returns its run.</summary>
    public MeshRun Fails(params string[] args)
    {
        var run = Run(args);
        Assert.True(run.Exit == 1, $"mesh {string.Join(' ', args)} exited {run.Exit}, not 1: {run.Out}{run.Err}");
        Assert.Contains("mesh: error: ", run.Err, StringComparison.Ordinal);
        return run;
    }
}
