using System.Text.RegularExpressions;

namespace Mesh.Web.Tests;

/// <summary>The log explorer in Chromium: what it shows of accounts made by <c>mesh</c>, every proof checked in the browser.</summary>
[Collection(WebFixture.Collection)]
public sealed partial class ExplorerTests(WebFixture web) : IClassFixture<WebFixture>
{
    private const string Settled = "!document.querySelector('[data-check=checking]')";

    [BrowserFact]
    public async Task An_account_shows_every_version_each_verified_in_the_browser()
    {
        var home = web.NewHome("laptop");
        var created = web.Mesh(home, "profile", "create", "--account", "erin@localhost", "--description", "Erin's laptop");
        web.Mesh(home, "password", "add", "example.com", "erin", "--password", "first");
        var browser = web.Browser;
        await browser.FreshAsync();

        await browser.GotoAsync(web.Page("/account/erin@localhost"));
        await browser.WaitUntilAsync($"document.querySelectorAll('.version').length === 2 && {Settled}");
        Assert.Equal(3, await browser.CountAsync("[data-check=verified]")); // the checkpoint and both versions
        Assert.Equal(0, await browser.CountAsync("[data-check=failed]"));
        var versions = await browser.TextsAsync(".version");
        Assert.Contains("PasswordProfile", versions[0], StringComparison.Ordinal); // newest first: the password application added
        Assert.DoesNotContain("PasswordProfile", versions[1], StringComparison.Ordinal);
        Assert.All(versions, v => Assert.Contains("Erin's laptop", v, StringComparison.Ordinal));
        Assert.Matches(Udf(), await browser.TextAsync(".version [data-field=signer]"));
        await browser.ScreenshotAsync("account");

        // The same versions by the profile's fingerprint.
        var profile = ProfileLine().Match(created).Groups[1].Value;
        await browser.GotoAsync(web.Page($"/account/{profile}"));
        await browser.WaitUntilAsync($"document.querySelectorAll('.version').length === 2 && {Settled}");
        Assert.Equal(3, await browser.CountAsync("[data-check=verified]"));
        Assert.Empty(await browser.ProblemsAsync());
    }

    [BrowserFact]
    public async Task The_front_page_shows_the_verified_checkpoint_and_entries_as_they_arrive()
    {
        var home = web.NewHome("phone");
        web.Mesh(home, "profile", "create", "--account", "frank@localhost", "--description", "Frank's phone");
        var browser = web.Browser;
        await browser.FreshAsync();

        await browser.GotoAsync(web.Page("/"));
        await browser.WaitForAsync("#consistency [data-check=verified]");
        await browser.WaitForAsync("#checkpoint-signature [data-check=verified]");
        var status = await web.StatusAsync();
        Assert.Equal(status.GetProperty("LogSize").GetInt64().ToString(), await browser.TextAsync("[data-field=log-size]"));
        Assert.Equal(status.GetProperty("AccountCount").GetInt64().ToString(), await browser.TextAsync("[data-field=account-count]"));
        Assert.Contains("frank@localhost", await browser.TextAsync("#latest"), StringComparison.Ordinal);
        await browser.ScreenshotAsync("home");

        // A new entry appears without reloading, and the new checkpoint is proven consistent with the first.
        web.Mesh(home, "password", "add", "example.org", "frank", "--password", "second");
        var size = (await web.StatusAsync()).GetProperty("LogSize").GetInt64();
        await browser.WaitUntilAsync($"document.querySelector('[data-field=log-size]')?.textContent === '{size}' && document.querySelector('#latest tr[data-index=\"{size - 1}\"]') !== null");
        await browser.WaitForAsync("#consistency [data-check=verified]");
        Assert.Empty(await browser.ProblemsAsync());
    }

    [BrowserFact]
    public async Task An_entry_page_shows_the_exact_leaf_proven_in_the_log()
    {
        web.Mesh(web.NewHome("desk"), "profile", "create", "--account", "grace@localhost", "--description", "Grace's desk");
        var browser = web.Browser;
        await browser.FreshAsync();

        await browser.GotoAsync(web.Page("/account/grace@localhost"));
        await browser.WaitUntilAsync(Settled);
        await browser.ClickAsync(".version-head a");
        await browser.WaitForAsync("#inclusion [data-check=verified]");
        var raw = await browser.TextAsync("#raw");
        Assert.StartsWith("{\n  \"LogRecord\": {", raw, StringComparison.Ordinal);
        Assert.Contains("\"Account\": \"grace@localhost\"", raw, StringComparison.Ordinal);
        await browser.ScreenshotAsync("entry");
    }

    [BrowserFact]
    public async Task Markup_in_a_device_description_is_shown_as_text()
    {
        const string Hostile = "<img src=x onerror=\"window.pwned=1\">";
        web.Mesh(web.NewHome("odd"), "profile", "create", "--account", "heidi@localhost", "--description", Hostile);
        var browser = web.Browser;
        await browser.FreshAsync();

        await browser.GotoAsync(web.Page("/account/heidi@localhost"));
        await browser.WaitUntilAsync(Settled);
        Assert.Contains(Hostile, await browser.TextAsync(".devices"), StringComparison.Ordinal);
        Assert.Equal(0, await browser.CountAsync(".devices img"));
        Assert.False((await browser.EvaluateAsync("'pwned' in window")).GetBoolean());
    }

    [GeneratedRegex(@"^[A-Z2-7]{4}(-[A-Z2-7]{4}){6}$")]
    private static partial Regex Udf();

    [GeneratedRegex(@"Profile:\s+(\S+)")]
    private static partial Regex ProfileLine();
}
