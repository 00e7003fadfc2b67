namespace Mesh.Web.Tests;

/// <summary>The headers that keep the application's pages from being framed, sniffed or made to run another's script.</summary>
[Collection(WebFixture.Collection)]
public sealed class SecurityHeaderTests(WebFixture web) : IClassFixture<WebFixture>
{
    [BrowserFact]
    public async Task Every_page_and_asset_carries_a_strict_policy_and_breaks_none_of_it()
    {
        var browser = web.Browser;
        await browser.FreshAsync();
        foreach (var path in (string[])["/", "/account/nobody@localhost", "/entry/0"])
        {
            var page = await browser.GotoAsync(web.Page(path));
            Assert.Equal(200, page.Status);
            AssertStrict(page.Headers);
            Assert.StartsWith("text/html", page.Headers["content-type"], StringComparison.Ordinal);
        }
        var script = (await browser.EvaluateAsync("document.querySelector('script[type=module]').src")).GetString()!;
        var asset = await browser.FetchAsync(script);
        AssertStrict(asset.Headers);
        Assert.Equal("public, max-age=31536000, immutable", asset.Headers["cache-control"]);

        // The lookup of an account that does not exist says so, and nothing the application did broke the policy.
        await browser.GotoAsync(web.Page("/account/nobody@localhost"));
        Assert.Contains("no account nobody@localhost", await browser.WaitForAsync("#lookup-error"), StringComparison.Ordinal);
        Assert.DoesNotContain(await browser.ProblemsAsync(), p => !p.Contains("404", StringComparison.Ordinal));
        Assert.Equal(404, (await browser.FetchAsync(web.Page("/assets/nothing.js"))).Status);
        Assert.Equal(404, (await browser.FetchAsync(web.Page("/nothing"))).Status);
    }

    private static void AssertStrict(IReadOnlyDictionary<string, string> headers)
    {
        var policy = headers["content-security-policy"];
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", headers["x-content-type-options"]);
        Assert.Equal("DENY", headers["x-frame-options"]);
        Assert.Equal("no-referrer", headers["referrer-policy"]);
    }
}
