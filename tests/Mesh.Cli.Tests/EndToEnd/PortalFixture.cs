using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Mesh.Cli.Tests.EndToEnd;

/// <summary>
/// The real <c>mesh-portal</c> program for <see cref="Domain"/>, started as its own process on a free
/// loopback port with its data in a temporary folder, shared by the tests of a class
/// (<c>IClassFixture&lt;PortalFixture&gt;</c>); and device homes in temporary folders that reach it.
/// Each test should use its own account names, as the portal is shared.
/// </summary>
public sealed class PortalFixture : IAsyncLifetime
{
    /// <summary>The portal's DNS name: accounts are NAME@example.com.</summary>
    public const string Domain = "example.com";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "mesh-e2e-" + Guid.NewGuid().ToString("N"));
    private Process? _portal;

    /// <summary>The portal's URL, for <c>--portal-url</c>.</summary>
    public string Url { get; private set; } = "";

    /// <summary>A fresh, empty device home (a folder that does not exist yet).</summary>
    public string NewHome(string name) => Path.Combine(_root, "homes", $"{name}-{Guid.NewGuid():N}");

    /// <summary>Runs <c>mesh --home HOME --portal-url URL ARGS…</c>.</summary>
    public Task<MeshResult> MeshAsync(string home, params string[] args) => MeshProcess.RunAsync(home, ["--portal-url", Url, .. args], null, null);

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        var port = FreePort();
        Url = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])[Path.Combine(AppContext.BaseDirectory, "mesh-portal.dll"), "--data", Path.Combine(_root, "portal"), "--domain", Domain, "--urls", Url])
            info.ArgumentList.Add(a);
        _portal = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        _portal.OutputDataReceived += (_, _) => { };
        _portal.ErrorDataReceived += (_, _) => { };
        _portal.BeginOutputReadLine();
        _portal.BeginErrorReadLine();

        using var http = new HttpClient();
        for (var i = 0; i < 200; i++)
        {
            try
            {
                if ((await http.GetAsync(new Uri($"{Url}/healthz"))).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (_portal.HasExited) throw new InvalidOperationException($"mesh-portal exited with {_portal.ExitCode} at start.");
            await Task.Delay(100);
        }
        throw new InvalidOperationException("mesh-portal did not start within 20 s.");
    }

    /// <inheritdoc/>
    public Task DisposeAsync()
    {
        if (_portal is { HasExited: false }) _portal.Kill(entireProcessTree: true);
        _portal?.WaitForExit();
        _portal?.Dispose();
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
