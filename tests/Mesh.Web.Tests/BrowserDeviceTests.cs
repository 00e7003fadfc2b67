using System.Text.RegularExpressions;

namespace Mesh.Web.Tests;

/// <summary>
/// The browser as a device of an account made with <c>mesh</c>: it connects by the witness-code flow, the CLI
/// accepts it, it reads a password the CLI stored and stores one the CLI reads, and a revocation locks it out.
/// </summary>
[Collection(WebFixture.Collection)]
public sealed partial class BrowserDeviceTests(WebFixture web) : IClassFixture<WebFixture>
{
    [BrowserFact]
    public async Task The_browser_joins_reads_and_writes_passwords_with_the_cli_and_is_locked_out_when_revoked()
    {
        var laptop = web.NewHome("laptop");
        web.Mesh(laptop, "profile", "create", "--account", "carol@localhost", "--description", "Carol's laptop");
        web.Mesh(laptop, "password", "add", "example.com", "carol", "--password", "from the cli");
        web.Mesh(laptop, "mail", "add", "carol@example.net", "--inbound", "imaps://imap.example.net", "--outbound", "submissions://smtp.example.net", "--display-name", "Carol");
        web.Mesh(laptop, "network", "wifi", "add", "Home", "--passphrase", "correct horse battery");
        var browser = web.Browser;
        await browser.FreshAsync();

        // The browser asks to join and shows the witness code the administering device shows too.
        await browser.GotoAsync(web.Page("/device"));
        await browser.FillAsync("#connect-account", "carol@localhost");
        await browser.ClickAsync("#connect-submit");
        var witness = await browser.WaitForAsync("#device-witness");
        var device = await browser.TextAsync("#device-id");
        Assert.Contains(witness, web.Mesh(laptop, "device", "pending"), StringComparison.Ordinal);
        Assert.Contains(await browser.TextAsync("#device-profile"), web.Mesh(laptop, "profile", "show"), StringComparison.Ordinal);
        await browser.ScreenshotAsync("device-connect");
        web.Mesh(laptop, "device", "accept", device);

        // Accepted: it reads the password the CLI stored, decrypted in the page.
        await browser.WaitForAsync("#device-status[data-state=connected]");
        await browser.WaitForAsync("#passwords tr[data-site='example.com']");
        Assert.Equal("••••••••", await browser.TextAsync("tr[data-site='example.com'] .password"));
        await browser.ClickAsync("tr[data-site='example.com'] .reveal");
        Assert.Equal("from the cli", await browser.TextAsync("tr[data-site='example.com'] .password"));

        // And the mail and network settings.
        Assert.Contains("imap.example.net", await browser.WaitForAsync(".mail[data-address='carol@example.net'] [data-field=inbound]"), StringComparison.Ordinal);
        await browser.ClickAsync("#wifi li[data-ssid='Home'] .reveal");
        Assert.Equal("correct horse battery", await browser.TextAsync("#wifi li[data-ssid='Home'] .password"));

        // It stores one, encrypted in the page to every device: the CLI reads it.
        await browser.FillAsync("#add-site", "https://shop.example.org/login");
        await browser.FillAsync("#add-username", "carol");
        await browser.FillAsync("#add-password", "from the browser");
        await browser.ClickAsync("#add-submit");
        await browser.WaitForAsync("#passwords tr[data-site='shop.example.org']");
        await browser.ScreenshotAsync("device-passwords");
        await browser.FillAsync("#password-search", "shop");
        Assert.Equal(1, await browser.CountAsync("#passwords tbody tr"));
        await browser.FillAsync("#password-search", "");

        // And changes one the CLI stored.
        await browser.ClickAsync("tr[data-site='example.com'] .edit");
        await browser.FillAsync("#add-password", "changed in the browser");
        await browser.ClickAsync("#add-submit");
        await browser.WaitUntilAsync("document.querySelectorAll('#passwords tbody tr').length === 2 && document.querySelector('#add-password')?.value === ''");
        web.Mesh(laptop, "sync");
        Assert.Equal("from the browser", web.Mesh(laptop, "password", "get", "shop.example.org").Trim());
        Assert.Equal("changed in the browser", web.Mesh(laptop, "password", "get", "example.com").Trim());

        // The portal saw none of it in clear: no password, no private key, in anything the page sent.
        var sent = await browser.SentAsync();
        Assert.Contains(sent, r => r.Contains("PublishRequest", StringComparison.Ordinal));
        foreach (var secret in (string[])["from the cli", "from the browser", "changed in the browser", "correct horse battery", "PasswordProfilePrivate", "\"d\":"])
            Assert.DoesNotContain(sent, r => r.Contains(secret, StringComparison.Ordinal));

        // Revoked from the CLI: the browser finds itself removed and reads nothing new.
        web.Mesh(laptop, "device", "revoke", device);
        web.Mesh(laptop, "password", "add", "after.example", "carol", "--password", "not for the browser");
        await browser.GotoAsync(web.Page("/device"));
        Assert.Contains("has been removed", await browser.WaitForAsync("#device-status[data-state=removed]"), StringComparison.Ordinal);
        Assert.Equal(0, await browser.CountAsync("#passwords"));
        Assert.Empty(await browser.ProblemsAsync());

        // The explorer shows the browser added to the profile, and removed.
        await browser.GotoAsync(web.Page("/account/carol@localhost"));
        await browser.WaitUntilAsync("!document.querySelector('[data-check=checking]') && document.querySelector('.version')");
        Assert.Contains(device, await browser.TextAsync($".devices li.removed[data-device='{device}']"), StringComparison.Ordinal);
        Assert.Contains("+ added", await browser.TextAsync($".devices li.added[data-device='{device}']"), StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task A_portal_that_serves_an_older_profile_after_a_newer_one_is_caught()
    {
        var laptop = web.NewHome("laptop");
        web.Mesh(laptop, "profile", "create", "--account", "dave@localhost", "--description", "Dave's laptop");
        web.Mesh(laptop, "password", "add", "example.com", "dave", "--password", "secret");
        var browser = web.Browser;
        await browser.FreshAsync();
        await browser.TamperAsync("record-profiles");

        await browser.GotoAsync(web.Page("/device"));
        await browser.FillAsync("#connect-account", "dave@localhost");
        await browser.ClickAsync("#connect-submit");
        web.Mesh(laptop, "device", "accept", await browser.WaitForAsync("#device-id"));
        await browser.WaitForAsync("#passwords tr[data-site='example.com']");

        // The portal now answers with the profile as it was before this browser joined: properly proven, but older.
        await browser.TamperAsync("replay-first-profile");
        await browser.GotoAsync(web.Page("/device"));
        Assert.Contains("it went back", await browser.WaitForAsync("#vault-error"), StringComparison.Ordinal);
        Assert.Equal(0, await browser.CountAsync("#passwords"));
    }

    [BrowserFact]
    public async Task A_portal_that_answers_with_another_accounts_profile_cannot_take_in_the_browser()
    {
        web.Mesh(web.NewHome("laptop"), "profile", "create", "--account", "mallory@localhost", "--description", "The operator's");
        web.Mesh(web.NewHome("laptop"), "profile", "create", "--account", "erin2@localhost", "--description", "Erin's laptop");
        var browser = web.Browser;
        await browser.FreshAsync();
        await browser.TamperAsync("record-profiles");
        await browser.GotoAsync(web.Page("/account/mallory@localhost"));
        await browser.WaitUntilAsync("!document.querySelector('[data-check=checking]') && document.querySelector('.version')");

        // Asked for erin2's profile, the portal serves mallory's, validly proven in the log.
        await browser.TamperAsync("replay-first-profile");
        await browser.GotoAsync(web.Page("/device"));
        await browser.FillAsync("#connect-account", "erin2@localhost");
        await browser.ClickAsync("#connect-submit");
        Assert.Contains("not erin2@localhost's profile", await browser.WaitForAsync("#device-error"), StringComparison.Ordinal);
        Assert.Equal(0, await browser.CountAsync("#device-witness"));
    }

    [BrowserFact]
    public async Task With_a_pin_the_administering_device_accepts_the_browser_by_itself()
    {
        var laptop = web.NewHome("laptop");
        web.Mesh(laptop, "profile", "create", "--account", "oscar@localhost", "--description", "Oscar's laptop");
        web.Mesh(laptop, "password", "add", "example.com", "oscar", "--password", "pinned");
        var pin = Pin().Match(web.Mesh(laptop, "device", "pin")).Value;
        Assert.NotEmpty(pin);
        var browser = web.Browser;
        await browser.FreshAsync();

        await browser.GotoAsync(web.Page("/device"));
        await browser.FillAsync("#connect-account", "oscar@localhost");
        await browser.FillAsync("#connect-pin", pin);
        await browser.ClickAsync("#connect-submit");
        await browser.WaitForAsync("#device-witness");
        web.Mesh(laptop, "sync"); // accepts a request that proves its PIN, without asking
        await browser.WaitForAsync("#device-status[data-state=connected]");
        await browser.ClickAsync("tr[data-site='example.com'] .reveal");
        Assert.Equal("pinned", await browser.TextAsync("tr[data-site='example.com'] .password"));
    }

    [BrowserFact]
    public async Task A_refused_browser_says_so_and_can_start_again()
    {
        var laptop = web.NewHome("laptop");
        web.Mesh(laptop, "profile", "create", "--account", "peggy@localhost", "--description", "Peggy's laptop");
        var browser = web.Browser;
        await browser.FreshAsync();
        await browser.GotoAsync(web.Page("/device"));
        await browser.FillAsync("#connect-account", "peggy@localhost");
        await browser.ClickAsync("#connect-submit");
        web.Mesh(laptop, "device", "reject", await browser.WaitForAsync("#device-id"));

        Assert.Contains("refused", await browser.WaitForAsync("#device-status[data-state=refused]"), StringComparison.Ordinal);
        await browser.ClickAsync("#device-forget");
        await browser.WaitForAsync("#connect-account");
    }

    // A PIN as mesh device pin prints it: five groups of four Base32 symbols (not part of a longer UDF).
    [GeneratedRegex(@"(?<![-A-Z2-7])[A-Z2-7]{4}(-[A-Z2-7]{4}){4}(?![-A-Z2-7])")]
    private static partial Regex Pin();
}
