using System.Diagnostics;

namespace Mesh.Cli.Tests.EndToEnd;

/// <summary>A test that needs Xvfb and xclip (.ci/run installs them); skipped, with the reason, without them.</summary>
public sealed class NeedsXclipFactAttribute : FactAttribute
{
    public NeedsXclipFactAttribute()
    {
        if (!File.Exists("/usr/bin/Xvfb") || !File.Exists("/usr/bin/xclip")) Skip = "needs Xvfb and xclip (apt-get install xvfb xclip)";
    }
}

/// <summary><c>--clip</c> against a real X server (Xvfb) and xclip, as on a desktop.</summary>
[Collection(AppsTests.Name)]
public class ClipboardEndToEndTests(AppsPortalFixture portal)
{
    [NeedsXclipFact]
    public async Task A_copied_password_is_in_the_clipboard_and_cleared_after_the_clip_time()
    {
        var clara = portal.NewAccount("clipclara");
        clara.Local.Ok("password", "add", "www.example.com", "clara", "--password", "s3cret \"ü\"", "--otp", "JBSWY3DPEHPK3PXP");
        using var display = XvfbDisplay.Start();
        var environment = new Dictionary<string, string> { ["DISPLAY"] = display.Name, ["WAYLAND_DISPLAY"] = "", ["MESH_CLIP_TIME"] = "3" };

        // Run as a process whose output is a pipe: it must end though xclip stays to serve the clipboard.
        var copied = await MeshProcess.RunAsync(clara.Home, ["--portal-url", clara.PortalUrl, "password", "get", "www.example.com", "--clip"], null, environment);
        Assert.Equal(0, copied.ExitCode);
        Assert.Equal("Copied the password of clara at www.example.com to the clipboard; it is cleared in 3 seconds.\n", copied.Stdout);
        Assert.DoesNotContain("s3cret", copied.Stdout + copied.Stderr, StringComparison.Ordinal);
        Assert.Equal("s3cret \"ü\"", display.Clipboard());
        var cleared = Stopwatch.StartNew();
        while (display.Clipboard().Length > 0 && cleared.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(250);
        Assert.Equal("", display.Clipboard());

        // Something copied after the secret is left alone.
        var code = await MeshProcess.RunAsync(clara.Home, ["--portal-url", clara.PortalUrl, "password", "otp", "www.example.com", "--clip"], null, environment);
        Assert.Equal(0, code.ExitCode);
        Assert.Matches("^[0-9]{6}$", display.Clipboard());
        display.Copy("the user's own text");
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.Equal("the user's own text", display.Clipboard());

        // Without a display there is no clipboard: said plainly.
        var none = await MeshProcess.RunAsync(clara.Home, ["--portal-url", clara.PortalUrl, "password", "get", "www.example.com", "--clip"], null,
            new Dictionary<string, string> { ["DISPLAY"] = "", ["WAYLAND_DISPLAY"] = "" });
        Assert.Equal(1, none.ExitCode);
        Assert.Contains("--clip needs a desktop session", none.Stderr, StringComparison.Ordinal);
        Assert.Contains("Give --clip or --json", clara.Local.Run("password", "get", "www.example.com", "--clip", "--json").Err, StringComparison.Ordinal);
    }

    /// <summary>An Xvfb server on a free display number, stopped when disposed.</summary>
    private sealed class XvfbDisplay : IDisposable
    {
        private readonly Process _server;

        private XvfbDisplay(Process server, string name) => (_server, Name) = (server, name);

        public string Name { get; }

        public static XvfbDisplay Start()
        {
            var number = Enumerable.Range(90 + Random.Shared.Next(400), 100).First(n => !File.Exists($"/tmp/.X{n}-lock"));
            var server = Process.Start(new ProcessStartInfo("Xvfb", [$":{number}", "-nolisten", "tcp", "-screen", "0", "640x480x24"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
            server.BeginOutputReadLine();
            server.BeginErrorReadLine();
            var display = new XvfbDisplay(server, $":{number}");
            var started = Stopwatch.StartNew();
            while (!File.Exists($"/tmp/.X11-unix/X{number}"))
            {
                if (server.HasExited || started.Elapsed > TimeSpan.FromSeconds(20))
                {
                    display.Dispose();
                    throw new InvalidOperationException($"Xvfb :{number} did not start.");
                }
                Thread.Sleep(100);
            }
            return display;
        }

        public string Clipboard() => Xclip("-out", null);

        public void Copy(string text) => Xclip("-in", text);

        private string Xclip(string direction, string? input)
        {
            var info = new ProcessStartInfo("/bin/sh", ["-c", $"xclip -selection clipboard {direction} {(input is null ? "" : ">/dev/null 2>&1")}"])
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            info.Environment["DISPLAY"] = Name;
            using var xclip = Process.Start(info)!;
            xclip.StandardInput.Write(input ?? "");
            xclip.StandardInput.Close();
            var output = xclip.StandardOutput.ReadToEnd();
            xclip.WaitForExit();
            return output;
        }

        public void Dispose()
        {
            if (!_server.HasExited) _server.Kill();
            _server.WaitForExit();
            _server.Dispose();
        }
    }
}
