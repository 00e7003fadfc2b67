using System.Diagnostics;

namespace Mesh.Cli.Tests.EndToEnd;

/// <summary>mesh mail and mesh network, run as a process against the real portal.</summary>
[Collection(AppsTests.Name)]
public class MailNetworkEndToEndTests(AppsPortalFixture portal)
{
    [Fact]
    public void Mail_add_get_export_delete()
    {
        var ivy = portal.NewAccount("mailivy");
        var added = ivy.Json("mail", "add", "ivy@example.com", "--inbound", "imaps://mail.example.com", "--outbound", "submissions://mail.example.com",
            "--outbound", "smtp://backup.example.com", "--display-name", "Ivy Example", "--account-name", "Work");
        Assert.True(added.GetProperty("created").GetBoolean());
        var application = added.GetProperty("application").GetString();

        var account = ivy.Local.Json("mail", "get", "IVY@example.com");
        Assert.Equal("Ivy Example", account.GetProperty("displayName").GetString());
        Assert.Equal(["submissions://mail.example.com:465", "smtp://backup.example.com:25"],
            account.GetProperty("outbound").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("ivy@example.com", ivy.Ok("mail", "list"), StringComparison.Ordinal);
        Assert.Contains("already has a mail account", ivy.Local.Fails("mail", "add", "ivy@example.com", "--inbound", "imaps://x.example.com",
            "--outbound", "submissions://x.example.com").Err, StringComparison.Ordinal);

        var folder = Path.GetDirectoryName(ivy.Home)!;
        var p12 = Path.Combine(folder, "ivy.p12");
        ivy.Ok("mail", "export", "ivy@example.com", "--pkcs12", p12, "--password", "export pw");
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(p12));
        var armored = ivy.Local.Ok("mail", "export", "ivy@example.com", "--openpgp", "-");
        Assert.StartsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----", armored, StringComparison.Ordinal);
        var secret = Path.Combine(folder, "ivy.asc");
        ivy.Ok("mail", "export", "ivy@example.com", "--openpgp", secret, "--secret");
        Assert.StartsWith("-----BEGIN PGP PRIVATE KEY BLOCK-----", File.ReadAllText(secret), StringComparison.Ordinal);
        Assert.Equal(2, ivy.Local.Run("mail", "export", "ivy@example.com", "--pkcs12", p12).Exit);

        ivy.Ok("mail", "delete", "ivy@example.com");
        Assert.Equal("No mail accounts.\n", ivy.Local.Ok("mail", "list"));
        ivy.Local.Fails("mail", "get", "ivy@example.com");
        // A new account reuses the deleted one's application: the profile does not grow.
        var again = ivy.Local.Json("mail", "add", "ivy2@example.com", "--inbound", "imap://mail.example.com", "--outbound", "submission://mail.example.com");
        Assert.False(again.GetProperty("created").GetBoolean());
        Assert.Equal(application, again.GetProperty("application").GetString());
    }

