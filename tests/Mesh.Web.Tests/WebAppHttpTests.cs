using System.Net;
using System.Net.Http.Headers;

namespace Mesh.Web.Tests;

/// <summary>How the portal serves its web application over plain HTTP (no browser needed): caching, compression, 404s.</summary>
[Collection(WebFixture.Collection)]
public sealed class WebAppHttpTests(WebFixture web) : IClassFixture<WebFixture>
{
    [Fact]
    public async Task The_page_is_revalidated_the_assets_kept_and_both_compressed_on_request()
    {
        using var http = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None });
        using var page = await http.GetAsync(web.Page("/device"));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("no-cache", page.Headers.CacheControl?.ToString());
        Assert.Contains("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var html = await page.Content.ReadAsStringAsync();
        var script = System.Text.RegularExpressions.Regex.Match(html, "src=\"(/assets/[^\"]+\\.js)\"").Groups[1].Value;

        using var revalidate = new HttpRequestMessage(HttpMethod.Get, web.Page("/"));
        revalidate.Headers.IfNoneMatch.Add(page.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await http.SendAsync(revalidate)).StatusCode);

        using var compressed = new HttpRequestMessage(HttpMethod.Get, web.Page(script));
        compressed.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));
        using var asset = await http.SendAsync(compressed);
        Assert.Equal("br", asset.Content.Headers.ContentEncoding.Single());
        Assert.Contains("immutable", asset.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("text/javascript", asset.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(web.Page("/assets/missing.js"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(web.Page("/entry/x/y"))).StatusCode);
    }
}
