using Mesh.Client.Portal;
using Mesh.Merkle;
using Mesh.Portal.Tests.Storage;
using Mesh.Schema;
using Mesh.Transparency;

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

            // The checkpoints the two processes sign are of one tree: an earlier one of A's is consistent with a later one of B's.
            var vkey = (await clientA.SendAsync<HelloResponse>(new HelloRequest())).CheckpointNoteKey;
            Assert.Equal(vkey, (await clientB.SendAsync<HelloResponse>(new HelloRequest())).CheckpointNoteKey);
            Assert.True(NoteVerifierKey.TryParse(vkey, out var verifier));
            var (sizeA, rootA) = Read(statusA.CheckpointNote, verifier);
            var more = Enumerable.Range(12, 6).Select(i => new TestAccount($"user{i}")).ToList();
            foreach (var u in more) await u.CreateAsync(clientB);
            var (sizeB, rootB) = await LatestAsync(clientB, 18, verifier);
            var atA = await LatestAsync(clientA, 18, verifier);
            Assert.Equal(18, sizeB);
            Assert.Equal(sizeB, atA.Size);
            Assert.Equal(rootB, atA.Root); // the same size signed by either process has the same root
            foreach (var (client, name) in new[] { (clientA, "A"), (clientB, "B") })
            {
                var proof = (await client.SendAsync<StatusResponse>(new StatusRequest { ConsistencyFrom = sizeA, ConsistencyTo = sizeB })).ConsistencyProof!;
                Assert.True(MerkleVerifier.VerifyConsistency(sizeA, sizeB, proof, rootA, rootB), $"process {name}'s proof from {sizeA} to {sizeB}");
            }
            foreach (var u in users.Concat(more)) u.Dispose();
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static (long Size, byte[] Root) Read(string? note, NoteVerifierKey verifier)
    {
        Assert.True(SignedNote.TryOpen(note, verifier, out var text), note);
        Assert.True(CheckpointNote.TryRead(text, CheckpointNote.Origin(TestPortal.Domain), out var size, out var root), text);
        return (size, root);
    }

    // The process signs a checkpoint of the log's new size within its checkpoint interval (1 s).
    private static async Task<(long Size, byte[] Root)> LatestAsync(PortalClient client, long size, NoteVerifierKey verifier)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); ; await Task.Delay(100))
        {
            var latest = Read((await client.SendAsync<StatusResponse>(new StatusRequest())).CheckpointNote, verifier);
            if (latest.Size >= size || DateTime.UtcNow > deadline) return latest;
        }
    }
}
