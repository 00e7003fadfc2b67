using System.Diagnostics;
using System.Text.Json;

namespace Mesh.Cli.Tests.EndToEnd;

/// <summary>What one run of the real <c>mesh</c> program did.</summary>
/// <param name="ExitCode">its exit code</param>
/// <param name="Stdout">everything it wrote to standard output</param>
/// <param name="Stderr">everything it wrote to standard error</param>
public sealed record MeshResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Standard output parsed as the JSON object a <c>--json</c> command prints.</summary>
    public JsonElement Json
    {
        get
        {
            using var document = JsonDocument.Parse(Stdout);
            return document.RootElement.Clone();
        }
    }

    /// <summary>Fails the test, showing what the command printed, unless it exited 0 with nothing on stderr.</summary>
    public MeshResult Ok()
    {
        Assert.True(ExitCode == 0 && Stderr.Length == 0, $"mesh exited {ExitCode}.\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
        return this;
    }

    /// <summary>Fails the test unless the command failed with exit code 1 and a <c>mesh: error:</c> containing <paramref name="error"/>.</summary>
    public MeshResult Failed(string error, bool hint = true)
    {
        Assert.True(ExitCode == 1, $"mesh exited {ExitCode}, not 1.\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
        Assert.Contains($"mesh: error: ", Stderr, StringComparison.Ordinal);
        Assert.Contains(error, Stderr, StringComparison.Ordinal);
        if (hint) Assert.Contains("mesh: hint: ", Stderr, StringComparison.Ordinal);
        return this;
    }
}

/// <summary>
/// Runs the real <c>mesh</c> program (mesh.dll from the test's output folder, under <c>dotnet</c>; or
/// the executable MESH_TEST_CLI names, such as the native one <c>dotnet publish src/Mesh.Cli</c> makes)
/// as its own process, as a user's shell would, with <c>--home</c> and any arguments. The variables
/// MESH_HOME, MESH_PORTAL_URL and MESH_PASSPHRASE of the test's own environment are not passed on;
/// give them to the overload that takes an environment when a test needs them.
/// </summary>
public static class MeshProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs <c>mesh --home HOME ARGS…</c>.</summary>
    public static Task<MeshResult> RunAsync(string home, params string[] args) => RunAsync(home, args, stdin: null, environment: null);

    /// <summary>Runs <c>mesh --home HOME ARGS…</c> with <paramref name="stdin"/> as its input and extra environment variables.</summary>
    public static async Task<MeshResult> RunAsync(string home, IReadOnlyList<string> args, string? stdin,
        IReadOnlyDictionary<string, string>? environment, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        var info = StartInfo(["--home", home, .. args]);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{info.FileName} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancel);
        var stderr = process.StandardError.ReadToEndAsync(cancel);
        if (stdin is not null) await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"mesh {string.Join(' ', args)} did not finish within {Timeout.TotalSeconds} s.");
        }
        return new MeshResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>
    /// How to start <c>mesh ARGS…</c>, its standard streams redirected, without MESH_HOME,
    /// MESH_PORTAL_URL and MESH_PASSPHRASE from the test's environment.
    /// </summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var native = Environment.GetEnvironmentVariable("MESH_TEST_CLI");
        var info = new ProcessStartInfo(string.IsNullOrEmpty(native) ? "dotnet" : native)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (string.IsNullOrEmpty(native)) info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mesh.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var name in (string[])["MESH_HOME", "MESH_PORTAL_URL", "MESH_PASSPHRASE", "MESH_TEST_CLI"]) info.Environment.Remove(name);
        return info;
    }
}
