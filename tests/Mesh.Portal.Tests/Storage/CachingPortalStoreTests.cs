using Mesh.Portal.Storage;
using Mesh.Portal.Storage.Postgres;
using Npgsql;

namespace Mesh.Portal.Tests.Storage;

/// <summary>The whole store contract holds with the latest rows held in memory in front of PostgreSQL.</summary>
[RequiresPostgres]
public sealed class CachingPostgresStoreTests(PostgresDatabase database) : PortalStoreContract, IClassFixture<PostgresDatabase>
{
    private string? _schema;

    protected override IPortalStore CreateStore() => new CachingPortalStore(new PostgresPortalStore(_schema ??= database.NewSchema()));
}

/// <summary>
/// Two caching stores on one database, as two portal processes: what one commits reaches the other's held
/// rows through the commit announcements, at once for its writer and within moments for its readers.
/// </summary>
[RequiresPostgres]
public sealed class CachingPortalStoreTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 0, 0, 0, TimeSpan.Zero);
    private readonly List<IPortalStore> _opened = [];
    private string? _schema;

    private CachingPortalStore Open()
    {
        var store = new CachingPortalStore(new PostgresPortalStore(_schema ??= database.NewSchema()));
        _opened.Add(store);
        store.Initialize();
        return store;
    }

    // Appends one entry and records it as the latest version of `identifier`, with its account's row.
    private static long Publish(CachingPortalStore store, string identifier, string account = "alice")
    {
        using var tx = store.BeginWrite();
        var index = tx.LogSize;
        tx.AppendLog(index, [(byte)index], T0.AddSeconds(index));
        tx.PutEntryVersion(new EntryVersionRow(identifier, account, "SignedPersonalProfile", index, T0.AddSeconds(index)));
        tx.PutAccount(new AccountRow(account, identifier, "Open", index, T0));
        tx.Commit();
        return index;
    }

    private static async Task<T> EventuallyAsync<T>(Func<T> read, Func<T, bool> done)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(20); ; await Task.Delay(20))
        {
            var value = read();
            if (done(value) || DateTime.UtcNow > deadline) return value;
        }
    }

    [StoreFact]
    public async Task A_commit_of_another_process_replaces_the_held_version()
    {
        var a = Open();
        var b = Open();
        await EventuallyAsync(() => b.Listening, x => x);
        Publish(a, "MPROFILE");
        Assert.Equal(0, b.FindLatestEntry("MPROFILE")!.LogIndex); // read once: now held by b
        Assert.Equal(0, b.FindAccount("alice")!.LogIndex);

        var second = Publish(a, "MPROFILE");
        Assert.Equal(second, (await EventuallyAsync(() => b.FindLatestEntry("MPROFILE")!, v => v.LogIndex == second)).LogIndex);
        Assert.Equal(second, b.FindAccount("alice")!.LogIndex);
    }

    [StoreFact]
    public async Task The_writer_sees_the_other_process_at_once_without_waiting_for_the_announcement()
    {
        var a = Open();
        var b = Open();
        await EventuallyAsync(() => b.Listening, x => x);
        Publish(b, "MPROFILE");
        for (var round = 0; round < 20; round++)
        {
            // Each writer's check is exact under the lock, whoever wrote last: never a stale latest version.
            var (writer, other) = round % 2 == 0 ? (a, b) : (b, a);
            using (var tx = writer.BeginWrite())
            {
                Assert.Equal(tx.LogSize - 1, tx.FindLatestEntry("MPROFILE")!.LogIndex);
                Assert.Equal(tx.LogSize - 1, tx.FindAccount("alice")!.LogIndex);
            }
            Publish(writer, "MPROFILE");
            _ = other.FindLatestEntry("MPROFILE"); // held by the other, to be replaced
        }
    }

    [StoreFact]
    public async Task A_rebuild_elsewhere_forgets_what_is_held()
    {
        var a = Open();
        var b = Open();
        await EventuallyAsync(() => b.Listening, x => x);
        Publish(a, "MPROFILE");
        Assert.NotNull(b.FindLatestEntry("MPROFILE"));
        using (var tx = a.BeginWrite())
        {
            tx.ClearDerivedState();
            tx.Commit();
        }
        Assert.Null(await EventuallyAsync(() => b.FindLatestEntry("MPROFILE"), v => v is null));
        Assert.Null(a.FindLatestEntry("MPROFILE"));
    }

    [StoreFact]
    public async Task After_the_announcements_are_lost_reads_go_to_the_database_until_they_are_heard_again()
    {
        var a = Open();
        var b = Open();
        await EventuallyAsync(() => b.Listening && a.Listening, x => x);
        Publish(a, "MPROFILE");
        Assert.Equal(0, b.FindLatestEntry("MPROFILE")!.LogIndex);

        // End every listening connection on the database, as a server restart or a network cut would.
        using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_schema!) { Pooling = false }.ConnectionString))
        {
            connection.Open();
            using var kill = new NpgsqlCommand(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1", connection)
            {
                Parameters = { new NpgsqlParameter<string> { TypedValue = PostgresPortalStore.ListenerName } },
            };
            var killed = 0;
            using (var reader = kill.ExecuteReader()) while (reader.Read()) killed++;
            Assert.True(killed >= 2, $"{killed} listening connections ended");
        }
        Assert.False(await EventuallyAsync(() => b.Listening, x => !x)); // it notices, and stops answering from memory
        var second = Publish(a, "MPROFILE");
        // Meanwhile it reads the database, then listens again.
        Assert.Equal(second, (await EventuallyAsync(() => b.FindLatestEntry("MPROFILE")!, v => v.LogIndex == second)).LogIndex);
        Assert.True(await EventuallyAsync(() => b.Listening, x => x));
        var third = Publish(a, "MPROFILE");
        Assert.Equal(third, (await EventuallyAsync(() => b.FindLatestEntry("MPROFILE")!, v => v.LogIndex == third)).LogIndex);
    }

    public void Dispose()
    {
        foreach (var store in _opened) store.Dispose();
    }
}
