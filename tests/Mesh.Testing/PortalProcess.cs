using System.Diagnostics;
using System.Globalization;

namespace Mesh.Testing;

/// <summary>
/// The real mesh-portal program, started as its own process on a free loopback port for <see cref="Domain"/>:
/// the one runner of every test that needs a portal process (end to end, crash, fault and load tests).
/// </summary>
public sealed class PortalProcess : IDisposable, IAsyncDisposable
{
    /// <summary>The portal's DNS name: accounts are NAME@example.com.</summary>
    public const string Domain = TestPortal.Domain;

    private readonly string[] _extra;
    private readonly bool _ownsData;
    private Process _process;

    private PortalProcess(Process process, Uri address, string data, string[] extra, bool ownsData)
    {
        _process = process;
        Address = address;
        DataDirectory = data;
        _extra = extra;
        _ownsData = ownsData;
    }

    /// <summary>Its base address.</summary>
    public Uri Address { get; }

    /// <summary>Its base URL without the final slash, for <c>--portal-url</c>.</summary>
    public string Url => Address.GetLeftPart(UriPartial.Authority);

    /// <summary>The operating system's id of the process, to sample its memory.</summary>
    public int Id => _process.Id;

    /// <summary>Its data folder (SQLite, the checkpoint key), for a test that edits the store as an operator could.</summary>
    public string DataDirectory { get; }

    /// <summary>The exit code, once it has exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Starts the portal on <paramref name="data"/> (kept when it stops) with <paramref name="extra"/> options.</summary>
    public static async Task<PortalProcess> StartAsync(string data, params string[] extra)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        return new PortalProcess(await LaunchAsync(data, address, extra), address, data, extra, ownsData: false);
    }

    /// <summary>Starts the portal on a new temporary data folder, deleted when it is disposed.</summary>
    public static async Task<PortalProcess> StartTemporaryAsync(params string[] extra)
    {
        var data = Directory.CreateTempSubdirectory("mesh-portal-").FullName;
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        return new PortalProcess(await LaunchAsync(data, address, extra), address, data, extra, ownsData: true);
    }

    /// <summary>Starts it again on the same data, address and options, after <see cref="Stop"/> or <see cref="Kill"/>.</summary>
    public async Task RestartAsync()
    {
        Kill();
        _process.Dispose();
        _process = await LaunchAsync(DataDirectory, Address, _extra);
    }

    /// <summary>
    /// The checkpoint note key (vkey) of a portal on <paramref name="data"/>, from <c>mesh-portal vkey</c>, which makes the
    /// key when there is none yet: what its witnesses must be given before the portal starts.
    /// </summary>
    public static async Task<string> VkeyAsync(string data)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true };
        foreach (var a in (string[])[Path.Combine(AppContext.BaseDirectory, "mesh-portal.dll"), "vkey", "--data", data, "--domain", Domain]) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var vkey = (await process.StandardOutput.ReadToEndAsync()).Trim();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? vkey : throw new InvalidOperationException($"mesh-portal vkey exited with {process.ExitCode}.");
    }

    private static Task<Process> LaunchAsync(string data, Uri address, string[] extra) =>
        ServiceLauncher.LaunchAsync("mesh-portal", address, ["--data", data, "--domain", Domain, "--urls", address.ToString(), .. extra]);

    /// <summary>Asks the process to stop as SIGTERM would and waits for it.</summary>
    public void Stop()
    {
        if (_process.HasExited) return;
        Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
        if (!_process.WaitForExit(TimeSpan.FromSeconds(30))) _process.Kill(true);
    }

    /// <summary>Kills the process at once, as a crash, or a portal that went away, would.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(true);
        _process.WaitForExit();
    }

    private static int FreePort() => ServiceLauncher.FreePort();

    /// <summary>Kills it; a temporary data folder is deleted.</summary>
    public void Dispose()
    {
        Kill();
        _process.Dispose();
        if (!_ownsData) return;
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // The SQLite files may linger a moment; the temp folder is cleaned eventually.
        }
    }

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
