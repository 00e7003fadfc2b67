using System.Data;
using Mesh.Merkle;
using Npgsql;
using NpgsqlTypes;
using static Mesh.Portal.Storage.Postgres.PostgresQueries;

namespace Mesh.Portal.Storage.Postgres;

/// <summary>
/// The PostgreSQL write transaction: READ COMMITTED, serialized by locking the one log_writer row,
/// which excludes every other writer on the database, in any process, until commit or rollback.
/// Begun <see cref="Locked"/> (the lock and the log's state read first, one round trip) or <see cref="Unlocked"/>
/// (decided without the lock, on provisional indices: the lock, a check of what the batch read and the placing of its
/// entries where the log then ends go with the writes, so that a whole group commit is one round trip, the lock is held
/// only while the server runs it, and several processes' batches do not conflict unless they touch the same account or entry).
/// </summary>
internal sealed class PostgresWriteTransaction : ISharedWriteTransaction
{
    /// <summary>The channel on which every commit that changes the log or the derived state is announced (NOTIFY).</summary>
    public const string Channel = "mesh_log";

    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private readonly PostgresWriteBatch _writes;
    private readonly long _startSize;
    private bool _done;
    private bool _reset;
    // What changed from an index on, read with the lock.
    private readonly (long From, LogChanges? Changes)? _changes;
    // Positioned: the nonces, sent with the other writes; the entries appended (provisional indices from ProvisionalBase);
    // the version of each account and entry read, which must still be the latest when the batch runs; where it landed.
    private readonly HashSet<(string, string)>? _positionedNonces;
    private readonly List<LogRow> _appended = [];
    private readonly List<byte[]> _leafHashes = [];
    private readonly Dictionary<string, long?> _readAccounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long?> _readEntries = new(StringComparer.Ordinal);
    private long _base = -1;
    // What was read is current for every change before this index: only later versions can have changed it.
    private long _exactBelow;
    private readonly IMerkleNodeStore _nodes;

    /// <summary>The first provisional index: 2^52, above any log, and what schema.sql's mesh_at maps.</summary>
    public const long ProvisionalBase = 1L << 52;

