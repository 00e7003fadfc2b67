using Mesh.Merkle;
using Mesh.Profiles;
using Mesh.Schema;
using Mesh.Schema.Json;
using Mesh.Transparency;
using Mesh.X509;

namespace Mesh.Portal.Tests.Transparency;

public sealed class TransparencyTests
{
    private static async Task<(Cryptography.PublicKeyInfo Key, StatusResponse Status, Checkpoint Checkpoint)> StatusAsync(Client.Portal.PortalClient client, long? from = null)
    {
        var hello = await client.SendAsync<HelloResponse>(new HelloRequest());
        var key = PersonalCertificates.Read(hello.CheckpointKey!.X509Certificate!).SubjectKey;
        Assert.Equal(hello.CheckpointKey.UDF, key.Udf());
        var status = await client.SendAsync<StatusResponse>(new StatusRequest { ConsistencyFrom = from });
        return (key, status, SignedCheckpoints.Verify(status.CheckpointValue!, key, TestPortal.Domain));
    }

    [Fact]
    public async Task Status_gives_a_signed_checkpoint_that_later_ones_prove_consistent_with()
    {
        await using var portal = await TestPortal.StartAsync();
        using var client = portal.Client();
        using var alice = new TestAccount("alice");
        using var bob = new TestAccount("bob");
        await alice.CreateAsync(client);
        portal.Services().Checkpoints.MakeIfBehind();
        var (_, first, known) = await StatusAsync(client);
        Assert.Equal(1, known.TreeSize);
        Assert.Equal(1, first.LogSize);
        Assert.NotNull(first.LastWriteTime);
        Assert.True(first.NextCheckpointTime > first.LastCheckpointTime);

        await bob.CreateAsync(client);
        var next = PersonalProfiles.WithApplications(alice.Verified, alice.Verified.Applications, alice.Master.OnlineKeys[0], DateTimeOffset.UtcNow);
        await client.SendAsync<PublishResponse>(new PublishRequest { Entry = next, BasedOn = await alice.LatestAsync(client) });
        portal.Services().Checkpoints.MakeIfBehind();

        var (_, later, checkpoint) = await StatusAsync(client, known.TreeSize);
        Assert.Equal(3, checkpoint.TreeSize);
        Assert.Equal(3, later.LogSize);
        Assert.Same(checkpoint, LogMonitor.Advance(known, checkpoint, later.ConsistencyProof));

        // A different history of the same length is caught.
        var forged = checkpoint with { RootHash = MerkleHash.Leaf("forged"u8) };
        Assert.Throws<MeshException>(() => LogMonitor.Advance(known, forged, later.ConsistencyProof));
    }

    [Fact]
    public async Task Get_full_proves_each_item_is_in_the_signed_log()
    {
        await using var portal = await TestPortal.StartAsync();
        using var client = portal.Client();
        using var alice = new TestAccount("alice");
        await alice.CreateAsync(client);
        var (key, _, _) = await StatusAsync(client);

        var get = await client.SendAsync<GetResponse>(new GetRequest { Account = alice.Account, Full = true });
        var checkpoint = SignedCheckpoints.Verify(get.CheckpointValue!, key, TestPortal.Domain);
        var item = get.DataItems![0];
        LogMonitor.RequireIncluded(item.LogEntry, item.LogIndex!.Value, item.InclusionProof, checkpoint);

        // The entry served is the one in the proven leaf.
        var record = TaggedJson.Deserialize<LogRecord>(item.LogEntry!);
        Assert.Equal(TaggedJson.Serialize(((AccountProfile)record.Entry!).Profile!), TaggedJson.Serialize(item.Entry!));

        var tampered = (byte[])item.LogEntry!.Clone();
        tampered[^3] ^= 1;
        Assert.Throws<MeshException>(() => LogMonitor.RequireIncluded(tampered, item.LogIndex!.Value, item.InclusionProof, checkpoint));
    }

    [Fact]
    public async Task Transfer_gives_the_whole_log_whose_root_is_the_checkpoint()
    {
        await using var portal = await TestPortal.StartAsync();
        using var client = portal.Client();
        var accounts = Enumerable.Range(0, 5).Select(i => new TestAccount($"user{i}")).ToList();
        foreach (var a in accounts) await a.CreateAsync(client);
        var (key, _, _) = await StatusAsync(client);

        var leaves = new List<byte[]>();
        string? page = null;
        TransferResponse transfer;
        do
        {
            transfer = await client.SendAsync<TransferResponse>(new TransferRequest { SearchConstraints = new SearchConstraints { MaxEntries = 2, PageKey = page } });
            leaves.AddRange(transfer.DataItems!.Select(d => d.LogEntry!));
            page = transfer.PageKey;
        }
        while (page is not null);

        var checkpoint = SignedCheckpoints.Verify(transfer.CheckpointValue!, key, TestPortal.Domain);
        Assert.Equal(5, leaves.Count);
        var tree = new MerkleTree(new MemoryMerkleNodeStore());
        foreach (var leaf in leaves) tree.Append(MerkleHash.Leaf(leaf));
        Assert.Equal(checkpoint.RootHash, tree.Root(checkpoint.TreeSize!.Value));
        foreach (var a in accounts) a.Dispose();
    }

    [Theory]
    [InlineData("2")]
    [InlineData("9223372036854775807")]
    public async Task A_transfer_from_the_end_of_the_log_or_past_it_is_empty_with_a_checkpoint_of_the_whole_log(string start)
    {
        await using var portal = await TestPortal.StartAsync();
        using var client = portal.Client();
        using var alice = new TestAccount("alice");
        using var bob = new TestAccount("bob");
        await alice.CreateAsync(client);
        await bob.CreateAsync(client);
        var (key, _, _) = await StatusAsync(client);

        var transfer = await client.SendAsync<TransferResponse>(new TransferRequest { ConsistencyFrom = 2, SearchConstraints = new SearchConstraints { PageKey = start } });

        Assert.Empty(transfer.DataItems!);
        Assert.Null(transfer.PageKey);
        Assert.Equal(2, SignedCheckpoints.Verify(transfer.CheckpointValue!, key, TestPortal.Domain).TreeSize);
        Assert.Empty(transfer.ConsistencyProof!);
    }

    [Fact]
    public async Task A_consistency_proof_from_an_impossible_size_is_400()
    {
        await using var portal = await TestPortal.StartAsync();
        var answer = await RawHttp.PostAsync(portal, "{\"StatusRequest\":{\"ConsistencyFrom\":99}}");
        Assert.Equal(400, answer.Status);
    }
}
