using System.Data;
using Mesh.Merkle;
using Npgsql;
using static Mesh.Portal.Storage.Postgres.PostgresQueries;

namespace Mesh.Portal.Storage.Postgres;

/// <summary>
/// The PostgreSQL write transaction: READ COMMITTED, serialized by locking the one log_writer row,
/// which excludes every other writer on the database, in any process, until commit or rollback.
/// </summary>
internal sealed class PostgresWriteTransaction : IWriteTransaction
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private readonly PostgresWriteBatch _writes;
    private bool _done;

    public PostgresWriteTransaction(NpgsqlConnection connection)
    {
        _connection = connection;
        _transaction = connection.BeginTransaction(IsolationLevel.ReadCommitted);
        // Durability does not depend on the server's configuration: the commit waits for the WAL flush.
        // The size is read by a later statement than the lock, and READ COMMITTED gives each statement
        // a new snapshot, so it includes every writer that committed before the lock was granted.
        using (var command = Command(connection, _transaction, "SET LOCAL synchronous_commit = on; SELECT singleton FROM log_writer FOR UPDATE"))
        {
            if (command.ExecuteScalar() is null)
                throw new InvalidOperationException("The log_writer row is missing: the schema was not initialized.");
        }
        LogSize = Head(connection, _transaction).Size;
        _writes = new PostgresWriteBatch(connection, _transaction);
        Nodes = new PostgresNodeStore(connection, _transaction, ownsConnection: false, _writes);
    }

    public long LogSize { get; private set; }

    public IMerkleNodeStore Nodes { get; }

    public void AppendLog(long index, byte[] leaf, DateTimeOffset published)
    {
        if (index != LogSize) throw new InvalidOperationException($"The next log index is {LogSize}, not {index}.");
        Run("INSERT INTO log (idx, leaf, published) VALUES (@idx, @leaf, @published)", ("idx", index), ("leaf", leaf), ("published", published.UtcTicks));
        LogSize++;
    }

    // Every read first sends the queued writes, so that it sees them.
    public LogRow ReadLog(long index) =>
        Flushed(() => PostgresQueries.ReadLog(_connection, _transaction, index, 1)) is [var row] && row.Index == index
            ? row
            : throw new InvalidOperationException($"Log entry {index} is missing: the store has lost data.");

    public AccountRow? FindAccount(string accountId) => Flushed(() => PostgresQueries.FindAccount(_connection, _transaction, accountId));

    public EntryVersionRow? FindLatestEntry(string identifier) =>
        Flushed(() => FindEntryVersions(_connection, _transaction, identifier, null, null, null, 1)) is [var latest, ..] ? latest : null;

    public ConnectionRow? FindConnection(string account, string deviceId) =>
        Flushed(() => PostgresQueries.FindConnection(_connection, _transaction, account, deviceId));

    private T Flushed<T>(Func<T> read)
    {
        _writes.Flush();
        return read();
    }

    public int CountPending(string account, DateTimeOffset since)
    {
        _writes.Flush();
        using var command = Command(_connection, _transaction, "SELECT COUNT(*) FROM connection WHERE account = @account AND result_index IS NULL AND created >= @since",
            ("account", account), ("since", since.UtcTicks));
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void PutAccount(AccountRow a) =>
        Run("""
            INSERT INTO account (account_id, profile_id, status, log_index, created) VALUES (@id, @profile, @status, @idx, @created)
            ON CONFLICT (account_id) DO UPDATE SET profile_id = EXCLUDED.profile_id, status = EXCLUDED.status,
                log_index = EXCLUDED.log_index, created = EXCLUDED.created
            """,
            ("id", a.AccountId), ("profile", a.ProfileId), ("status", a.Status), ("idx", a.LogIndex), ("created", a.Created.UtcTicks));

    public void PutEntryVersion(EntryVersionRow v) =>
        Run("""
            INSERT INTO entry_version (identifier, log_index, account, type, published) VALUES (@id, @idx, @account, @type, @published)
            ON CONFLICT (identifier, log_index) DO UPDATE SET account = EXCLUDED.account, type = EXCLUDED.type, published = EXCLUDED.published
            """,
            ("id", v.Identifier), ("idx", v.LogIndex), ("account", v.Account), ("type", v.Type), ("published", v.Published.UtcTicks));

    // A term PostgreSQL cannot hold is one no lookup can name (FindByTerm matches nothing for it);
    // storing it would fail the whole group commit, every other write of the batch with it.
    public void PutTerm(string term, string identifier)
    {
        if (Storable(term)) Run("INSERT INTO term (term, identifier) VALUES (@term, @id) ON CONFLICT DO NOTHING", ("term", term), ("id", identifier));
    }

    public void PutConnection(ConnectionRow c) =>
        Run("""
            INSERT INTO connection (account, device_id, request_index, result_index, created) VALUES (@account, @device, @request, @result, @created)
            ON CONFLICT (account, device_id) DO UPDATE SET request_index = EXCLUDED.request_index, result_index = EXCLUDED.result_index,
                created = EXCLUDED.created
            """,
            ("account", c.Account), ("device", c.DeviceId), ("request", c.RequestIndex), ("result", c.ResultIndex), ("created", c.Created.UtcTicks));

    public bool TryUseNonce(string keyId, string nonce, DateTimeOffset expires)
    {
        _writes.Flush();
        using var command = Command(_connection, _transaction,
            "INSERT INTO nonce (key_id, nonce, expires) VALUES (@key, @nonce, @expires) ON CONFLICT DO NOTHING",
            ("key", keyId), ("nonce", nonce), ("expires", expires.UtcTicks));
        return command.ExecuteNonQuery() == 1;
    }

    public void ForgetNonces(DateTimeOffset now) => Run("DELETE FROM nonce WHERE expires < @now", ("now", now.UtcTicks));

    public byte[] ReadHashes(int treeLevel, long from, int count) => Flushed(() => PostgresQueries.ReadHashes(_connection, _transaction, treeLevel, from, count));

    public long CountTiles(int level)
    {
        _writes.Flush();
        using var command = Command(_connection, _transaction, "SELECT COALESCE(MAX(idx) + 1, 0) FROM tile WHERE level = @level", ("level", level));
        return (long)command.ExecuteScalar()!;
    }

    public void PutTile(int level, long index, byte[] hashes) =>
        Run("INSERT INTO tile (level, idx, hashes) VALUES (@level, @idx, @hashes) ON CONFLICT DO NOTHING", ("level", level), ("idx", index), ("hashes", hashes));

    public void PutCheckpoint(CheckpointRow c) =>
        Run("INSERT INTO checkpoint (tree_size, signed, time) VALUES (@size, @signed, @time)", ("size", c.TreeSize), ("signed", c.SignedBytes), ("time", c.Time.UtcTicks));

    // DELETE rather than TRUNCATE: TRUNCATE's exclusive lock would block every reader until commit.
    // One statement each: a statement of a batch holds one command.
    public void ClearDerivedState()
    {
        foreach (var table in new[] { "account", "entry_version", "term", "connection" }) Run($"DELETE FROM {table}");
    }

    public void Commit()
    {
        _writes.Flush();
        _transaction.Commit();
        _done = true;
    }

    private void Run(string sql, params (string Name, object? Value)[] parameters) =>
        _writes.Add(sql, [.. parameters.Select(p => new NpgsqlParameter(p.Name, p.Value ?? DBNull.Value))]);

    public void Dispose()
    {
        try
        {
            if (!_done && _connection.State == ConnectionState.Open) _transaction.Rollback();
        }
        finally
        {
            _writes.Dispose();
            _transaction.Dispose();
            _connection.Dispose();
        }
    }
}
