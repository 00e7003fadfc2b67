using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Mesh.Cli.Tests.EndToEnd;

/// <summary>The real mesh-portal program, started as its own process on a free loopback port for the domain example.com, with its data in a temporary folder.</summary>
public sealed class PortalServer : IAsyncDisposable
{
    public const string Domain = "example.com";

    private readonly string _data;
    private readonly string[] _extra;
    private Process _process;

    private PortalServer(Process process, string url, string data, string[] extra)
    {
        _process = process;
        Url = url;
        _data = data;
        _extra = extra;
    }

    /// <summary>Its data folder (SQLite, the checkpoint key), for a test that edits the store as an operator could.</summary>
    public string DataDirectory => _data;

    /// <summary>Starts it again on the same data and address, after <see cref="Stop"/>.</summary>
    public async Task RestartAsync()
    {
        Stop();
        _process.Dispose();
        _process = await LaunchAsync(_data, Url, _extra);
    }

    /// <summary>Its base URL, for --portal-url.</summary>
    public string Url { get; }

    /// <summary>Starts the portal, with <paramref name="extra"/> options (e.g. <c>--checkpoint-key FILE</c>).</summary>
    public static async Task<PortalServer> StartAsync(params string[] extra)
    {
        var data = Directory.CreateTempSubdirectory("mesh-apps-portal-").FullName;
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        var url = $"http://127.0.0.1:{port}";
        return new PortalServer(await LaunchAsync(data, url, extra), url, data, extra);
    }

    private static async Task<Process> LaunchAsync(string data, string url, string[] extra)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])[Path.Combine(AppContext.BaseDirectory, "mesh-portal.dll"), "--data", data, "--domain", Domain, "--urls", url, .. extra])
            info.ArgumentList.Add(a);
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient();
        for (var i = 0; i < 300; i++)
        {
            try
            {
                if ((await http.GetAsync(new Uri($"{url}/healthz"))).StatusCode == HttpStatusCode.OK) return process;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (process.HasExited) throw new InvalidOperationException($"mesh-portal exited with {process.ExitCode} at start.");
            await Task.Delay(100);
        }
        process.Kill(true);
        throw new InvalidOperationException("mesh-portal did not start within 30 s.");
    }

    /// <summary>Stops the portal, as a portal that went away: clients can no longer reach it.</summary>
    public void Stop()
    {
        if (_process.HasExited) return;
        _process.Kill(true);
        _process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        _process.Dispose();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // The SQLite files may linger a moment; the temp folder is cleaned eventually.
        }
        return ValueTask.CompletedTask;
    }
}