    [NeedsOpenSslFact]
    public void The_pkcs12_export_opens_with_openssl()
    {
        var jay = portal.NewAccount("mailjay");
        jay.Local.Ok("mail", "add", "jay@example.com", "--inbound", "imaps://mail.example.com", "--outbound", "submissions://mail.example.com");
        var p12 = Path.Combine(Path.GetDirectoryName(jay.Home)!, "jay.p12");
        jay.Ok("mail", "export", "jay@example.com", "--pkcs12", p12, "--password", "s3cret");
        var info = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])["pkcs12", "-in", p12, "-nokeys", "-passin", "pass:s3cret"]) info.ArgumentList.Add(a);
        using var openssl = Process.Start(info)!;
        var output = openssl.StandardOutput.ReadToEnd();
        var error = openssl.StandardError.ReadToEnd();
        openssl.WaitForExit();
        Assert.True(openssl.ExitCode == 0, error);
        Assert.Equal(2, output.Split("-----BEGIN CERTIFICATE-----").Length - 1);
    }

    [Fact]
    public void Network_add_get_list_delete()
    {
        var kim = portal.NewAccount("netkim");
        var root = Udf.ContentDigest("application/pkix-cert", "a Web PKI root"u8);
        var added = kim.Json("network", "add", "*.corp.example.com", "--dns", "tls://dns.corp.example.com", "--dns", "udp://10.0.0.53",
            "--prefix", "corp.example.com", "--webpki", root);
        Assert.Equal(root, Assert.Single(added.GetProperty("webpki").EnumerateArray()).GetString());
        Assert.True(added.GetProperty("created").GetBoolean());
        kim.Local.Ok("network", "add", "lab.example.net", "--dns", "https://dns.example.net/dns-query");

        var found = kim.Json("network", "get", "printer.floor2.corp.example.com");
        Assert.Equal(["tls://dns.corp.example.com:853", "udp://10.0.0.53:53"], found.GetProperty("dns").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("Prefix:  corp.example.com", kim.Local.Ok("network", "get", "*.corp.example.com"), StringComparison.Ordinal);
        Assert.Contains("https://dns.example.net:443/dns-query", kim.Local.Ok("network", "get", "lab.example.net"), StringComparison.Ordinal);
        kim.Local.Fails("network", "get", "corp.example.com");
        Assert.Equal(2, kim.Local.Json("network", "list").GetProperty("networks").GetArrayLength());

        // Setting them again replaces them in place.
        var replaced = kim.Local.Json("network", "add", "*.corp.example.com", "--dns", "udp://10.0.0.54");
        Assert.Equal(added.GetProperty("application").GetString(), replaced.GetProperty("application").GetString());
        Assert.Contains("udp://10.0.0.54:53", kim.Local.Ok("network", "get", "www.corp.example.com"), StringComparison.Ordinal);

        kim.Ok("network", "delete", "*.corp.example.com");
        kim.Local.Fails("network", "get", "www.corp.example.com");
        Assert.Single(kim.Local.Json("network", "list").GetProperty("networks").EnumerateArray());
        Assert.Contains("not a valid site name", kim.Local.Fails("network", "add", "bad name", "--dns", "udp://10.0.0.1").Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Wifi_networks_are_kept_beside_the_site_settings_without_touching_them()
    {
        var wim = portal.NewAccount("netwim");
        wim.Local.Ok("network", "add", "*.corp.example.com", "--dns", "udp://10.0.0.53");
        var added = wim.Json("network", "wifi", "add", "home", "--passphrase", "correct horse");
        Assert.True(added.GetProperty("created").GetBoolean());
        Assert.Contains("Stored the Wi-Fi network guest", wim.Local.RunWithInput("pw from stdin\n", "network", "wifi", "add", "guest").Out, StringComparison.Ordinal);
        wim.Local.Ok("network", "wifi", "add", "open", "--security", "unsecured");

        Assert.Equal("correct horse\n", wim.Local.Ok("network", "wifi", "get", "home"));
        Assert.Equal("pw from stdin\n", wim.Local.Ok("network", "wifi", "get", "guest", "--sync"));
        var list = wim.Local.Json("network", "wifi", "list").GetProperty("networks");
        Assert.Equal(["home", "guest", "open"], list.EnumerateArray().Select(n => n.GetProperty("ssid").GetString()));
        Assert.DoesNotContain("correct horse", list.GetRawText(), StringComparison.Ordinal);
        // The site settings are where they were.
        Assert.Contains("udp://10.0.0.53:53", wim.Local.Ok("network", "get", "www.corp.example.com"), StringComparison.Ordinal);

        Assert.Contains("Replaced", wim.Local.Ok("network", "wifi", "add", "home", "--passphrase", "new one"), StringComparison.Ordinal);
        Assert.Contains("already stored", wim.Local.Ok("network", "wifi", "add", "home", "--passphrase", "new one"), StringComparison.Ordinal);
        wim.Ok("network", "wifi", "delete", "guest");
        Assert.Contains("No Wi-Fi network 'guest'", wim.Local.Fails("network", "wifi", "get", "guest").Err, StringComparison.Ordinal);
        Assert.Contains("1 to 32 bytes", wim.Local.Fails("network", "wifi", "add", new string('x', 33), "--passphrase", "p").Err, StringComparison.Ordinal);
        // Deleting the last site settings leaves the Wi-Fi networks alone, and new site settings do not take their application.
        wim.Local.Ok("network", "delete", "*.corp.example.com");
        wim.Local.Ok("network", "add", "lab.example.net", "--dns", "udp://10.0.0.9");
        Assert.Equal("new one\n", wim.Local.Ok("network", "wifi", "get", "home", "--sync"));
        Assert.Contains("udp://10.0.0.9:53", wim.Local.Ok("network", "get", "lab.example.net"), StringComparison.Ordinal);
    }
}

/// <summary>A fact that needs openssl: skipped where it is missing, except in CI (CI=true), where .ci/run installs it.</summary>
public sealed class NeedsOpenSslFactAttribute : FactAttribute
{
    public NeedsOpenSslFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("CI") != "true" && !OnPath("openssl"))
            Skip = "openssl is not installed; .ci/run installs it (apt-get install openssl).";
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(d => File.Exists(Path.Combine(d, program)));
}
