using System.Diagnostics;

namespace Mesh.Testing;

/// <summary>The real mesh-witness program, as its own process on a free loopback port, with a temporary data folder.</summary>
public sealed class WitnessProcess : IDisposable
{
    private readonly Process _process;

    private WitnessProcess(Process process, Uri address, string data, string vkey)
    {
        _process = process;
        Address = address;
        DataDirectory = data;
        Vkey = vkey;
    }

    /// <summary>Its base URL, the prefix of its add-checkpoint.</summary>
    public Uri Address { get; }

    /// <summary>Its data folder (key and SQLite database).</summary>
    public string DataDirectory { get; }

    /// <summary>Its cosigner key as a vkey.</summary>
    public string Vkey { get; }

    /// <summary>The portal option naming this witness: <c>VKEY URL</c>.</summary>
    public string PortalOption => $"{Vkey} {Address}";

    /// <summary>Starts a witness named <paramref name="name"/> of the logs with the checkpoint keys <paramref name="logs"/>.</summary>
    public static async Task<WitnessProcess> StartAsync(string name, params string[] logs)
    {
        var data = Directory.CreateTempSubdirectory("mesh-witness-").FullName;
        var address = new Uri($"http://127.0.0.1:{ServiceLauncher.FreePort()}/");
        var process = await ServiceLauncher.LaunchAsync("mesh-witness", address,
            ["--name", name, "--data", data, "--logs", string.Join(',', logs), "--urls", address.ToString()]);
        using var http = new HttpClient();
        var about = await http.GetStringAsync(address);
        var vkey = about.Split('\n').Single(l => l.StartsWith("cosigner ", StringComparison.Ordinal))["cosigner ".Length..];
        return new WitnessProcess(process, address, data, vkey);
    }

    /// <summary>Kills it and deletes its data.</summary>
    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(true);
        _process.WaitForExit();
        _process.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // The SQLite files may linger a moment; the temp folder is cleaned eventually.
        }
    }
}
