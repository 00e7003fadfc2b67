using Mesh.Merkle;
using Microsoft.Data.Sqlite;

namespace Mesh.Portal.Storage.Sqlite;

/// <summary>
/// The embedded default store: one SQLite database file in WAL mode with synchronous=FULL, so a
/// committed write survives a crash or power loss. Reads use pooled connections and run beside
/// the single writer.
/// </summary>
public sealed class SqlitePortalStore : IPortalStore
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writer = new(1, 1);

    /// <summary>Opens (or creates) the database at <paramref name="path"/>.</summary>
    public SqlitePortalStore(string path)
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <inheritdoc/>
    public string Backend => "sqlite";

    /// <inheritdoc/>
    public void Initialize()
    {
        using var connection = Open();
        Execute(connection, "PRAGMA journal_mode=WAL;");
        using var schema = typeof(SqlitePortalStore).Assembly.GetManifestResourceStream("Mesh.Portal.Storage.Sqlite.schema.sql")
            ?? throw new InvalidOperationException("The SQLite schema is missing from the assembly.");
        Execute(connection, new StreamReader(schema).ReadToEnd());
    }

    internal SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        // Durability: a commit returns only once the WAL is on disk.
        Execute(connection, "PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000;");
        return connection;
    }

    internal static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    /// <inheritdoc/>
    public IWriteTransaction BeginWrite()
    {
        _writer.Wait();
        try
        {
            return new SqliteWriteTransaction(Open(), _writer);
        }
        catch
        {
            _writer.Release();
            throw;
        }
    }

    /// <inheritdoc/>
    public LogHead ReadHead()
    {
        using var c = Open();
        return SqliteQueries.Head(c, null);
    }

    /// <inheritdoc/>
    public IReadOnlyList<LogRow> ReadLog(long from, int max)
    {
        using var c = Open();
        return SqliteQueries.ReadLog(c, from, max);
    }

    /// <inheritdoc/>
    public AccountRow? FindAccount(string accountId)
    {
        using var c = Open();
        return SqliteQueries.FindAccount(c, null, accountId);
    }

    /// <inheritdoc/>
    public IReadOnlyList<EntryVersionRow> FindEntryVersions(string identifier, DateTimeOffset? notBefore, DateTimeOffset? before, long? belowIndex, int max)
    {
        using var c = Open();
        return SqliteQueries.FindEntryVersions(c, null, identifier, notBefore, before, belowIndex, max);
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> FindByTerm(string term, int max)
    {
        using var c = Open();
        return SqliteQueries.FindByTerm(c, term, max);
    }

    /// <inheritdoc/>
    public ConnectionRow? FindConnection(string account, string deviceId)
    {
        using var c = Open();
        return SqliteQueries.FindConnection(c, null, account, deviceId);
    }

    /// <inheritdoc/>
    public IReadOnlyList<ConnectionRow> ListPending(string account, long afterIndex, int max)
    {
        using var c = Open();
        return SqliteQueries.ListPending(c, account, afterIndex, max);
    }

    /// <inheritdoc/>
    public CheckpointRow? LatestCheckpoint()
    {
        using var c = Open();
        return SqliteQueries.Checkpoint(c, null);
    }

    /// <inheritdoc/>
    public CheckpointRow? FindCheckpoint(long treeSize)
    {
        using var c = Open();
        return SqliteQueries.Checkpoint(c, treeSize);
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> DumpDerivedState()
    {
        using var c = Open();
        var lines = new List<string>();
        foreach (var sql in new[]
        {
            "SELECT 'account', account_id, profile_id, status, log_index, created FROM account",
            "SELECT 'entry', identifier, log_index, account, type, published FROM entry_version",
            "SELECT 'term', term, identifier FROM term",
            "SELECT 'connection', account, device_id, request_index, result_index, created FROM connection",
        })
        {
            using var command = SqliteQueries.Command(c, null, sql);
            using var reader = command.ExecuteReader();
            while (reader.Read())
                lines.Add(string.Join('|', Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    /// <inheritdoc/>
    public INodeReader ReadNodes() => new SqliteNodeStore(Open(), null, ownsConnection: true);

    /// <inheritdoc/>
    public void Dispose()
    {
        _writer.Dispose();
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }
}
