using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Mesh.Testing;

/// <summary>Starts one of the repository's services (mesh-portal, mesh-witness) as a process and waits until it answers.</summary>
public static class ServiceLauncher
{
    /// <summary>Runs <c>dotnet NAME.dll ARGS</c> from beside the test assembly; returns once <c>GET /healthz</c> on <paramref name="address"/> is 200.</summary>
    public static async Task<Process> LaunchAsync(string name, Uri address, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, name + ".dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
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
                if ((await http.GetAsync(new Uri(address, "/healthz"))).StatusCode == HttpStatusCode.OK) return process;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (process.HasExited) throw new InvalidOperationException($"{name} exited with {process.ExitCode} at start.");
            await Task.Delay(100);
        }
        process.Kill(true);
        throw new InvalidOperationException($"{name} did not start within 30 s.");
    }

    /// <summary>A loopback port free now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
