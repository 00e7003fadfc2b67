using Mesh.Merkle;
using Mesh.Portal.Log;
using Mesh.Portal.Storage;
using Mesh.Portal.Storage.Postgres;
using Mesh.Protocol;
using Mesh.Schema;
using Npgsql;

namespace Mesh.Portal.Tests.Storage;

/// <summary>
/// A writer decides its batch without the lock, on provisional indices, and sends the lock, a check of what it read and
/// its writes in one round trip; the server places the entries where the log then ends and computes their Merkle nodes
/// and tiles. Another process's append meanwhile is no conflict; a change to an account or entry the batch read is, and
/// then nothing of it is kept and the batch is decided again with the lock taken first.
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

    // Appends an entry of `identifier` in the transaction, with its Merkle nodes unless the store computes them: its leaf
    // names the identifier and the writer, so each writer's differs.
    private static long Append(IWriteTransaction tx, string identifier)
    {
        var index = tx.LogSize;
        var leaf = System.Text.Encoding.UTF8.GetBytes($"{identifier}@{(tx.Positioned ? "positioned" : index)}");
        tx.AppendLog(index, leaf, T0.AddSeconds(1));
        if (!tx.Positioned) new MerkleTree(tx.Nodes).Append(MerkleHash.Leaf(leaf));
        tx.PutEntryVersion(new EntryVersionRow(identifier, "alice", "SignedApplicationProfile", index, T0.AddSeconds(1)));
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
    public async Task A_batch_decided_without_the_lock_lands_after_what_another_process_appended_meanwhile()
    {
        var (a, b) = await OpenTwoAsync();
        await PublishAsync(a, "MA");

        using (var tx = a.BeginOptimisticWrite())
        {
            Assert.True(tx.Positioned);
            Assert.Equal(0, tx.FindLatestEntry("MA")!.LogIndex);
            var provisional = Append(tx, "MA");
            Assert.False(WriterLockHeld()); // deciding holds no lock: b is not kept waiting
            Assert.Equal(1, await PublishAsync(b, "MB"));
            tx.Commit();
            Assert.Equal(2, tx.FinalIndex(provisional));
            Assert.Equal(3, tx.LogSize);
        }
        Assert.Equal("MA@positioned", System.Text.Encoding.UTF8.GetString(a.ReadLog(2, 1).Single().Leaf));
        Assert.Equal(2, a.FindLatestEntry("MA")!.LogIndex);
        await EventuallyAsync(() => b.FindLatestEntry("MA")?.LogIndex == 2);
        AssertTreeIsTheLogs(a);
    }

    [StoreFact]
    public async Task A_writers_own_entries_placed_after_anothers_do_not_make_its_next_batch_conflict()
    {
        var (a, b) = await OpenTwoAsync();
        using (var tx = a.BeginOptimisticWrite())
        {
            Assert.Null(tx.FindLatestEntry("MA"));
            Append(tx, "MA");
            await PublishAsync(b, "MB"); // lands first: a's entry goes after it, whether or not a has heard of it yet
            tx.Commit();
        }
        using (var tx = a.BeginOptimisticWrite())
        {
            Assert.Equal(1, tx.FindLatestEntry("MA")!.LogIndex); // its own, held with its final index
            Append(tx, "MA");
            tx.Commit();
            Assert.Equal(3, tx.LogSize);
        }
        Assert.Equal(2, a.FindLatestEntry("MA")!.LogIndex);
        AssertTreeIsTheLogs(a);
    }

    [StoreFact]
    public async Task An_entry_read_that_another_process_changed_meanwhile_fails_the_commit_and_nothing_is_kept()
    {
        var (a, b) = await OpenTwoAsync();
        await PublishAsync(a, "MA");
        using (var tx = a.BeginOptimisticWrite())
        {
            Assert.Equal(0, tx.FindLatestEntry("MA")!.LogIndex);
            await PublishAsync(b, "MA");
            Append(tx, "MA");
            Assert.True(tx.TryUseNonce("key", "n1", T0.AddDays(1)));
            Assert.Throws<WriteConflictException>(tx.Commit);
        }
        Assert.Equal(2, a.ReadHead().Size);
        await EventuallyAsync(() => a.FindLatestEntry("MA")?.LogIndex == 1); // b's, once its announcement is heard
        using (var tx = a.BeginWrite())
            Assert.True(tx.TryUseNonce("key", "n1", T0.AddDays(1))); // the nonce was not kept either
    }

    [StoreFact]
    public async Task An_account_read_as_missing_that_another_process_created_meanwhile_fails_the_commit()
    {
        var (a, b) = await OpenTwoAsync();
        using (var tx = a.BeginOptimisticWrite())
        {
            Assert.Null(tx.FindAccount("carol"));
            await Task.Run(() =>
            {
                using var other = b.BeginWrite();
                Append(other, "MB");
                other.PutAccount(new AccountRow("carol", "MB", "Open", 0, T0));
                other.Commit();
            }).WaitAsync(Patience);
            Append(tx, "MA");
            tx.PutAccount(new AccountRow("carol", "MA", "Open", tx.LogSize - 1, T0));
            Assert.Throws<WriteConflictException>(tx.Commit);
        }
        Assert.Equal("MB", a.FindAccount("carol")!.ProfileId);
        Assert.Equal(1, a.ReadHead().Size);
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
    public async Task A_read_of_a_key_the_database_cannot_hold_does_not_fail_the_batch()
    {
        var (a, _) = await OpenTwoAsync();
        using (var tx = a.BeginOptimisticWrite())
        {
            Assert.Null(tx.FindLatestEntry("bad\0id")); // a hostile identifier, refused by the request's own checks
            Assert.Null(tx.FindAccount("bad\0account"));
            Append(tx, "MA");
            tx.Commit();
        }
        Assert.Equal(0, a.FindLatestEntry("MA")!.LogIndex);
    }

    [StoreFact]
    public async Task What_needs_the_lock_is_refused_while_deciding_without_it()
    {
        var (a, _) = await OpenTwoAsync();
        using var tx = a.BeginOptimisticWrite();
        Assert.Throws<WriteConflictException>(() => tx.FindConnection("alice", "device"));
        Assert.Throws<WriteConflictException>(() => tx.Nodes);
        Assert.Throws<WriteConflictException>(() => tx.PutCheckpoint(new CheckpointRow(0, [1], T0)));
    }

    [StoreFact]
    public async Task A_batch_whose_read_changed_is_decided_again_and_sees_what_the_other_process_wrote()
    {
        var (a, b) = await OpenTwoAsync();
        await using var log = new PortalLog(a, TestPortal.Domain, 64, TimeProvider.System);
        static WriteDecision Entry(string identifier) => new(new LogRecord { Entry = new EncryptedProfile { Identifier = identifier } });
        await log.WriteAsync(_ => Entry("E0")).WaitAsync(Patience);

        var calls = 0;
        long? seen = null;
        var appended = await log.WriteAsync(tx =>
        {
            seen = tx.FindLatestEntry("MB")?.LogIndex;
            // The first time, another process publishes what this batch read while it is being decided.
            if (calls++ == 0) PublishAsync(b, "MB").GetAwaiter().GetResult();
            return Entry("E1");
        }).WaitAsync(Patience);

        Assert.Equal(2, calls); // decided again
        Assert.Equal(1, seen); // seeing b's write
        Assert.Equal(2, appended.Index);
        Assert.Equal(TransactionIds.Format(2, TestPortal.Domain), appended.TransactionId);
        Assert.Equal(2, a.FindLatestEntry("E1")!.LogIndex);
    }

    [StoreFact]
    public async Task Two_processes_writing_at_once_keep_one_log_with_the_tree_and_tiles_of_its_entries()
    {
        var (a, b) = await OpenTwoAsync();
        await using var logA = new PortalLog(a, TestPortal.Domain, 64, TimeProvider.System);
        await using var logB = new PortalLog(b, TestPortal.Domain, 64, TimeProvider.System);
        static WriteDecision Entry(string identifier) => new(new LogRecord { Entry = new EncryptedProfile { Identifier = identifier } });
        // 600 entries, crossing two full tiles, in batches of both processes interleaved.
        var writes = Enumerable.Range(0, 300).SelectMany(i => new[]
        {
            logA.WriteAsync(_ => Entry($"A{i}")),
            logB.WriteAsync(_ => Entry($"B{i}")),
        }).ToList();
        var appended = await Task.WhenAll(writes).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(Enumerable.Range(0, 600).Select(i => (long)i), appended.Select(x => x.Index).Order());
        for (var i = 0; i < 300; i++)
        {
            Assert.Equal(appended[2 * i].Index, a.FindLatestEntry($"A{i}")!.LogIndex);
            Assert.Equal(appended[2 * i + 1].Index, a.FindLatestEntry($"B{i}")!.LogIndex);
        }
        AssertTreeIsTheLogs(a);
    }

    // The stored Merkle nodes and full tiles are those of the log's leaves, computed here.
    private static void AssertTreeIsTheLogs(CachingPortalStore store)
    {
        var size = store.ReadHead().Size;
        var expected = new MerkleTree(new MemoryMerkleNodeStore());
        var hashes = new List<byte[]>();
        for (long from = 0; from < size; from += 100)
        {
            foreach (var row in store.ReadLog(from, 100))
            {
                hashes.Add(MerkleHash.Leaf(row.Leaf));
                expected.Append(hashes[^1]);
            }
        }
        using var nodes = store.ReadNodes();
        var stored = new MerkleTree(nodes);
        Assert.Equal(size, stored.Size);
        Assert.Equal(expected.Root(), stored.Root());
        for (long n = 1; n < size; n += 37) Assert.Equal(expected.Root(n), stored.Root(n));
        for (var tile = 0; tile < size / 256; tile++)
            Assert.Equal(hashes.Skip(tile * 256).Take(256).SelectMany(h => h).ToArray(), store.ReadTile(0, tile));
        Assert.Null(store.ReadTile(0, size / 256));
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
