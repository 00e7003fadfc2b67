using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Mesh.Portal.Storage.Sqlite;

/// <summary>
/// The embedded default store: one SQLite database file in WAL mode with synchronous=FULL, so a
/// committed write survives a crash or power loss. Reads run beside the single writer on their
/// own sessions (connections with prepared statements), kept for reuse.
/// </summary>
public sealed class SqlitePortalStore : IPortalStore
{
    // Idle reader sessions kept for reuse; more are opened when more requests read at once.
    private const int MaxIdleReaders = 32;

    private readonly string _connectionString;
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly ConcurrentBag<SqliteSession> _readers = [];
    private SqliteSession? _writeSession;

    /// <summary>Opens (or creates) the database at <paramref name="path"/>.</summary>
    public SqlitePortalStore(string path)
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <inheritdoc/>
    public string Backend => "sqlite";

    /// <inheritdoc/>
    public void Initialize()
    {
        using var session = new SqliteSession(_connectionString, durableWrites: true);
        Execute(session.Connection, "PRAGMA journal_mode=WAL;");
        using var schema = typeof(SqlitePortalStore).Assembly.GetManifestResourceStream("Mesh.Portal.Storage.Sqlite.schema.sql")
            ?? throw new InvalidOperationException("The SQLite schema is missing from the assembly.");
        Execute(session.Connection, new StreamReader(schema).ReadToEnd());
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <inheritdoc/>
    public IWriteTransaction BeginWrite()
    {
        _writer.Wait();
        try
        {
            // One session for every write: its statements stay prepared from one commit to the next.
            _writeSession ??= new SqliteSession(_connectionString, durableWrites: true);
            return new SqliteWriteTransaction(_writeSession, EndWrite);
        }
        catch
        {
            EndWrite(healthy: false);
            throw;
        }
    }

    // A session whose transaction failed to commit or roll back is closed, not reused.
    private void EndWrite(bool healthy)
    {
        if (!healthy)
        {
            _writeSession?.Dispose();
            _writeSession = null;
        }
        _writer.Release();
    }

    // Runs a read on an idle session; a session that failed is closed rather than reused.
    private T Read<T>(Func<SqliteSession, T> read)
    {
        var session = _readers.TryTake(out var idle) ? idle : new SqliteSession(_connectionString, durableWrites: false);
        T result;
        try
        {
            result = read(session);
        }
        catch
        {
            session.Dispose();
            throw;
        }
        Return(session);
        return result;
    }

    private void Return(SqliteSession session)
    {
        if (_readers.Count < MaxIdleReaders) _readers.Add(session);
        else session.Dispose();
    }

    /// <inheritdoc/>
    public LogHead ReadHead() => Read(c => SqliteQueries.Head(c, null));

    /// <inheritdoc/>
    public IReadOnlyList<LogRow> ReadLog(long from, int max) => Read(c => SqliteQueries.ReadLog(c, from, max));

    /// <inheritdoc/>
    public AccountRow? FindAccount(string accountId) => Read(c => SqliteQueries.FindAccount(c, null, accountId));

    /// <inheritdoc/>
    public long CountAccounts() => Read(c => Convert.ToInt64(c.Command(null, "SELECT COUNT(*) FROM account").ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));

    /// <inheritdoc/>
    public IReadOnlyList<EntryVersionRow> FindEntryVersions(string identifier, DateTimeOffset? notBefore, DateTimeOffset? before, long? belowIndex, int max) =>
        Read(c => SqliteQueries.FindEntryVersions(c, null, identifier, notBefore, before, belowIndex, max));

    /// <inheritdoc/>
    public IReadOnlyList<string> FindByTerm(string term, int max) => Read(c => SqliteQueries.FindByTerm(c, term, max));

    /// <inheritdoc/>
    public ConnectionRow? FindConnection(string account, string deviceId) => Read(c => SqliteQueries.FindConnection(c, null, account, deviceId));

    /// <inheritdoc/>
    public IReadOnlyList<ConnectionRow> ListPending(string account, long afterIndex, int max, DateTimeOffset since) =>
        Read(c => SqliteQueries.ListPending(c, account, afterIndex, max, since));

    /// <inheritdoc/>
    public CheckpointRow? LatestCheckpoint() => Read(c => SqliteQueries.Checkpoint(c, null));

    /// <inheritdoc/>
    public CheckpointRow? FindCheckpoint(long treeSize) => Read(c => SqliteQueries.Checkpoint(c, treeSize));

    /// <inheritdoc/>
    public byte[]? ReadTile(int level, long index) => Read(c => SqliteQueries.ReadTile(c, null, level, index));

    /// <inheritdoc/>
    public byte[] ReadHashes(int treeLevel, long from, int count) => Read(c => SqliteQueries.ReadHashes(c, null, treeLevel, from, count));

    private static readonly string[] DerivedStateQueries =
    [
        "SELECT 'account', account_id, profile_id, status, log_index, created FROM account",
        "SELECT 'entry', identifier, log_index, account, type, published FROM entry_version",
        "SELECT 'term', term, identifier FROM term",
        "SELECT 'connection', account, device_id, request_index, result_index, created FROM connection",
    ];

    /// <inheritdoc/>
    public IReadOnlyList<string> DumpDerivedState() => Read(c =>
    {
        var lines = new List<string>();
        foreach (var sql in DerivedStateQueries)
        {
            using var reader = c.Command(null, sql).ExecuteReader();
            while (reader.Read())
                lines.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }
        lines.Sort(StringComparer.Ordinal);
        return lines;
    });

    /// <inheritdoc/>
    public INodeReader ReadNodes()
    {
        var session = _readers.TryTake(out var idle) ? idle : new SqliteSession(_connectionString, durableWrites: false);
        return new SqliteNodeStore(session, null, () => Return(session));
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        // A write still running when the portal stops keeps its session; the process is ending.
        if (_writer.Wait(TimeSpan.FromSeconds(30)))
        {
            _writeSession?.Dispose();
            _writeSession = null;
            _writer.Release();
        }
        while (_readers.TryTake(out var session)) session.Dispose();
    }
}
