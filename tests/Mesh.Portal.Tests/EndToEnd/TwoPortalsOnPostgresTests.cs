using Mesh.Client.Portal;
using Mesh.Portal.Tests.Storage;
using Mesh.Schema;

namespace Mesh.Portal.Tests.EndToEnd;

/// <summary>Two mesh-portal processes on one PostgreSQL database serve one consistent log.</summary>
[RequiresPostgres]
public sealed class TwoPortalsOnPostgresTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [StoreFact]
    public async Task Writes_through_both_processes_land_in_one_gap_free_log()
    {
        var connection = database.NewSchema();
        var data = Path.Combine(Path.GetTempPath(), "mesh-two-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        var key = Path.Combine(data, "checkpoint-key.p8");
        try
        {
            using var a = await PortalProcess.StartAsync(Path.Combine(data, "a"), "--database", connection, "--checkpoint-key", key);
            using var b = await PortalProcess.StartAsync(Path.Combine(data, "b"), "--database", connection, "--checkpoint-key", key);
            using var clientA = new PortalClient(TestPortal.Domain, a.Address);
            using var clientB = new PortalClient(TestPortal.Domain, b.Address);
            var users = Enumerable.Range(0, 12).Select(i => new TestAccount($"user{i}")).ToList();

            await Task.WhenAll(users.Select((u, i) => u.CreateAsync(i % 2 == 0 ? clientA : clientB)));

            // Each process serves what the other wrote.
            foreach (var (u, i) in users.Select((u, i) => (u, i)))
            {
                var found = await (i % 2 == 0 ? clientB : clientA).SendAsync<GetResponse>(new GetRequest { Account = u.Account });
                Assert.Equal(u.Profile.Identifier, found.DataItems![0].Entry!.Identifier);
            }
            var transfer = await clientA.SendAsync<TransferResponse>(new TransferRequest());
            Assert.Equal(Enumerable.Range(0, 12).Select(i => (long)i), transfer.DataItems!.Select(d => d.LogIndex!.Value));
            var statusA = await clientA.SendAsync<StatusResponse>(new StatusRequest());
            var statusB = await clientB.SendAsync<StatusResponse>(new StatusRequest());
            Assert.NotNull(statusA.CheckpointValue);
            Assert.NotNull(statusB.CheckpointValue);
            foreach (var u in users) u.Dispose();
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
