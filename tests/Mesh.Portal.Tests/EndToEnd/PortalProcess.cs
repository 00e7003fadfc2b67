using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Mesh.Portal.Tests.EndToEnd;

/// <summary>The real mesh-portal program, started as its own process on a free loopback port.</summary>
public sealed class PortalProcess : IDisposable
{
    private readonly Process _process;

    private PortalProcess(Process process, Uri address, string data)
    {
        _process = process;
        Address = address;
        DataDirectory = data;
    }

    public Uri Address { get; }

    /// <summary>The operating system's id of the process, to sample its memory.</summary>
    public int Id => _process.Id;

    public string DataDirectory { get; }

    public static async Task<PortalProcess> StartAsync(string data, params string[] extra)
    {
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        var dll = Path.Combine(AppContext.BaseDirectory, "mesh-portal.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])[dll, "--data", data, "--domain", TestPortal.Domain, "--urls", address.ToString(), .. extra]) info.ArgumentList.Add(a);
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient();
        for (var i = 0; i < 200; i++)
        {
            try
            {
                if ((await http.GetAsync(new Uri(address, "/healthz"))).StatusCode == HttpStatusCode.OK) return new PortalProcess(process, address, data);
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (process.HasExited) throw new InvalidOperationException($"mesh-portal exited with {process.ExitCode} at start.");
            await Task.Delay(100);
        }
        process.Kill(true);
        throw new InvalidOperationException("mesh-portal did not start within 20 s.");
    }

    /// <summary>Asks the process to stop as SIGTERM would and waits for it.</summary>
    public void Stop()
    {
        if (_process.HasExited) return;
        Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
        if (!_process.WaitForExit(TimeSpan.FromSeconds(30))) _process.Kill(true);
    }

    /// <summary>Kills the process at once, as a crash would.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(true);
        _process.WaitForExit();
    }

    public int ExitCode => _process.ExitCode;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
