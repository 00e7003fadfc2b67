using System.Net;
using Mesh.Merkle;
using Mesh.Portal.Storage.Sqlite;
using Mesh.Portal.Transparency;
using Mesh.Transparency;

namespace Mesh.Portal.Tests.Transparency;

/// <summary>The log as C2SP tiles (tlog-tiles) under /mmm/: what a monitor reads instead of asking for proofs.</summary>
public sealed class TileTests
{
    private static async Task<(HttpStatusCode Status, byte[] Body, HttpResponseMessage Response)> GetAsync(HttpClient http, string path)
    {
        var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        return (response.StatusCode, await response.Content.ReadAsByteArrayAsync(), response);
    }

    [Fact]
    public async Task Every_tile_holds_the_tree_s_hashes_and_every_bundle_the_log_s_entries()
    {
        await using var portal = await TestPortal.StartAsync();
        using var client = portal.Client();
        using var alice = new TestAccount("alice");
        await alice.CreateAsync(client);
        await portal.AppendRecordsAsync(600);
        var size = portal.Store.ReadHead().Size;
        Assert.Equal(601, size);
        using var http = new HttpClient { BaseAddress = new Uri(portal.Url + "/mmm/") };
        using var nodes = portal.Store.ReadNodes();
        var rows = portal.Store.ReadLog(0, (int)size);

        var tiles = Enumerable.Range(0, 3).SelectMany(level => TilePath.Covering(TileKind.Hashes, level, size)).ToList();
        Assert.Equal(["tile/0/000", "tile/0/001", "tile/0/002.p/89", "tile/1/000.p/2"], tiles.Select(t => t.ToString()));
        foreach (var tile in tiles)
        {
            var (status, body, response) = await GetAsync(http, tile.ToString());
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("application/octet-stream", response.Content.Headers.ContentType!.MediaType);
            Assert.Contains("immutable", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
            var expected = Enumerable.Range(0, tile.Width).SelectMany(i => nodes.GetNode(tile.TreeLevel, tile.Index * 256 + i)).ToArray();
            Assert.Equal(expected, body);
        }
        // A narrower partial tile is the same hashes, cut short: any width the tree has reached is served.
        Assert.Equal((await GetAsync(http, "tile/0/002.p/89")).Body[..(3 * 32)], (await GetAsync(http, "tile/0/002.p/3")).Body);

        foreach (var kind in new[] { TileKind.Entries, TileKind.MeshEntries })
        {
            foreach (var bundle in TilePath.Covering(kind, 0, size))
            {
                var (status, body, _) = await GetAsync(http, bundle.ToString());
                Assert.Equal(HttpStatusCode.OK, status);
                Assert.True(EntryBundle.TryRead(kind, body, bundle.Width, out var entries));
                Assert.Equal(rows.Skip((int)bundle.Index * 256).Take(bundle.Width).Select(r => r.Leaf), entries);
            }
        }
        // The checkpoint is at the prefix too, and its origin names the prefix.
        var note = await http.GetStringAsync(new Uri("checkpoint", UriKind.Relative));
        Assert.StartsWith($"example.com/mmm\n{size}\n", note, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tile/0/x000/000")] // not canonical
    [InlineData("tile/0/1")]
    [InlineData("tile/0/000.p/256")]
    [InlineData("tile/0/000")] // the log has fewer than 256 entries
    [InlineData("tile/0/000.p/200")]
    [InlineData("tile/1/000.p/1")]
    [InlineData("tile/entries/001.p/1")]
    [InlineData("tile/63/x999/x999/x999/x999/x999/999")] // far beyond any log
    [InlineData("tile/entries/x999/x999/x999/x999/x999/999")]
    [InlineData("tile/")]
    public async Task A_tile_the_log_does_not_have_is_not_found_and_the_portal_keeps_serving(string path)
    {
        await using var portal = await TestPortal.StartAsync();
        await portal.AppendRecordsAsync(10);
        using var http = new HttpClient { BaseAddress = new Uri(portal.Url + "/mmm/") };

        var (status, body, _) = await GetAsync(http, path);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.NotEmpty(body);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(http, "tile/0/000.p/10")).Status);
    }

    [Fact]
    public async Task An_entry_too_long_for_a_C2SP_bundle_is_served_in_the_mesh_bundle_and_the_C2SP_one_says_so()
    {
        await using var portal = await TestPortal.StartAsync();
        await portal.AppendRecordsAsync(1, padding: EntryBundle.MaxC2spEntry + 10);
        using var http = new HttpClient { BaseAddress = new Uri(portal.Url + "/mmm/") };

        var (status, body, _) = await GetAsync(http, "tile/entries/000.p/1");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("tile/mesh-entries/000.p/1", System.Text.Encoding.UTF8.GetString(body), StringComparison.Ordinal);
        var (ok, bundle, _) = await GetAsync(http, "tile/mesh-entries/000.p/1");
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.True(EntryBundle.TryRead(TileKind.MeshEntries, bundle, 1, out var entries));
        Assert.Equal(portal.Store.ReadLog(0, 1)[0].Leaf, entries[0]);
    }

    [Fact]
    public async Task A_log_written_before_tiles_existed_gets_them_once_and_only_once()
    {
        var database = Path.Combine(Path.GetTempPath(), "mesh-tiles-" + Guid.NewGuid().ToString("N") + ".db");
        try
        {
            using (var store = new SqlitePortalStore(database))
            {
                store.Initialize();
                await using var log = new Mesh.Portal.Log.PortalLog(store, TestPortal.Domain, 64, TimeProvider.System);
                await Task.WhenAll(Enumerable.Range(0, 520).Select(i => log.WriteAsync(_ => new Mesh.Portal.Log.WriteDecision(new Schema.LogRecord
                {
                    Entry = new Schema.EncryptedProfile { Identifier = $"e{i}" },
                }))));
                Assert.NotNull(store.ReadTile(0, 1));
            }
            using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Pooling=false"))
            {
                connection.Open();
                using var delete = connection.CreateCommand();
                delete.CommandText = "DELETE FROM tile";
                delete.ExecuteNonQuery();
            }
            using var reopened = new SqlitePortalStore(database);
            reopened.Initialize();
            Assert.Null(reopened.ReadTile(0, 0));
            Assert.Equal(2, TileWriter.Backfill(reopened));
            Assert.Equal(0, TileWriter.Backfill(reopened));
            using var nodes = reopened.ReadNodes();
            Assert.Equal(Enumerable.Range(0, 256).SelectMany(i => nodes.GetNode(0, 256 + i)).ToArray(), reopened.ReadTile(0, 1));
        }
        finally
        {
            foreach (var file in Directory.GetFiles(Path.GetDirectoryName(database)!, Path.GetFileName(database) + "*")) File.Delete(file);
        }
    }

    [Fact]
    public async Task A_tile_missing_once_is_served_when_the_log_reaches_it_and_a_served_tile_never_changes()
    {
        await using var portal = await TestPortal.StartAsync();
        await portal.AppendRecordsAsync(100);
        using var http = new HttpClient { BaseAddress = new Uri(portal.Url + "/mmm/") };
        var partial = await GetAsync(http, "tile/0/000.p/100");
        Assert.Equal(HttpStatusCode.OK, partial.Status);
        // The tile cache must not remember that the full tile was missing.
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(http, "tile/0/000")).Status);

        await portal.AppendRecordsAsync(200);
        var full = await GetAsync(http, "tile/0/000");
        Assert.Equal(HttpStatusCode.OK, full.Status);
        Assert.Equal(partial.Body, full.Body[..partial.Body.Length]);
        Assert.Equal(full.Body, (await GetAsync(http, "tile/0/000")).Body);
        Assert.Equal(partial.Body, (await GetAsync(http, "tile/0/000.p/100")).Body);
    }
}
