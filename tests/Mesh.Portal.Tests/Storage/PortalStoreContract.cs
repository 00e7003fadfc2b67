using Mesh.Merkle;
using Mesh.Portal.Storage;

namespace Mesh.Portal.Tests.Storage;

/// <summary>
/// The contract of <see cref="IPortalStore"/>, run against every backend: a subclass supplies a
/// fresh, empty database per test. This part: the schema, the log, the write transaction and its
/// exclusion of other writers; the derived state and the Merkle nodes are in the other parts.
/// </summary>
public abstract partial class PortalStoreContract : IDisposable
{
    protected static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1_234_567);

    private readonly List<IPortalStore> _opened = [];
    private IPortalStore? _store;

    /// <summary>A new store over this test's database: every call another one over the same database, as another process would open.</summary>
    protected abstract IPortalStore CreateStore();

    /// <summary>This test's store, initialized.</summary>
    protected IPortalStore Store => _store ??= Open();

    /// <summary>Another store over this test's database, disposed with the test.</summary>
    protected IPortalStore Open(bool initialize = true)
    {
        var store = CreateStore();
        _opened.Add(store);
        if (initialize) store.Initialize();
        return store;
    }

    protected static byte[] Leaf(long index) => System.Text.Encoding.UTF8.GetBytes($"entry {index}");

    /// <summary>Appends entries 'entry i' published at T0 + i minutes, in one committed transaction.</summary>
    protected void Append(int count)
    {
        using var tx = Store.BeginWrite();
        for (var i = 0; i < count; i++) tx.AppendLog(tx.LogSize, Leaf(tx.LogSize), T0.AddMinutes(tx.LogSize));
        tx.Commit();
    }

    [StoreFact]
    public void An_empty_store_reads_empty_and_Initialize_can_run_again()
    {
        Store.Initialize();
        Assert.False(string.IsNullOrEmpty(Store.Backend));
        Assert.Equal(new LogHead(0, null), Store.ReadHead());
        Assert.Empty(Store.ReadLog(0, 10));
        Assert.Null(Store.LatestCheckpoint());
        Assert.Empty(Store.DumpDerivedState());
        using var nodes = Store.ReadNodes();
        Assert.Equal(0, nodes.LeafCount);
        using var tx = Store.BeginWrite();
        Assert.Equal(0, tx.LogSize);
    }

    [StoreFact]
    public async Task Two_stores_can_initialize_one_database_at_once()
    {
        IPortalStore[] stores = [Open(initialize: false), Open(initialize: false), Open(initialize: false)];
        await Task.WhenAll(stores.Select(s => Task.Run(s.Initialize)));
        using (var tx = stores[0].BeginWrite())
        {
            tx.AppendLog(0, Leaf(0), T0);
            tx.Commit();
        }
        Assert.All(stores, s => Assert.Equal(1, s.ReadHead().Size));
    }

    [StoreFact]
    public void The_log_is_read_back_in_order_with_its_exact_bytes_and_times()
    {
        Append(5);
        var log = Store.ReadLog(0, 10);
        Assert.Equal([0L, 1, 2, 3, 4], log.Select(r => r.Index));
        foreach (var row in log)
        {
            Assert.Equal(Leaf(row.Index), row.Leaf);
            Assert.Equal(T0.AddMinutes(row.Index), row.Published);
            Assert.Equal(TimeSpan.Zero, row.Published.Offset);
        }
        Assert.Equal([2L, 3], Store.ReadLog(2, 2).Select(r => r.Index));
        Assert.Equal([4L], Store.ReadLog(4, 10).Select(r => r.Index));
        Assert.Empty(Store.ReadLog(5, 10));
        Assert.Equal(new LogHead(5, T0.AddMinutes(4)), Store.ReadHead());
    }

    [StoreFact]
    public void A_time_in_another_offset_is_kept_as_the_same_instant_in_UTC()
    {
        var local = new DateTimeOffset(2026, 5, 6, 7, 8, 9, TimeSpan.FromHours(-5)).AddTicks(3);
        using (var tx = Store.BeginWrite())
        {
            tx.AppendLog(0, Leaf(0), local);
            tx.Commit();
        }
        var published = Store.ReadLog(0, 1)[0].Published;
        Assert.Equal(local.UtcTicks, published.UtcTicks);
        Assert.Equal(TimeSpan.Zero, published.Offset);
    }

    [StoreFact]
    public void AppendLog_refuses_a_gap_or_a_rewrite_and_LogSize_counts_the_entries()
    {
        Append(2);
        using (var tx = Store.BeginWrite())
        {
            Assert.Equal(2, tx.LogSize);
            Assert.Throws<InvalidOperationException>(() => tx.AppendLog(3, Leaf(3), T0)); // a gap
            Assert.Throws<InvalidOperationException>(() => tx.AppendLog(1, Leaf(1), T0)); // a rewrite
            tx.AppendLog(2, Leaf(2), T0);
            Assert.Equal(3, tx.LogSize);
            Assert.Throws<InvalidOperationException>(() => tx.AppendLog(2, Leaf(2), T0));
            tx.Commit(); // a refused append leaves the transaction usable
        }
        Assert.Equal(3, Store.ReadHead().Size);
        Assert.Equal(Leaf(1), Store.ReadLog(1, 1)[0].Leaf);
    }

    [StoreFact]
    public void Uncommitted_writes_are_invisible_to_readers_and_gone_after_dispose()
    {
        Append(1);
        using (var tx = Store.BeginWrite())
        {
            tx.AppendLog(1, Leaf(1), T0);
            tx.PutAccount(new AccountRow("alice", "MPROFILE", "Open", 1, T0));
            tx.PutCheckpoint(new CheckpointRow(2, [1, 2], T0));
            new MerkleTree(tx.Nodes).Append(MerkleHash.Leaf(Leaf(0)));

            Assert.Equal(1, Store.ReadHead().Size);
            Assert.Single(Store.ReadLog(0, 10));
            Assert.Null(Store.FindAccount("alice"));
            Assert.Equal(0, Store.CountAccounts());
            Assert.Null(Store.LatestCheckpoint());
            using var nodes = Store.ReadNodes();
            Assert.Equal(0, nodes.LeafCount);
        } // disposed without Commit: rolled back
        Assert.Equal(1, Store.ReadHead().Size);
        Assert.Null(Store.FindAccount("alice"));
        Assert.Null(Store.LatestCheckpoint());
        using (var nodes = Store.ReadNodes()) Assert.Equal(0, nodes.LeafCount);
        using var next = Store.BeginWrite();
        Assert.Equal(1, next.LogSize);
    }

    [StoreFact]
    public void CountAccounts_counts_each_account_once_whatever_its_versions()
    {
        Append(3);
        using (var tx = Store.BeginWrite())
        {
            tx.PutAccount(new AccountRow("alice", "MPROFILE", "Open", 0, T0));
            tx.PutAccount(new AccountRow("bob", "MOTHER", "Open", 1, T0));
            tx.PutAccount(new AccountRow("alice", "MPROFILE", "Open", 2, T0)); // a new version replaces the row
            tx.Commit();
        }
        Assert.Equal(2, Store.CountAccounts());
    }

    [StoreFact]
    public void Reads_inside_the_transaction_see_its_own_writes()
    {
        Append(1);
        using var tx = Store.BeginWrite();
        tx.AppendLog(1, Leaf(1), T0.AddHours(1));
        Assert.Equal(Leaf(0), tx.ReadLog(0).Leaf);
        var own = tx.ReadLog(1);
        Assert.Equal((1L, T0.AddHours(1)), (own.Index, own.Published));
        Assert.Equal(Leaf(1), own.Leaf);
        Assert.Throws<InvalidOperationException>(() => tx.ReadLog(2));

        Assert.Null(tx.FindAccount("alice"));
        tx.PutAccount(new AccountRow("alice", "MPROFILE", "Open", 1, T0));
        Assert.Equal(new AccountRow("alice", "MPROFILE", "Open", 1, T0), tx.FindAccount("alice"));

        Assert.Null(tx.FindLatestEntry("MPROFILE"));
        tx.PutEntryVersion(new EntryVersionRow("MPROFILE", "alice", "SignedPersonalProfile", 0, T0));
        tx.PutEntryVersion(new EntryVersionRow("MPROFILE", "alice", "SignedPersonalProfile", 1, T0.AddHours(1)));
        Assert.Equal(new EntryVersionRow("MPROFILE", "alice", "SignedPersonalProfile", 1, T0.AddHours(1)), tx.FindLatestEntry("MPROFILE"));

        Assert.Null(tx.FindConnection("alice", "MDEVICE"));
        Assert.Equal(0, tx.CountPending("alice", T0));
        tx.PutConnection(new ConnectionRow("alice", "MDEVICE", 1, null, T0));
        Assert.Equal(new ConnectionRow("alice", "MDEVICE", 1, null, T0), tx.FindConnection("alice", "MDEVICE"));
        Assert.Equal(1, tx.CountPending("alice", T0));
    }

    [StoreFact]
    public async Task A_second_writer_waits_until_the_first_commits() => await SecondWriterWaits(Store, Store);

    [StoreFact]
    public async Task A_writer_on_another_store_of_the_database_waits_until_the_first_commits() => await SecondWriterWaits(Store, Open());

    // The second BeginWrite must not return while the first transaction is open, and must then
    // see the first one's entry: the outcome, not the speed, is what is checked.
    private static async Task SecondWriterWaits(IPortalStore first, IPortalStore second)
    {
        Task<long> writer;
        using (var tx = first.BeginWrite())
        {
            tx.AppendLog(0, Leaf(0), T0);
            using var started = new SemaphoreSlim(0);
            writer = Task.Run(() =>
            {
                started.Release();
                using var tx2 = second.BeginWrite();
                var size = tx2.LogSize;
                tx2.AppendLog(size, Leaf(size), T0);
                tx2.Commit();
                return size;
            });
            await started.WaitAsync();
            await Task.WhenAny(writer, Task.Delay(TimeSpan.FromMilliseconds(300)));
            Assert.False(writer.IsCompleted, "The second write transaction began while the first was open.");
            tx.Commit();
        }
        Assert.Equal(1, await writer.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(2, first.ReadHead().Size);
    }

    [StoreFact]
    public async Task Two_stores_on_one_database_appending_at_once_make_one_gap_free_log()
    {
        const int transactions = 20;
        IPortalStore[] stores = [Store, Open()];
        var writers = stores.Select((store, s) => Task.Run(() =>
        {
            for (var t = 0; t < transactions; t++)
            {
                using var tx = store.BeginWrite();
                var tree = new MerkleTree(tx.Nodes);
                for (var k = 0; k <= t % 3; k++)
                {
                    var leaf = System.Text.Encoding.UTF8.GetBytes($"{s} {t} {k}");
                    tx.AppendLog(tx.LogSize, leaf, T0);
                    tree.Append(MerkleHash.Leaf(leaf));
                }
                tx.Commit();
            }
        })).ToArray();
        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromMinutes(2));

        var log = Store.ReadLog(0, 1000);
        var expected = stores.Length * Enumerable.Range(0, transactions).Sum(t => t % 3 + 1);
        Assert.Equal(Enumerable.Range(0, expected).Select(i => (long)i), log.Select(r => r.Index));
        var entries = log.Select(r => System.Text.Encoding.UTF8.GetString(r.Leaf).Split(' ').Select(int.Parse).ToArray()).ToList();
        Assert.Equal(expected, entries.Select(e => (e[0], e[1], e[2])).Distinct().Count());
        // Each transaction's entries are together, in order: the transactions did not interleave.
        for (var i = 0; i < entries.Count; i++)
        {
            var (s, t, k) = (entries[i][0], entries[i][1], entries[i][2]);
            if (k > 0) Assert.Equal([s, t, k - 1], entries[i - 1]);
        }
        var reference = new MerkleTree(new MemoryMerkleNodeStore());
        foreach (var row in log) reference.Append(MerkleHash.Leaf(row.Leaf));
        using var nodes = Store.ReadNodes();
        Assert.Equal(reference.Root(), new MerkleTree(nodes).Root());
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (!disposing) return;
        foreach (var store in _opened) store.Dispose();
        _opened.Clear();
    }
}
