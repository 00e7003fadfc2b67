using Mesh.Merkle;
using Mesh.Portal.Log;
using Mesh.Portal.Storage;
using Mesh.Portal.Storage.Postgres;
using Mesh.Schema;
using Npgsql;

namespace Mesh.Portal.Tests.Storage;

/// <summary>
/// The writer of a process that wrote last begins without the lock, on the log's size it knows, and sends the lock,
/// a check of that size and its writes in one round trip; when another process wrote meanwhile, nothing of it is kept
/// and the batch is decided again with the lock taken first.
/// </summary>
[RequiresPostgres]
public sealed class OptimisticWriteTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly List<IPortalStore> _opened = [];
    private string? _schema;

    // Two processes' stores on one database, both hearing the commits.
    private async Task<(CachingPortalStore A, CachingPortalStore B)> OpenTwoAsync()
    {
        var a = Open();
        var b = Open();
        await EventuallyAsync(() => a.Listening && b.Listening);
        return (a, b);
    }

    private CachingPortalStore Open()
    {
        var store = new CachingPortalStore(new PostgresPortalStore(_schema ??= database.NewSchema()));
        _opened.Add(store);
        store.Initialize();
        return store;
    }

    // Appends an entry of `identifier` in the transaction, with its Merkle nodes: its leaf names the identifier, so each writer's differs.
    private static long Append(IWriteTransaction tx, string identifier)
    {
        var index = tx.LogSize;
        var leaf = System.Text.Encoding.UTF8.GetBytes($"{identifier}@{index}");
        tx.AppendLog(index, leaf, T0.AddSeconds(index));
        new MerkleTree(tx.Nodes).Append(MerkleHash.Leaf(leaf));
        tx.PutEntryVersion(new EntryVersionRow(identifier, "alice", "SignedApplicationProfile", index, T0.AddSeconds(index)));
        return index;
    }

    // Another process's write, on a thread of its own, which must not wait for the transaction under test.
    private static async Task<long> PublishAsync(CachingPortalStore store, string identifier) =>
        await Task.Run(() =>
        {
            using var tx = store.BeginWrite();
            var index = Append(tx, identifier);
            tx.Commit();
            return index;
        }).WaitAsync(Patience);

    // Whether a transaction holds the writers' lock now, asked without waiting for it.
    private bool WriterLockHeld()
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_schema!) { Pooling = false }.ConnectionString);
        connection.Open();
        using var tx = connection.BeginTransaction();
        using var probe = new NpgsqlCommand("SELECT singleton FROM log_writer FOR UPDATE NOWAIT", connection, tx);
        try
        {
            probe.ExecuteScalar();
            return false;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            return true;
        }
    }

    private static async Task EventuallyAsync(Func<bool> done)
    {
        for (var deadline = DateTime.UtcNow + Patience; !done(); await Task.Delay(20))
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold in time");
    }

    [StoreFact]
    public async Task The_last_writer_begins_without_the_lock_and_an_append_elsewhere_meanwhile_fails_its_commit()
    {
        var (a, b) = await OpenTwoAsync();
        await PublishAsync(a, "MA"); // a wrote last: it knows the log exactly

        using (var tx = a.BeginOptimisticWrite())
        {
            Assert.Equal(1, tx.LogSize);
            Assert.False(WriterLockHeld()); // a holds no lock yet
            Assert.Equal(1, await PublishAsync(b, "MB"));
            // Found at its first round trip: here the read of the tree's frontier, else at the latest the commit.
            Assert.Throws<WriteConflictException>(() =>
            {
                Append(tx, "MA");
                tx.Commit();
            });
        }
        // Nothing of a's is kept: index 1 is b's, and a's entry is still at its first version.
        Assert.Equal("MB@1", System.Text.Encoding.UTF8.GetString(a.ReadLog(1, 10).Single().Leaf));
        Assert.Equal(0, a.FindLatestEntry("MA")!.LogIndex);
        Assert.Equal(1, b.FindLatestEntry("MB")!.LogIndex);
    }

    [StoreFact]
    public async Task A_transaction_that_appends_nothing_is_checked_as_well()
    {
        var (a, b) = await OpenTwoAsync();
        await PublishAsync(a, "MA");
        using (var tx = a.BeginOptimisticWrite())
        {
            await PublishAsync(b, "MB");
            Assert.True(tx.TryUseNonce("key", "n1", T0.AddDays(1)));
            Assert.Throws<WriteConflictException>(tx.Commit);
        }
        using (var tx = a.BeginWrite())
            Assert.True(tx.TryUseNonce("key", "n1", T0.AddDays(1))); // the nonce was not kept either
    }

    [StoreFact]
    public async Task A_nonce_used_before_fails_the_optimistic_transaction_and_is_refused_with_the_lock()
    {
        var (a, _) = await OpenTwoAsync();
        await PublishAsync(a, "MA");
        using (var tx = a.BeginOptimisticWrite())
        {
            Assert.True(tx.TryUseNonce("key", "n1", T0.AddDays(1)));
            Assert.False(tx.TryUseNonce("key", "n1", T0.AddDays(1))); // twice in one transaction: known at once
            tx.Commit();
        }
        using (var tx = a.BeginOptimisticWrite())
        {
            Assert.True(tx.TryUseNonce("key", "n1", T0.AddDays(1))); // not known before the round trip
            Assert.Throws<WriteConflictException>(tx.Commit);
        }
        using (var tx = a.BeginWrite())
            Assert.False(tx.TryUseNonce("key", "n1", T0.AddDays(1)));
        Assert.Equal(1, a.ReadHead().Size);
    }

    [StoreFact]
    public async Task Once_another_process_is_heard_the_writer_takes_the_lock_first()
    {
        var (a, b) = await OpenTwoAsync();
        await PublishAsync(a, "MA");
        await PublishAsync(b, "MB");
        await EventuallyAsync(() => a.KnownSize == 2);
        using (var tx = a.BeginOptimisticWrite())
        {
            Assert.Equal(2, tx.LogSize);
            Assert.Equal(1, tx.FindLatestEntry("MB")!.LogIndex);
            Assert.True(WriterLockHeld()); // taken as it began: b would wait for it
            Append(tx, "MA");
            tx.Commit();
        }
        Assert.Equal(3, await PublishAsync(b, "MB"));
    }

    [StoreFact]
    public async Task A_batch_that_conflicts_is_decided_again_and_sees_what_the_other_process_wrote()
    {
        var (a, b) = await OpenTwoAsync();
        await using var log = new PortalLog(a, TestPortal.Domain, 64, TimeProvider.System);
        static WriteDecision Entry(string identifier) => new(new LogRecord { Entry = new EncryptedProfile { Identifier = identifier } });
        await log.WriteAsync(_ => Entry("E0")).WaitAsync(Patience); // a wrote last, and its writer holds the tree's frontier

        var calls = 0;
        long? seen = null;
        var appended = await log.WriteAsync(tx =>
        {
            // The first time, another process appends while this batch is being decided.
            if (calls++ == 0) PublishAsync(b, "MB").GetAwaiter().GetResult();
            seen = tx.FindLatestEntry("MB")?.LogIndex;
            return Entry("E1");
        }).WaitAsync(Patience);

        Assert.Equal(2, calls); // decided again
        Assert.Equal(1, seen); // seeing b's write
        Assert.Equal(2, appended.Index);
        Assert.Equal("MB@1", System.Text.Encoding.UTF8.GetString(a.ReadLog(1, 1).Single().Leaf));
        Assert.Equal(2, a.FindLatestEntry("E1")!.LogIndex);
    }

    [StoreFact]
    public async Task A_replayed_nonce_in_a_batch_is_refused_and_the_rest_of_the_batch_kept()
    {
        var (a, _) = await OpenTwoAsync();
        await using var log = new PortalLog(a, TestPortal.Domain, 64, TimeProvider.System);
        var nonce = new RequestNonce("key", "n1", T0.AddDays(1));
        await log.WriteAsync(_ => new WriteDecision(null, nonce)).WaitAsync(Patience); // used once; a wrote last

        var replayed = log.WriteAsync(_ => new WriteDecision(null, nonce));
        var kept = log.WriteAsync(_ => new WriteDecision(new LogRecord { Entry = new EncryptedProfile { Identifier = "E1" } }));
        var refusal = await Assert.ThrowsAsync<MeshException>(() => replayed.WaitAsync(Patience));
        Assert.Equal(MeshStatus.ClientUnauthorized, refusal.Status);
        Assert.Equal(0, (await kept.WaitAsync(Patience)).Index);
        Assert.Equal(0, a.FindLatestEntry("E1")!.LogIndex);
    }

    public void Dispose()
    {
        foreach (var store in _opened) store.Dispose();
    }
}