    private PostgresWriteTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction, long size, bool positioned,
        Dictionary<int, long> levels, Dictionary<(int, long), byte[]> frontier, (long, LogChanges?)? changes)
    {
        _connection = connection;
        _transaction = transaction;
        LogSize = _startSize = size;
        _changes = changes;
        IsPositioned = positioned;
        _positionedNonces = positioned ? [] : null;
        _writes = new PostgresWriteBatch(connection, transaction, conflictsAreStale: positioned);
        _nodes = new PostgresNodeStore(connection, transaction, ownsConnection: false, _writes, levels, frontier);
    }

    private bool IsPositioned { get; }

    // Durability whatever the server's configuration (the commit waits for the WAL flush), then the writers' lock.
    private const string Durable = "SELECT set_config('synchronous_commit', 'on', true)";
    private const string Lock = "SELECT singleton FROM log_writer FOR UPDATE";

    /// <summary>
    /// Begins by taking the writers' lock and reading, in one round trip, the log's size, where each level of the Merkle tree
    /// goes on, the tree's frontier nodes (so that opening the tree reads nothing more) and what changed from
    /// <paramref name="changesFrom"/> on.
    /// </summary>
    public static PostgresWriteTransaction Locked(NpgsqlConnection connection, long? changesFrom)
    {
        var transaction = connection.BeginTransaction(IsolationLevel.ReadCommitted);
        // The reads are later statements than the lock, and READ COMMITTED gives each statement a new snapshot, so they
        // include every writer that committed before the lock was granted.
        using var start = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                // SET LOCAL, as a query so that each command has its result to step over.
                new NpgsqlBatchCommand(Durable),
                new NpgsqlBatchCommand(Lock),
                new NpgsqlBatchCommand("SELECT idx, published FROM log ORDER BY idx DESC LIMIT 1"),
                // Only the levels a tree of n leaves has (an empty level's probe costs as much as a full one's);
                // any other is read if it is ever written to.
                new NpgsqlBatchCommand("""
                    SELECT l, (SELECT MAX(idx) + 1 FROM merkle_node WHERE level = l)
                    FROM (SELECT COALESCE(MAX(idx) + 1, 0) AS n FROM merkle_node WHERE level = 0) AS size, generate_series(0, $1) AS l
                    WHERE l = 0 OR size.n >> l > 0
                    """)
                    { Parameters = { new NpgsqlParameter<int> { TypedValue = MerkleNode.MaxLevel } } },
                // A tree of n leaves is tiled by one perfect subtree per set bit l of n: node (l, (n >> l) - 1).
                new NpgsqlBatchCommand("""
                    SELECT m.level, m.idx, m.hash FROM merkle_node m,
                        (SELECT COALESCE(MAX(idx) + 1, 0) AS n FROM merkle_node WHERE level = 0) AS size, generate_series(0, $1) AS l
                    WHERE (size.n >> l) & 1 = 1 AND m.level = l AND m.idx = (size.n >> l) - 1
                    """)
                    { Parameters = { new NpgsqlParameter<int> { TypedValue = MerkleNode.MaxLevel } } },
            },
        };
        if (changesFrom is { } from) PostgresQueries.AddChangeQueries(start, from);
        var levels = new Dictionary<int, long>();
        var frontier = new Dictionary<(int, long), byte[]>();
        long size;
        (long, LogChanges?)? changes = null;
        try
        {
            using var reader = start.ExecuteReader();
            reader.NextResult();
            if (!reader.Read()) throw new InvalidOperationException("The log_writer row is missing: the schema was not initialized.");
            reader.NextResult();
            size = reader.Read() ? reader.GetInt64(0) + 1 : 0;
            reader.NextResult();
            while (reader.Read()) levels[reader.GetInt32(0)] = reader.IsDBNull(1) ? 0 : reader.GetInt64(1);
            reader.NextResult();
            while (reader.Read()) frontier[(reader.GetInt32(0), reader.GetInt64(1))] = reader.GetFieldValue<byte[]>(2);
            if (changesFrom is not null)
            {
                reader.NextResult();
                changes = (changesFrom.Value, PostgresQueries.ReadChangeResults(reader, size));
            }
        }
        catch
        {
            transaction.Dispose();
            throw;
        }
        return new PostgresWriteTransaction(connection, transaction, size, positioned: false, levels, frontier, changes);
    }

    /// <summary>
    /// Begins without the lock and without a round trip: entries get provisional indices (from <see cref="ProvisionalBase"/>),
    /// reads see the committed state, and the commit sends, in one round trip, the lock, mesh_place (which fails the
    /// transaction when an account or entry read changed meanwhile, see <see cref="RequireAccount"/>, and fixes where the
    /// entries go), the writes, mesh_tree_append (the Merkle nodes and tiles, computed by the server) and COMMIT. A conflict, or a
    /// nonce used before (its primary key), is a <see cref="WriteConflictException"/>; so is a use of what needs the lock
    /// while deciding (connections, the tree's nodes, tiles, checkpoints). Nothing is kept then.
    /// </summary>
    public static PostgresWriteTransaction Unlocked(NpgsqlConnection connection, long exactBelow)
    {
        // Npgsql sends BEGIN with the first statement.
        var transaction = connection.BeginTransaction(IsolationLevel.ReadCommitted);
        return new PostgresWriteTransaction(connection, transaction, ProvisionalBase, positioned: true, [], [], null) { _exactBelow = exactBelow };
    }

    public long LogSize { get; private set; }

    public IMerkleNodeStore Nodes => IsPositioned ? throw LockNeeded("the Merkle tree") : _nodes;

    public bool Positioned => IsPositioned;

    public long FinalIndex(long index) =>
        !IsPositioned || index < ProvisionalBase ? index
        : _base >= 0 ? index - ProvisionalBase + _base
        : throw new InvalidOperationException("The transaction's entries have no final index before it commits.");

    public void AppendLog(long index, byte[] leaf, DateTimeOffset published)
    {
        if (index != LogSize) throw new InvalidOperationException($"The next log index is {LogSize}, not {index}.");
        _writes.AddLog(index, leaf, published.UtcTicks);
        if (IsPositioned)
        {
            _appended.Add(new LogRow(index, leaf, published));
            _leafHashes.Add(MerkleHash.Leaf(leaf));
        }
        LogSize++;
    }

    // Every read first sends the queued writes, so that it sees them; a positioned transaction keeps its writes for the
    // commit and answers for its own entries itself.
    public LogRow ReadLog(long index) =>
        IsPositioned && index >= ProvisionalBase ? _appended[(int)(index - ProvisionalBase)]
        : Read(() => PostgresQueries.ReadLog(_connection, _transaction, index, 1)) is [var row] && row.Index == index ? row
        : throw new InvalidOperationException($"Log entry {index} is missing: the store has lost data.");

    public AccountRow? FindAccount(string accountId) => Read(() => PostgresQueries.FindAccount(_connection, _transaction, accountId));

    public EntryVersionRow? FindLatestEntry(string identifier) =>
        Read(() => FindEntryVersions(_connection, _transaction, identifier, null, null, null, 1)) is [var latest, ..] ? latest : null;

    // A key PostgreSQL cannot hold names no row, so nothing can change under it; sending it would fail the whole batch.
    public void RequireAccount(string accountId, long? logIndex)
    {
        if (IsPositioned && Storable(accountId)) _readAccounts.TryAdd(accountId, logIndex);
    }

    public void RequireLatestEntry(string identifier, long? logIndex)
    {
        if (IsPositioned && Storable(identifier)) _readEntries.TryAdd(identifier, logIndex);
    }

    public ConnectionRow? FindConnection(string account, string deviceId)
    {
        RequireLock("connections");
        return Read(() => PostgresQueries.FindConnection(_connection, _transaction, account, deviceId));
    }

    private T Read<T>(Func<T> read)
    {
        if (!IsPositioned) _writes.Flush();
        return read();
    }

    // What a positioned transaction cannot do without the lock (or with provisional indices): the batch is decided again
    // in a locked one. Connection requests and answers, checkpoints and rebuilds are rare next to publishes.
    private void RequireLock(string what)
    {
        if (IsPositioned) throw LockNeeded(what);
    }

    private static WriteConflictException LockNeeded(string what) => new($"A write that reads or writes {what} is decided under the writers' lock.");

    public int CountPending(string account, DateTimeOffset since)
    {
        RequireLock("connections");
        _writes.Flush();
        using var command = Command(_connection, _transaction, "SELECT COUNT(*) FROM connection WHERE account = @account AND result_index IS NULL AND created >= @since",
            ("account", account), ("since", since.UtcTicks));
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    // Held, and sent as one INSERT per table with the others of the batch.
    public void PutAccount(AccountRow a) => _writes.AddAccount(a);

    public void PutEntryVersion(EntryVersionRow v) => _writes.AddEntryVersion(v);

    // A term PostgreSQL cannot hold is one no lookup can name (FindByTerm matches nothing for it);
    // storing it would fail the whole group commit, every other write of the batch with it.
    public void PutTerm(string term, string identifier)
    {
        if (Storable(term)) _writes.AddTerm(term, identifier);
    }

    public void PutConnection(ConnectionRow c)
    {
        RequireLock("connections");
        Run("""
            INSERT INTO connection (account, device_id, request_index, result_index, created) VALUES (@account, @device, @request, @result, @created)
            ON CONFLICT (account, device_id) DO UPDATE SET request_index = EXCLUDED.request_index, result_index = EXCLUDED.result_index,
                created = EXCLUDED.created
            """,
            ("account", c.Account), ("device", c.DeviceId), ("request", c.RequestIndex), ("result", c.ResultIndex), ("created", c.Created.UtcTicks));
    }

    public bool TryUseNonce(string keyId, string nonce, DateTimeOffset expires)
    {
        // Positioned, sent with the other writes: a nonce used before fails the transaction, which starts over locked.
        if (_positionedNonces is not null)
        {
            if (!_positionedNonces.Add((keyId, nonce))) return false;
            _writes.AddNonce(keyId, nonce, expires.UtcTicks);
            return true;
        }
        _writes.Flush();
        using var command = Command(_connection, _transaction,
            "INSERT INTO nonce (key_id, nonce, expires) VALUES (@key, @nonce, @expires) ON CONFLICT DO NOTHING",
            ("key", keyId), ("nonce", nonce), ("expires", expires.UtcTicks));
        return command.ExecuteNonQuery() == 1;
    }

    public void ForgetNonces(DateTimeOffset now) => Run("DELETE FROM nonce WHERE expires < @now", ("now", now.UtcTicks));

    public byte[] ReadHashes(int treeLevel, long from, int count)
    {
        RequireLock("the Merkle tree");
        return Read(() => PostgresQueries.ReadHashes(_connection, _transaction, treeLevel, from, count));
    }

    public long CountTiles(int level)
    {
        RequireLock("tiles");
        _writes.Flush();
        using var command = Command(_connection, _transaction, "SELECT COALESCE(MAX(idx) + 1, 0) FROM tile WHERE level = @level", ("level", level));
        return (long)command.ExecuteScalar()!;
    }

    public void PutTile(int level, long index, byte[] hashes)
    {
        RequireLock("tiles");
        Run("INSERT INTO tile (level, idx, hashes) VALUES (@level, @idx, @hashes) ON CONFLICT DO NOTHING", ("level", level), ("idx", index), ("hashes", hashes));
    }

    public void PutCheckpoint(CheckpointRow c)
    {
        RequireLock("checkpoints");
        Run("INSERT INTO checkpoint (tree_size, signed, time) VALUES (@size, @signed, @time)", ("size", c.TreeSize), ("signed", c.SignedBytes), ("time", c.Time.UtcTicks));
    }

    // DELETE rather than TRUNCATE: TRUNCATE's exclusive lock would block every reader until commit.
    // One statement each: a statement of a batch holds one command.
    public void ClearDerivedState()
    {
        RequireLock("the whole derived state");
        _reset = true;
        foreach (var table in new[] { "account", "entry_version", "term", "connection" }) Run($"DELETE FROM {table}");
    }

    public LogChanges? ReadChanges(long from)
    {
        RequireLock("what other processes wrote");
        if (_changes is { } read && read.From == from && LogSize == _startSize) return read.Changes;
        _writes.Flush();
        return PostgresQueries.ReadChanges(_connection, _transaction, from, LogSize);
    }

    // The announcement goes with the commit (the server delivers it only if the commit succeeds): the
    // log's new size, and "reset" after a rebuild of the derived state.
    // The COMMIT goes in the same round trip as the writes: if one of them fails, the server skips the
    // rest of the batch, COMMIT included, and the transaction is rolled back.
    public void Commit()
    {
        if (IsPositioned)
        {
            CommitPositioned();
            return;
        }
        if (LogSize != _startSize || _reset)
            Run("SELECT pg_notify(@channel, @payload)", ("channel", Channel), ("payload", _reset ? $"{LogSize} reset" : $"{LogSize}"));
        Run("COMMIT");
        _writes.Flush();
        _done = true;
    }

    // A batch that wrote nothing sends nothing. Otherwise the lock and mesh_place go before the writes; mesh_place's answer
    // (where the entries went) comes back with the commit's.
    private void CommitPositioned()
    {
        var count = LogSize - ProvisionalBase;
        if (count == 0 && _positionedNonces!.Count == 0 && !_writes.HasStatements)
        {
            _done = true;
            return;
        }
        _writes.Insert(0, Durable);
        _writes.Insert(1, Lock);
        _writes.Insert(2, "SELECT mesh_place(@since, @a, @b, @c, @d)", new NpgsqlParameter<long>("since", _exactBelow),
            TextArray("a", _readAccounts.Keys), new NpgsqlParameter("b", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = _readAccounts.Values.ToArray() },
            TextArray("c", _readEntries.Keys), new NpgsqlParameter("d", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = _readEntries.Values.ToArray() });
        if (count > 0)
        {
            _writes.Add("SELECT mesh_tree_append(@hashes)", new NpgsqlParameter("hashes", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = _leafHashes.ToArray() });
            Run("SELECT pg_notify(@channel, (current_setting('mesh.base')::bigint + @count)::text)", ("channel", Channel), ("count", count));
        }
        Run("COMMIT");
        _base = _writes.Flush(2) ?? throw new InvalidOperationException("mesh_place gave no position.");
        LogSize = _base + count;
        _done = true;
    }

    private static NpgsqlParameter TextArray(string name, IEnumerable<string> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.ToArray() };

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
