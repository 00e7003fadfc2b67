using System.Data;
using System.Globalization;
using Npgsql;
using static Mesh.Portal.Storage.Postgres.PostgresQueries;

namespace Mesh.Portal.Storage.Postgres;

/// <summary>
/// The store for a portal that outgrows one file, or runs as several processes: a PostgreSQL
/// database reached through a pooled <see cref="NpgsqlDataSource"/>. The write transaction locks
/// one row, so writers in every process on the database take turns and the log's order is decided
/// in the database; commits wait for the WAL flush (synchronous_commit on). Reads run beside the
/// writer on other pooled connections and see only committed data. Errors reaching the server are
/// not hidden: every member throws the <see cref="NpgsqlException"/>.
/// </summary>
public sealed class PostgresPortalStore : ISharedStore
{
    // The advisory lock that serializes schema creation across processes ("MeshPort" in ASCII).
    private const long SchemaLock = 0x4D657368_506F7274;

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _listenerConnectionString;

    /// <summary>
    /// Prepares a store over the database <paramref name="connectionString"/> names (an Npgsql
    /// connection string; its <c>Search Path</c> may name the schema to use). Nothing is
    /// connected until the first call.
    /// </summary>
    /// <exception cref="ArgumentException">the connection string is empty or malformed</exception>
    public PostgresPortalStore(string connectionString)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        // The portal runs a dozen statements over and over: have the server plan each once per
        // connection (a third more Gets and half again as many publishes per second), unless the
        // operator chose otherwise.
        if (settings.MaxAutoPrepare == 0)
        {
            settings.MaxAutoPrepare = 64;
            settings.AutoPrepareMinUsages = 2;
        }
        // Nothing the portal does outlives a transaction (SET LOCAL, transaction-scoped advisory locks;
        // the listener keeps its own connection), so a connection needs no reset when it goes back to
        // the pool: seven statements fewer per borrowed connection.
        if (!Names(connectionString, "No Reset On Close")) settings.NoResetOnClose = true;
        _dataSource = NpgsqlDataSource.Create(settings.ConnectionString);
        // The listener's connection is its own, named so that an operator can tell it in pg_stat_activity.
        _listenerConnectionString = new NpgsqlConnectionStringBuilder(settings.ConnectionString) { ApplicationName = ListenerName, Pooling = false }.ConnectionString;
    }

    // Whether the connection string gives the setting itself (with or without the spaces of its name).
    private static bool Names(string connectionString, string keyword) =>
        new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Any(k => string.Equals(k.Replace(" ", "", StringComparison.Ordinal), keyword.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase));

    /// <inheritdoc/>
    public string Backend => "postgresql";

    /// <inheritdoc/>
    /// <remarks>Holds a transaction-scoped advisory lock while it runs the schema, so processes that start at once take turns.</remarks>
    public void Initialize()
    {
        using var schema = typeof(PostgresPortalStore).Assembly.GetManifestResourceStream("Mesh.Portal.Storage.Postgres.schema.sql")
            ?? throw new InvalidOperationException("The PostgreSQL schema is missing from the assembly.");
        var sql = new StreamReader(schema).ReadToEnd();
        using var connection = _dataSource.OpenConnection();
        using var transaction = connection.BeginTransaction();
        Execute(connection, transaction, "SELECT pg_advisory_xact_lock(@key)", ("key", SchemaLock));
        Execute(connection, transaction, sql);
        transaction.Commit();
    }

    /// <inheritdoc/>
    /// <remarks>Waits for the writer of any process to finish (at most the command timeout, 30 s by default).</remarks>
    public ISharedWriteTransaction BeginWrite() => BeginWrite(null);

    /// <inheritdoc/>
    public ISharedWriteTransaction BeginWrite(long? changesFrom) => Begin(connection => PostgresWriteTransaction.Locked(connection, changesFrom));

    IWriteTransaction IPortalStore.BeginWrite() => BeginWrite();

    /// <inheritdoc/>
    /// <remarks>Nothing is sent before the commit, which is one round trip for a whole batch (the lock, the check, the writes, COMMIT).</remarks>
    public ISharedWriteTransaction BeginPositionedWrite(long exactBelow) => Begin(connection => PostgresWriteTransaction.Unlocked(connection, exactBelow));

    private PostgresWriteTransaction Begin(Func<NpgsqlConnection, PostgresWriteTransaction> start)
    {
        var connection = _dataSource.OpenConnection();
        try
        {
            return start(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The application_name of the connection that listens for commits.</summary>
    public const string ListenerName = "mesh-portal listener";

    /// <inheritdoc/>
    /// <remarks>LISTEN on its own connection (<see cref="PostgresCommitListener"/>), reconnecting a second after a failure.</remarks>
    public IDisposable Watch(Action<long> listening, Action<long, bool> committed, Action lost) =>
        new PostgresCommitListener(_listenerConnectionString, PostgresWriteTransaction.Channel, listening, committed, lost);

    /// <inheritdoc/>
    public LogChanges? ReadChanges(long from)
    {
        using var c = _dataSource.OpenConnection();
        using var snapshot = c.BeginTransaction(IsolationLevel.RepeatableRead);
        var changes = PostgresQueries.ReadChanges(c, snapshot, from, Head(c, snapshot).Size);
        snapshot.Commit();
        return changes;
    }

    /// <inheritdoc/>
    public LogHead ReadHead()
    {
        using var c = _dataSource.OpenConnection();
        return Head(c, null);
    }

    /// <inheritdoc/>
    public IReadOnlyList<LogRow> ReadLog(long from, int max)
    {
        using var c = _dataSource.OpenConnection();
        return PostgresQueries.ReadLog(c, null, from, max);
    }

    /// <inheritdoc/>
    public AccountRow? FindAccount(string accountId)
    {
        using var c = _dataSource.OpenConnection();
        return PostgresQueries.FindAccount(c, null, accountId);
    }

    /// <inheritdoc/>
    public long CountAccounts()
    {
        using var c = _dataSource.OpenConnection();
        using var command = new NpgsqlCommand("SELECT COUNT(*) FROM account", c);
        return (long)command.ExecuteScalar()!;
    }

    /// <inheritdoc/>
    public IReadOnlyList<EntryVersionRow> FindEntryVersions(string identifier, DateTimeOffset? notBefore, DateTimeOffset? before, long? belowIndex, int max)
    {
        using var c = _dataSource.OpenConnection();
        return PostgresQueries.FindEntryVersions(c, null, identifier, notBefore, before, belowIndex, max);
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> FindByTerm(string term, int max)
    {
        using var c = _dataSource.OpenConnection();
        return PostgresQueries.FindByTerm(c, term, max);
    }

    /// <inheritdoc/>
    public ConnectionRow? FindConnection(string account, string deviceId)
    {
        using var c = _dataSource.OpenConnection();
        return PostgresQueries.FindConnection(c, null, account, deviceId);
    }

    /// <inheritdoc/>
    public IReadOnlyList<ConnectionRow> ListPending(string account, long afterIndex, int max, DateTimeOffset since)
    {
        using var c = _dataSource.OpenConnection();
        return PostgresQueries.ListPending(c, account, afterIndex, max, since);
    }

    /// <inheritdoc/>
    public CheckpointRow? LatestCheckpoint()
    {
        using var c = _dataSource.OpenConnection();
        return Checkpoint(c, null);
    }

    /// <inheritdoc/>
    public CheckpointRow? FindCheckpoint(long treeSize)
    {
        using var c = _dataSource.OpenConnection();
        return Checkpoint(c, treeSize);
    }

    /// <inheritdoc/>
    public byte[]? ReadTile(int level, long index)
    {
        using var c = _dataSource.OpenConnection();
        return PostgresQueries.ReadTile(c, level, index);
    }

    /// <inheritdoc/>
    public byte[] ReadHashes(int treeLevel, long from, int count)
    {
        using var c = _dataSource.OpenConnection();
        return PostgresQueries.ReadHashes(c, null, treeLevel, from, count);
    }

    /// <inheritdoc/>
    /// <remarks>The same lines as the SQLite store's, read from one snapshot.</remarks>
    public IReadOnlyList<string> DumpDerivedState()
    {
        using var c = _dataSource.OpenConnection();
        using var snapshot = c.BeginTransaction(IsolationLevel.RepeatableRead);
        var lines = new List<string>();
        foreach (var sql in new[]
        {
            "SELECT 'account', account_id, profile_id, status, log_index, created FROM account",
            "SELECT 'entry', identifier, log_index, account, type, published FROM entry_version",
            "SELECT 'term', term, identifier FROM term",
            "SELECT 'connection', account, device_id, request_index, result_index, created FROM connection",
        })
        {
            using var command = Command(c, snapshot, sql);
            using var reader = command.ExecuteReader();
            while (reader.Read())
                lines.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
        }
        snapshot.Commit();
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    /// <inheritdoc/>
    public INodeReader ReadNodes()
    {
        var connection = _dataSource.OpenConnection();
        return new PostgresNodeStore(connection, null, ownsConnection: true);
    }

    /// <inheritdoc/>
    /// <remarks>Closes the pooled connections.</remarks>
    public void Dispose() => _dataSource.Dispose();
}
