using System.IO.Compression;
using System.Security.Cryptography;

namespace Mesh.Portal.Http;

/// <summary>
/// The portal's web application: the log explorer and the browser as a device (src/Mesh.Web, whose committed build in
/// dist/ is embedded in this assembly). <c>GET /</c>, <c>/account/…</c>, <c>/entry/N</c> and <c>/device</c> answer its
/// page, <c>/assets/NAME</c> its content-hashed scripts and styles; it calls only the portal's own endpoint. Every
/// answer carries a strict Content-Security-Policy (no inline script, nothing from elsewhere, no framing).
/// </summary>
public static class WebApp
{
    /// <summary>The policy of every page and asset: scripts, styles and connections to this origin only; Trusted Types.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'; require-trusted-types-for 'script'";

    // The paths the application routes itself (docs/protocol.md 6.7).
    private static readonly string[] Pages = ["/", "/account/{**rest}", "/entry/{index}", "/device"];
    private const string ResourcePrefix = "web/";

    private sealed record Asset(byte[] Identity, byte[] Gzip, byte[] Brotli, string ContentType, string ETag, bool Immutable);

    /// <summary>Maps the application's paths; a build without the bundle maps none.</summary>
    public static void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var assets = Load();
        if (!assets.TryGetValue("index.html", out var page)) return;
        foreach (var path in Pages) app.MapGet(path, (HttpContext http) => ServeAsync(http, page));
        app.MapGet("/assets/{name}", (HttpContext http, string name) =>
            assets.TryGetValue("assets/" + name, out var asset) ? ServeAsync(http, asset) : NotFoundAsync(http));
    }

    private static Dictionary<string, Asset> Load()
    {
        var assembly = typeof(WebApp).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            var path = name[ResourcePrefix.Length..];
            // Compressed once at start: the bundle is small and never changes while the process runs.
            assets[path] = new Asset(bytes, Compress(bytes, s => new GZipStream(s, CompressionLevel.SmallestSize)),
                Compress(bytes, s => new BrotliStream(s, CompressionLevel.SmallestSize)), ContentType(path),
                $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..32]}\"", path.StartsWith("assets/", StringComparison.Ordinal));
        }
        return assets;
    }

    private static byte[] Compress(byte[] bytes, Func<Stream, Stream> compressor)
    {
        using var output = new MemoryStream();
        using (var compressing = compressor(output)) compressing.Write(bytes);
        return output.ToArray();
    }

    private static string ContentType(string path) => Path.GetExtension(path) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        _ => "application/octet-stream",
    };

    private static void SecurityHeaders(HttpResponse response)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
    }

    private static async Task ServeAsync(HttpContext http, Asset asset)
    {
        var response = http.Response;
        SecurityHeaders(response);
        response.Headers.ETag = asset.ETag;
        response.Headers.Vary = "Accept-Encoding";
        // Hashed names never change content; the page itself is revalidated so that a new build is seen at once.
        response.Headers.CacheControl = asset.Immutable ? "public, max-age=31536000, immutable" : "no-cache";
        if (http.Request.Headers.IfNoneMatch.Contains(asset.ETag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        var accepted = http.Request.GetTypedHeaders().AcceptEncoding;
        bool Accepts(string coding) => accepted.Any(a => string.Equals(a.Value.Value, coding, StringComparison.OrdinalIgnoreCase) && a.Quality is not 0);
        var (body, coding) = Accepts("br") ? (asset.Brotli, "br") : Accepts("gzip") ? (asset.Gzip, "gzip") : (asset.Identity, null);
        if (coding is not null) response.Headers.ContentEncoding = coding;
        response.ContentType = asset.ContentType;
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, http.RequestAborted).ConfigureAwait(false);
    }

    private static Task NotFoundAsync(HttpContext http)
    {
        SecurityHeaders(http.Response);
        http.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }
}
