namespace Mesh.Web.Tests;

/// <summary>
/// What the explorer shows when the portal (or anything between it and the browser) lies: a proof, a checkpoint's
/// signature, a history that does not extend the one this browser saw first, another checkpoint key.
/// </summary>
[Collection(WebFixture.Collection)]
public sealed class LyingPortalTests(WebFixture web) : IClassFixture<WebFixture>
{
    private const string Settled = "!document.querySelector('[data-check=checking]')";
    private const string FirstSeen = "mesh.portal.first-checkpoint";
    private const string NewestSeen = "mesh.portal.newest-checkpoint";

    // The page shows its summary only once Status answers: wait for the mark itself to be decided, not merely for no mark to be checking.
    private static string Decided(string within) => $"document.querySelector(\"{within} [data-check=verified], {within} [data-check=failed]\")";

    [BrowserFact]
    public async Task A_proof_with_one_bit_flipped_is_marked_failed()
    {
        web.Mesh(web.NewHome("laptop"), "profile", "create", "--account", "ivan@localhost", "--description", "Ivan's laptop");
        var browser = web.Browser;
        await browser.FreshAsync();
        await browser.TamperAsync("flip-proof");

        await browser.GotoAsync(web.Page("/account/ivan@localhost"));
        await browser.WaitUntilAsync($"document.querySelector('.version') && {Settled}");
        Assert.Equal("failed", await browser.AttributeAsync(".version [data-check]", "data-check"));
        Assert.Contains("does not lead to the checkpoint's root", await browser.TextAsync(".version [data-check]"), StringComparison.Ordinal);
        Assert.Equal(0, await browser.CountAsync(".version [data-check=verified]"));
        await browser.ScreenshotAsync("tampered-proof");
    }

    [BrowserFact]
    public async Task A_checkpoint_with_a_forged_signature_is_marked_failed()
    {
        var browser = web.Browser;
        await browser.FreshAsync();
        await browser.TamperAsync("flip-checkpoint-signature");

        await browser.GotoAsync(web.Page("/"));
        await browser.WaitUntilAsync(Decided("#checkpoint-signature") + " && " + Decided("#consistency"));
        Assert.Contains("signature does not verify", await browser.TextAsync("#checkpoint-signature"), StringComparison.Ordinal);
        Assert.Equal("failed", await browser.AttributeAsync("#consistency [data-check]", "data-check"));
    }

    [BrowserFact]
    public async Task A_log_that_does_not_extend_the_first_one_seen_is_marked_failed()
    {
        web.Mesh(web.NewHome("tablet"), "profile", "create", "--account", "judy@localhost", "--description", "Judy's tablet");
        web.Mesh(web.NewHome("tablet"), "profile", "create", "--account", "karl@localhost", "--description", "Karl's tablet");
        var browser = web.Browser;
        await browser.FreshAsync();
        await browser.GotoAsync(web.Page("/"));
        await browser.WaitForAsync("#consistency [data-check=verified]");

        // As if this browser had been shown another log of size 1 before: the portal forked its history.
        await Remember(browser, 1);
        await browser.GotoAsync(web.Page("/"));
        await browser.WaitUntilAsync(Decided("#checkpoint-signature") + " && " + Decided("#consistency"));
        Assert.Contains("rewrote history", await browser.TextAsync("#consistency"), StringComparison.Ordinal);
        Assert.Equal("verified", await browser.AttributeAsync("#checkpoint-signature [data-check]", "data-check"));
    }

    [BrowserFact]
    public async Task A_log_smaller_than_one_the_portal_showed_before_is_a_rollback()
    {
        var browser = web.Browser;
        await browser.FreshAsync();
        await browser.GotoAsync(web.Page("/"));
        await browser.WaitForAsync("#consistency [data-check=verified]");
        var size = int.Parse(await browser.TextAsync("[data-field=checkpoint-size]"), System.Globalization.CultureInfo.InvariantCulture);

        // As if the portal had shown this browser a longer log before, and now serves a shorter one.
        await Remember(browser, size + 5);
        await browser.GotoAsync(web.Page("/"));
        await browser.WaitUntilAsync(Decided("#consistency"));
        Assert.Contains("it went back", await browser.TextAsync("#consistency"), StringComparison.Ordinal);
    }

    // Makes the browser remember a checkpoint of `size` entries (with a root no log has) as the first and newest it saw.
    private static async Task Remember(Browser browser, int size)
    {
        var kept = $"JSON.stringify({{ size: {size}, root: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', time: '2026-01-01T00:00:00Z' }})";
        await browser.EvaluateAsync($"localStorage.setItem('{FirstSeen}', {kept}); localStorage.setItem('{NewestSeen}', {kept})");
    }

    [BrowserFact]
    public async Task Another_checkpoint_key_than_the_one_pinned_is_refused()
    {
        var browser = web.Browser;
        await browser.FreshAsync();
        await browser.GotoAsync(web.Page("/"));
        await browser.EvaluateAsync("localStorage.setItem('mesh.portal.checkpoint-key', 'MB2G-DZ6F-MRSQ-3XRH-IZZ2-NBSB-IOJS')");
        await browser.GotoAsync(web.Page("/"));
        Assert.Contains("this browser first saw MB2G-DZ6F-MRSQ-3XRH-IZZ2-NBSB-IOJS", await browser.WaitForAsync("#page-error"), StringComparison.Ordinal);
    }
}
