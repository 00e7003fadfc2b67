using System.Diagnostics;

namespace Mesh.Cli.Tests.EndToEnd;

/// <summary>
/// The native <c>mesh</c> the README tells users to install (<c>dotnet publish src/Mesh.Cli</c>,
/// Native AOT), published and run for real: a build that trims away something the command needs
/// fails here, not on a user's machine.
/// </summary>
public sealed class NativeExecutableTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(10);

    [NeedsNativeToolchainFact]
    public async Task The_published_native_mesh_creates_a_profile_and_stores_and_reads_a_password()
    {
        var output = Path.Combine(Path.GetTempPath(), "mesh-native-" + Guid.NewGuid().ToString("N"));
        try
        {
            var publish = await RunAsync("dotnet", ["publish", Path.Combine(Repository.Root, "src", "Mesh.Cli", "Mesh.Cli.csproj"), "-c", "Release", "-o", output], PublishTimeout);
            Assert.True(publish.Exit == 0, $"dotnet publish failed:\n{publish.Out}\n{publish.Err}");
            var mesh = Path.Combine(output, "mesh");
            var home = portal.NewHome("native");
            string[] at = ["--home", home, "--portal-url", portal.Url];

            await Ok(mesh, [.. at, "profile", "create", "--account", "native@example.com"]);
            await Ok(mesh, [.. at, "password", "add", "www.example.com", "nadia", "--password", "n4tive"]);
            Assert.Equal("n4tive\n", await Ok(mesh, [.. at, "password", "get", "www.example.com"]));
            Assert.Contains("mesh: error:", (await RunAsync(mesh, [.. at, "password", "get", "nowhere.example.com"], TimeSpan.FromMinutes(1))).Err, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        }
    }

    private static async Task<string> Ok(string program, string[] args)
    {
        var (exit, stdout, stderr) = await RunAsync(program, args, TimeSpan.FromMinutes(1));
        Assert.True(exit == 0 && stderr.Length == 0, $"{Path.GetFileName(program)} {string.Join(' ', args)} exited {exit}.\n{stdout}\n{stderr}");
        return stdout;
    }

    private static async Task<(int Exit, string Out, string Err)> RunAsync(string program, string[] args, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var name in (string[])["MESH_HOME", "MESH_PORTAL_URL", "MESH_PASSPHRASE"]) info.Environment.Remove(name);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish within {timeout.TotalMinutes} min.");
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}

/// <summary>
/// A fact that needs the native toolchain (clang): skipped where it is missing, except in CI
/// (CI=true), where .ci/run installs it (apt-get install clang zlib1g-dev).
/// </summary>
public sealed class NeedsNativeToolchainFactAttribute : FactAttribute
{
    public NeedsNativeToolchainFactAttribute()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(d => File.Exists(Path.Combine(d, "clang")));
        if (Environment.GetEnvironmentVariable("CI") != "true" && !onPath)
            Skip = "clang is not installed; .ci/run installs it (apt-get install clang zlib1g-dev).";
    }
}
