namespace Mesh.Cli.Tests.EndToEnd;

/// <summary><c>mesh log verify --tiles</c> as a user runs it, against the real portal process: the log read as C2SP tiles.</summary>
[Collection(AppsTests.Name)]
public sealed class TiledLogEndToEndTests(AppsPortalFixture portal)
{
    [Fact]
    public void The_log_read_as_tiles_is_the_log_read_with_transfer()
    {
        var alice = portal.NewAccount("tiles");
        alice.Local.Ok("password", "add", "a.example.com", "alice", "--password", "1");
        var account = $"tiles@{PortalProcess.Domain}";

        var tiles = alice.Json("log", "verify", account, "--tiles");
        var walk = alice.Local.Json("log", "verify", account);
        Assert.True(tiles.GetProperty("treeSize").GetInt64() <= walk.GetProperty("treeSize").GetInt64());
        Assert.Equal(tiles.GetProperty("treeSize").GetInt64(), tiles.GetProperty("verifiedEntries").GetInt64());
        Assert.True(tiles.GetProperty("accountVersions").GetInt32() >= 2);

        var text = alice.Ok("log", "verify", PortalProcess.Domain, "--tiles");
        Assert.Contains("entries recomputed to this root", text, StringComparison.Ordinal);
        Assert.Contains("--tiles", alice.Ok("log", "verify", "--help"), StringComparison.Ordinal);
    }
}
