using Mesh.Transparency;

namespace Mesh.Portal.Tests.Transparency;

/// <summary>
/// The portal's log read as C2SP tiles by the Go project's own golang.org/x/mod/sumdb/tlog and note
/// (tests/interop/tiles): the root recomputed from the hash tiles, every entry of the bundles hashed against
/// the level-0 tiles, a record's inclusion and an older checkpoint's consistency proven through the tiles.
/// </summary>
public sealed class GoTileInteropTests
{
    [GoFact]
    public async Task Go_s_tlog_verifies_the_log_from_its_tiles_alone()
    {
        await using var portal = await TestPortal.StartAsync();
        using var client = portal.Client();
        using var alice = new TestAccount("alice");
        await alice.CreateAsync(client); // entry 0: alice's account and profile
        await portal.AppendRecordsAsync(300);
        using var http = new HttpClient { BaseAddress = new Uri(portal.Url) };
        var older = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(older, await http.GetStringAsync(new Uri("/mmm/checkpoint", UriKind.Relative)));
            await portal.AppendRecordsAsync(400); // 701 entries: two full level-0 tiles, partial ones at levels 0 and 1
            var vkey = portal.Services().Checkpoints.NoteKey.ToString();

            var (exit, output, error) = await Go.RunAsync("tiles", portal.Url, vkey, older, "0");
            Assert.True(exit == 0, error);
            var root = portal.Store.LatestCheckpoint()!;
            Assert.Equal(701, root.TreeSize);
            Assert.StartsWith("example.com/mmm 701 ", output, StringComparison.Ordinal);
            Assert.EndsWith("entries 701\nrecord 0 ok\ntree 301 ok\n", output, StringComparison.Ordinal);

            // A checkpoint signed by another key, though named for the log, is refused.
            using var other = Cryptography.KeyPair.Generate(Cryptography.KeyAlgorithm.Ed25519);
            var (refused, _, why) = await Go.RunAsync("tiles", portal.Url, NoteVerifierKey.For("example.com/mmm", other.PublicKey).ToString(), older, "0");
            Assert.Equal(1, refused);
            Assert.Contains("open:", why, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(older);
        }
    }
}
