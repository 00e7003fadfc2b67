using Mesh.Portal.Transparency;
using Mesh.Transparency;

namespace Mesh.Portal.Http;

/// <summary>
/// The log as a C2SP tiled log (tlog-tiles) under the prefix <c>/mmm/</c>, which the checkpoint origin
/// <c>DOMAIN/mmm</c> names: <c>GET /mmm/checkpoint</c> (also at <c>/checkpoint</c>), <c>GET /mmm/tile/L/N[.p/W]</c>,
/// <c>GET /mmm/tile/entries/N[.p/W]</c> and this implementation's <c>GET /mmm/tile/mesh-entries/N[.p/W]</c>.
/// </summary>
public static class TileEndpoints
{
    /// <summary>The path prefix of the tiled log.</summary>
    public const string Prefix = "/mmm";

    // Tiles never change (a partial tile names its width), so any cache may keep them for good.
    private const string Immutable = "public, max-age=31536000, immutable";

    /// <summary>Maps the endpoints.</summary>
    public static void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/checkpoint", Checkpoint);
        app.MapGet(Prefix + "/checkpoint", Checkpoint);
        app.MapGet(Prefix + "/tile/{**path}", (HttpContext http, string? path, TileCache tiles) => Tile(http, path ?? "", tiles));
    }

    private static IResult Checkpoint(HttpContext http, Checkpointer checkpointer)
    {
        http.Response.Headers.CacheControl = "no-cache";
        // With witnesses, the latest checkpoint they cosigned (until they first have, the latest, uncosigned).
        var cosigned = http.RequestServices.GetService<Witnessing>()?.CosignedNote;
        return Unavailable(() => Results.Text(cosigned ?? checkpointer.Note(checkpointer.Ensure(0)), "text/plain; charset=utf-8"));
    }

    private static IResult Tile(HttpContext http, string path, TileCache tiles)
    {
        if (!TilePath.TryParse("tile/" + path, out var tile))
            return Results.Text($"tile/{path} is not a tile path (C2SP tlog-tiles: tile/L/N[.p/W], tile/entries/N[.p/W]).\n", statusCode: 404);
        return Unavailable(() =>
        {
            var read = tiles.Read(tile);
            if (read.Bytes is null)
                return Results.Text(read.Refusal is null ? $"The log has no {tile} (yet).\n" : read.Refusal + "\n", statusCode: 404);
            http.Response.Headers.CacheControl = Immutable;
            return Results.Bytes(read.Bytes, "application/octet-stream");
        });
    }

    // The store may be down for a while (a database restart), as /healthz says.
    private static IResult Unavailable(Func<IResult> serve)
    {
        try
        {
            return serve();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Results.Text($"unavailable: {e.Message}\n", statusCode: 503);
        }
    }
}
