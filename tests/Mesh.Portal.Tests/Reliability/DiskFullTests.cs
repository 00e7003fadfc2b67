using Mesh.Client.Portal;
using Mesh.Portal.Storage.Sqlite;
using Mesh.Portal.Tests.EndToEnd;
using Mesh.Schema;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Mesh.Portal.Tests.Reliability;

/// <summary>SQLite on a full disk: writes are 503 saying the storage is full, reads go on, nothing is corrupted, and writes resume when space is freed.</summary>
public sealed class DiskFullTests(ITestOutputHelper output)
{
    [SmallDiskFact]
    public async Task A_full_disk_is_a_clear_503_corrupts_nothing_and_writes_resume_when_space_is_freed()
    {
        // Room for the WAL to grow to its checkpoint size (1000 pages) and for a checkpoint into the database.
        using var disk = SmallDisk.Mount(megabytes: 32);
        using var load = new PublishLoad(workers: 4);
        string? full = null;
        using (var process = await PortalProcess.StartAsync(disk.Path))
        using (var client = new PortalClient(TestPortal.Domain, process.Address))
        {
            await load.CreateAccountsAsync(client);
            using var stop = new CancellationTokenSource();
            var running = load.RunAsync(() => new PortalClient(TestPortal.Domain, process.Address), stop.Token);
            await Task.Delay(500);

            var ballast = disk.Fill();
            // SQLite reuses its WAL after a checkpoint, so writes may go on for a while on a full disk.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (full is null && clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                try
                {
                    await client.SendAsync<PublishResponse>(new PublishRequest { Entry = TestAccount.EscrowFor("probe-" + Guid.NewGuid().ToString("N")) }, load.Users[0].Signer());
                }
                catch (MeshException e)
                {
                    Assert.Equal(MeshStatus.ServerOverload, e.Status);
                    full = e.Message;
                }
            }
            Assert.NotNull(full);
            Assert.Contains("storage is full", full, StringComparison.Ordinal);
            // Reads need no space.
            Assert.NotEmpty((await client.SendAsync<GetResponse>(new GetRequest { Account = load.Users[1].Account })).DataItems!);

            File.Delete(ballast);
            var acknowledged = load.Acknowledged.Count;
            clock.Restart();
            while (load.Acknowledged.Count < acknowledged + 20)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "Writes did not resume within 30 s of freeing the space.");
                await Task.Delay(100);
            }
            await stop.CancelAsync();
            await running;
            process.Stop();
        }
        output.WriteLine($"disk full: {load.Tried} writes tried, {load.Acknowledged.Count} acknowledged, refusals by status: {string.Join(", ", load.Refusals.Select(r => $"{r.Key}: {r.Value}"))}; the answer: {full}");
        Assert.All(load.Refusals.Keys, status => Assert.Equal(503, status));

        var database = Path.Combine(disk.Path, "portal.db");
        using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            connection.Open();
            using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", check.ExecuteScalar());
        }
        using var store = new SqlitePortalStore(database);
        load.VerifyStore(store);
    }
}
