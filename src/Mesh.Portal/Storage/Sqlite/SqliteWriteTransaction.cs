using Mesh.Merkle;
using Microsoft.Data.Sqlite;
using static Mesh.Portal.Storage.Sqlite.SqliteQueries;

namespace Mesh.Portal.Storage.Sqlite;

/// <summary>The SQLite write transaction: BEGIN IMMEDIATE, which excludes every other writer of the file.</summary>
internal sealed class SqliteWriteTransaction : IWriteTransaction
{
    private readonly SqliteSession _session;
    private readonly SqliteTransaction _transaction;
    private readonly Action<bool> _end;
    private bool _done;

    /// <summary>Begins the transaction; <paramref name="end"/> is called once, with false when the session must not be reused.</summary>
    public SqliteWriteTransaction(SqliteSession session, Action<bool> end)
    {
        _session = session;
        _end = end;
        _transaction = session.Connection.BeginTransaction(deferred: false);
        Nodes = new SqliteNodeStore(session, _transaction, onDispose: null);
        LogSize = Head(session, _transaction).Size;
    }

    public long LogSize { get; private set; }

    public IMerkleNodeStore Nodes { get; }

    public void AppendLog(long index, byte[] leaf, DateTimeOffset published)
    {
        if (index != LogSize) throw new InvalidOperationException($"The next log index is {LogSize}, not {index}.");
        Run("INSERT INTO log (idx, leaf, published) VALUES ($idx, $leaf, $published)", ("$idx", index), ("$leaf", leaf), ("$published", published.UtcTicks));
        LogSize++;
    }

    public LogRow ReadLog(long index)
    {
        using var reader = _session.Command(_transaction, "SELECT idx, leaf, published FROM log WHERE idx = $idx", ("$idx", index)).ExecuteReader();
        return reader.Read()
            ? new LogRow(reader.GetInt64(0), (byte[])reader[1], Time(reader.GetInt64(2)))
            : throw new InvalidOperationException($"Log entry {index} is missing: the store has lost data.");
    }

    public AccountRow? FindAccount(string accountId) => SqliteQueries.FindAccount(_session, _transaction, accountId);

    public EntryVersionRow? FindLatestEntry(string identifier) =>
        FindEntryVersions(_session, _transaction, identifier, null, null, null, 1) is [var latest, ..] ? latest : null;

    public ConnectionRow? FindConnection(string account, string deviceId) =>
        SqliteQueries.FindConnection(_session, _transaction, account, deviceId);

    public int CountPending(string account, DateTimeOffset since)
    {
        var command = _session.Command(_transaction, "SELECT COUNT(*) FROM connection WHERE account = $account AND result_index IS NULL AND created >= $since",
            ("$account", account), ("$since", since.UtcTicks));
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void PutAccount(AccountRow a) =>
        Run("INSERT OR REPLACE INTO account (account_id, profile_id, status, log_index, created) VALUES ($id, $profile, $status, $idx, $created)",
            ("$id", a.AccountId), ("$profile", a.ProfileId), ("$status", a.Status), ("$idx", a.LogIndex), ("$created", a.Created.UtcTicks));

    public void PutEntryVersion(EntryVersionRow v) =>
        Run("INSERT OR REPLACE INTO entry_version (identifier, log_index, account, type, published) VALUES ($id, $idx, $account, $type, $published)",
            ("$id", v.Identifier), ("$idx", v.LogIndex), ("$account", v.Account), ("$type", v.Type), ("$published", v.Published.UtcTicks));

    public void PutTerm(string term, string identifier) =>
        Run("INSERT OR IGNORE INTO term (term, identifier) VALUES ($term, $id)", ("$term", term), ("$id", identifier));

    public void PutConnection(ConnectionRow c) =>
        Run("INSERT OR REPLACE INTO connection (account, device_id, request_index, result_index, created) VALUES ($account, $device, $request, $result, $created)",
            ("$account", c.Account), ("$device", c.DeviceId), ("$request", c.RequestIndex), ("$result", c.ResultIndex), ("$created", c.Created.UtcTicks));

    public bool TryUseNonce(string keyId, string nonce, DateTimeOffset expires)
    {
        var command = _session.Command(_transaction,
            "INSERT OR IGNORE INTO nonce (key_id, nonce, expires) VALUES ($key, $nonce, $expires)",
            ("$key", keyId), ("$nonce", nonce), ("$expires", expires.UtcTicks));
        return command.ExecuteNonQuery() == 1;
    }

    public byte[] ReadHashes(int treeLevel, long from, int count) => SqliteQueries.ReadHashes(_session, _transaction, treeLevel, from, count);

    public long CountTiles(int level) =>
        (long)_session.Command(_transaction, "SELECT COALESCE(MAX(idx) + 1, 0) FROM tile WHERE level = $level", ("$level", level)).ExecuteScalar()!;

    public void PutTile(int level, long index, byte[] hashes) =>
        Run("INSERT OR IGNORE INTO tile (level, idx, hashes) VALUES ($level, $idx, $hashes)", ("$level", level), ("$idx", index), ("$hashes", hashes));

    public void PutCheckpoint(CheckpointRow c) =>
        Run("INSERT INTO checkpoint (tree_size, signed, time) VALUES ($size, $signed, $time)", ("$size", c.TreeSize), ("$signed", c.SignedBytes), ("$time", c.Time.UtcTicks));

    public void ClearDerivedState() => Run("DELETE FROM account; DELETE FROM entry_version; DELETE FROM term; DELETE FROM connection;");

    public void ForgetNonces(DateTimeOffset now) => Run("DELETE FROM nonce WHERE expires < $now", ("$now", now.UtcTicks));

    public void Commit()
    {
        _transaction.Commit();
        _done = true;
    }

    private void Run(string sql, params (string Name, object? Value)[] parameters)
    {
        _session.Command(_transaction, sql, parameters).ExecuteNonQuery();
    }

    public void Dispose()
    {
        var healthy = _done;
        try
        {
            if (!_done) _transaction.Rollback();
            healthy = true;
        }
        finally
        {
            _transaction.Dispose();
            _end(healthy);
        }
    }
}
