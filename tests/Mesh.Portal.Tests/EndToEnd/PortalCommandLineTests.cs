using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Mesh.Portal.Tests.EndToEnd;

/// <summary>mesh-portal as an operator starts it: help, version, and the mistakes that must be one clear line, not a stack trace.</summary>
public sealed class PortalCommandLineTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mesh-portal-cli-").FullName;

    [Fact]
    public void Help_prints_the_options_and_starts_nothing()
    {
        var (code, output, error) = Run("--help");
        Assert.Equal(0, code);
        Assert.Contains("--database", output, StringComparison.Ordinal);
        Assert.Contains("--tile-cache-mb", output, StringComparison.Ordinal);
        Assert.Equal("", error);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder)); // no ./portal-data made
        Assert.StartsWith("mesh-portal ", Run("--version").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_port_in_use_is_one_clear_error()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}";
        var (code, output, error) = Run("--urls", url, "--data", Path.Combine(_folder, "data"));
        Assert.Equal(1, code);
        Assert.Contains($"mesh-portal: error: cannot listen on {url}: another program listens there.", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_data_folder_with_a_database_is_one_clear_error_and_no_new_key()
    {
        var missing = Path.Combine(_folder, "no-such-folder");
        var (code, output, error) = Run("--data", missing, "--database", "Host=127.0.0.1;Port=1;Username=x;Password=x;Database=x");
        Assert.Equal(2, code);
        Assert.Contains($"mesh-portal: error: The data folder {missing} does not exist.", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(missing));
    }

    private (int Code, string Out, string Err) Run(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = _folder, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mesh-portal.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(true);
            throw new TimeoutException($"mesh-portal {string.Join(' ', args)} did not exit within 60 s.");
        }
        return (process.ExitCode, output.Result, error.Result);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
