using System.Net;
using Mesh.Client.Trust;

namespace Mesh.Client.Tests;

/// <summary>
/// <c>mesh log verify --tiles</c>: the whole log read as C2SP tiles, every entry hashed into the signed root and
/// every hash tile compared with what the entries make, so a portal that serves tiles that mislead a monitor is caught.
/// </summary>
public sealed class TileAuditTests
{
    private static async Task<InProcessPortal> LogAsync()
    {
        var portal = await InProcessPortal.StartAsync();
        var admin = await portal.AdministratorAsync();
        await TestApplications.AddPasswordsAsync(admin, "p");
        await portal.Portal.AppendRecordsAsync(600);
        return portal;
    }

    [Fact]
    public async Task The_tiles_add_up_to_the_same_log_the_transfer_walk_reads()
    {
        await using var portal = await LogAsync();
        var auditor = portal.Device("auditor");

        var tiles = await auditor.LogVerifyAsync(InProcessPortal.Account, tiles: true);
        var walk = await auditor.LogVerifyAsync(InProcessPortal.Account, tiles: false);
        Assert.True(tiles.Entries > 600);
        Assert.Equal(walk.Checkpoint.TreeSize, tiles.Entries);
        Assert.Equal(tiles.Entries, walk.Entries);
        Assert.True(tiles.AccountVersions >= 3);
        Assert.Equal(walk.AccountVersions, tiles.AccountVersions);
    }

    [Theory]
    [InlineData("tile/0/001", 100, "hash tile tile/0/001 does not hold the hash of entry 259")]
    [InlineData("tile/1/000.p/2", 40, "hash tile tile/1/000.p/2 does not hold the hashes")]
    [InlineData("tile/mesh-entries/000", 4000, "hash tile tile/0/000 does not hold the hash of entry")]
    [InlineData("tile/mesh-entries/001", 1, "entry bundle tile/mesh-entries/001 does not hold 256 entries")]
    [InlineData("tile/0/002.p/", -1, "does not serve tile/0/002.p/")]
    public async Task A_tile_that_does_not_match_the_entries_or_the_signed_root_is_the_portal_s_misbehaviour(string path, int flip, string why)
    {
        await using var portal = await LogAsync();
        var auditor = portal.Device("auditor", new Forging(path, flip));

        var e = await Assert.ThrowsAsync<MeshException>(() => auditor.LogVerifyAsync("example.com", tiles: true));
        Assert.True(PortalMisbehavior.Is(e), e.Message);
        Assert.Contains(why, e.Message, StringComparison.Ordinal);
        // The log itself is sound: read with Transfer, it verifies.
        Assert.True((await portal.Device("other").LogVerifyAsync("example.com")).Entries > 600);
    }

    // Serves the tile at `path` with one byte flipped (flip = its offset), or answers 404 for it (flip = -1).
    private sealed class Forging(string path, int flip) : DelegatingHandler(new HttpClientHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.Method != HttpMethod.Get || !request.RequestUri!.AbsolutePath.StartsWith("/mmm/" + path, StringComparison.Ordinal)) return response;
            if (flip < 0) return new HttpResponseMessage(HttpStatusCode.NotFound);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            body[flip] ^= 1;
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) };
        }
    }
}
