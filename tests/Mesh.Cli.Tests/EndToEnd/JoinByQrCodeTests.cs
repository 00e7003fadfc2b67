using System.Diagnostics;

namespace Mesh.Cli.Tests.EndToEnd;

/// <summary>A fact that needs zbarimg (zbar-tools): skipped where it is missing, except in CI, where .ci/run installs it.</summary>
public sealed class NeedsZbarFactAttribute : FactAttribute
{
    public NeedsZbarFactAttribute()
    {
        if (!File.Exists("/usr/bin/zbarimg") && Environment.GetEnvironmentVariable("CI") != "true")
            Skip = "zbarimg is not installed; .ci/run installs it (apt-get install zbar-tools).";
    }
}

/// <summary>mesh device pin --qr/--png: the QR code holds a join URI that a new device joins with, read back by zbar as a camera would.</summary>
[Collection(AppsTests.Name)]
public class JoinByQrCodeTests(AppsPortalFixture portal)
{
    [NeedsZbarFact]
    public void A_new_device_joins_with_the_uri_decoded_from_the_png()
    {
        var admin = portal.NewAccount("qrquinn");
        var png = Path.Combine(Path.GetDirectoryName(admin.Home)!, "join.png");
        var issued = admin.Local.Json("device", "pin", "--png", png);
        var uri = issued.GetProperty("uri").GetString()!;
        Assert.StartsWith($"mesh:join?account=qrquinn%40{PortalProcess.Domain}&pin=", uri, StringComparison.Ordinal);

        var info = new ProcessStartInfo("zbarimg") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])["--raw", "-q", png]) info.ArgumentList.Add(a);
        using var zbar = Process.Start(info)!;
        var decoded = zbar.StandardOutput.ReadToEnd().Trim();
        zbar.WaitForExit();
        Assert.Equal(uri, decoded);

        // The new device needs nothing but the URI: no account typed, no PIN, no --portal-url.
        var phone = AppsProcess.NewHome(portal.Url);
        using (var stdout = new StringWriter())
        using (var stderr = new StringWriter())
        {
            Assert.True(MeshCommand.Run(["--home", phone.Home, "device", "request", decoded, "--description", "phone", "--json"], TextReader.Null, stdout, stderr) == 0, stderr.ToString());
            Assert.Contains("\"pin\": true", stdout.ToString(), StringComparison.Ordinal);
        }
        admin.Local.Ok("sync");
        using (var stdout = new StringWriter())
        using (var stderr = new StringWriter())
            Assert.True(MeshCommand.Run(["--home", phone.Home, "device", "complete"], TextReader.Null, stdout, stderr) == 0, stderr.ToString());
        Assert.Equal(2, admin.Local.Json("device", "list").GetProperty("devices").GetArrayLength());
    }

    [Fact]
    public void The_terminal_code_and_a_bad_uri()
    {
        var admin = portal.NewAccount("qrquentin");
        var shown = admin.Local.Ok("device", "pin", "--qr");
        Assert.Contains("▀", shown, StringComparison.Ordinal);
        Assert.Contains("or: mesh device request 'mesh:join?", shown, StringComparison.Ordinal);
        var phone = AppsProcess.NewHome(portal.Url);
        Assert.Contains("no well-formed PIN", phone.Local.Fails("device", "request", "mesh:join?account=a%40b.example&pin=").Err, StringComparison.Ordinal);
        Assert.Contains("not an http or https URL", phone.Local.Fails("device", "request", $"mesh:join?account=a%40b.example&pin={Mesh.Client.ConnectionPin.Generate()}&portal=file%3A%2F%2F%2Fetc").Err, StringComparison.Ordinal);
    }
}
