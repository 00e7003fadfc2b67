using Npgsql;
using NpgsqlTypes;

namespace Mesh.Portal.Storage.Postgres;

/// <summary>
/// The writes of a transaction not yet sent: they go to the server together, in one round trip,
/// before the next read of the transaction (which must see them) or the commit. The rows of a batch
/// of publishes (log entries, entry versions, accounts, Merkle nodes, terms, nonces) become one multi-row INSERT per
/// table, so the server runs one statement per table for the whole batch. Other
/// statements keep their place: the rows held so far are turned into their INSERTs before one is queued.
/// Log indices go through mesh_at, so that a batch decided without the lock may give provisional ones (schema.sql).
/// With <paramref name="conflictsAreStale"/> (a transaction decided without the lock), a serialization failure (what it
/// read changed meanwhile) or a unique violation (a nonce used before) is reported as a <see cref="WriteConflictException"/>.
/// </summary>
internal sealed class PostgresWriteBatch(NpgsqlConnection connection, NpgsqlTransaction transaction, bool conflictsAreStale) : IDisposable
{
    private NpgsqlBatch _batch = new(connection, transaction);
    private readonly List<(long Index, byte[] Leaf, long Published)> _log = [];
    // A row written twice before a flush: the later one is kept (one statement may not upsert a row twice).
    private readonly Dictionary<(string, long), EntryVersionRow> _entries = [];
    private readonly Dictionary<string, AccountRow> _accounts = new(StringComparer.Ordinal);
    private readonly List<(int Level, long Index, byte[] Hash)> _nodes = [];
    private readonly HashSet<(string Term, string Identifier)> _terms = [];
    private readonly List<(string KeyId, string Nonce, long Expires)> _nonces = [];

    /// <summary>Queues a statement.</summary>
    public void Add(string sql, params NpgsqlParameter[] parameters)
    {
        Materialize();
        Queue(sql, parameters);
    }

    public void AddLog(long index, byte[] leaf, long published) => _log.Add((index, leaf, published));

    public void AddEntryVersion(EntryVersionRow row) => _entries[(row.Identifier, row.LogIndex)] = row;

    public void AddAccount(AccountRow row) => _accounts[row.AccountId] = row;

    public void AddTerm(string term, string identifier) => _terms.Add((term, identifier));

    public void AddNonce(string keyId, string nonce, long expires) => _nonces.Add((keyId, nonce, expires));

    public void AddNodes(IEnumerable<(int Level, long Index, byte[] Hash)> nodes) => _nodes.AddRange(nodes);

    /// <summary>Queues a statement at <paramref name="position"/> among those queued so far.</summary>
    public void Insert(int position, string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        _batch.BatchCommands.Insert(position, command);
    }

    /// <summary>Whether any statement (not a held row) is queued.</summary>
    public bool HasStatements => _batch.BatchCommands.Count > 0;

    /// <summary>Sends every queued statement; a failure fails the transaction, as it would have one statement at a time.</summary>
    public void Flush() => Flush(-1);

    /// <summary>
    /// Sends every queued statement, as <see cref="Flush()"/>, and returns the first column of the first row that the
    /// statement at <paramref name="position"/> gave, or null when none (or no position).
    /// </summary>
    public long? Flush(int position)
    {
        Materialize();
        if (_batch.BatchCommands.Count == 0) return null;
        var sending = _batch;
        _batch = new NpgsqlBatch(connection, transaction);
        using (sending)
        {
            try
            {
                if (position < 0)
                {
                    sending.ExecuteNonQuery();
                    return null;
                }
                long? value = null;
                using var reader = sending.ExecuteReader();
                for (var i = 0; i < position; i++) reader.NextResult();
                if (reader.Read()) value = reader.GetInt64(0);
                // The later statements' errors surface as their results are stepped over.
                while (reader.NextResult()) { }
                return value;
            }
            catch (PostgresException e) when (conflictsAreStale && e.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.UniqueViolation)
            {
                throw new WriteConflictException($"The transaction was decided on an outdated view of the log: {e.MessageText}", e);
            }
        }
    }

    private void Queue(string sql, NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        _batch.BatchCommands.Add(command);
    }

    // The tables are distinct, so the order of these INSERTs among themselves does not matter.
    private void Materialize()
    {
        if (_log.Count > 0)
        {
            Queue("INSERT INTO log (idx, leaf, published) SELECT mesh_at(a), b, c FROM unnest(@a, @b, @c) AS u(a, b, c)",
                [Array("a", NpgsqlDbType.Bigint, _log.Select(r => r.Index)), Array("b", NpgsqlDbType.Bytea, _log.Select(r => r.Leaf)),
                 Array("c", NpgsqlDbType.Bigint, _log.Select(r => r.Published))]);
            _log.Clear();
        }
        if (_entries.Count > 0)
        {
            var entries = _entries.Values;
            Queue("""
                INSERT INTO entry_version (identifier, log_index, account, type, published)
                SELECT a, mesh_at(b), c, d, e FROM unnest(@a, @b, @c, @d, @e) AS u(a, b, c, d, e)
                ON CONFLICT (identifier, log_index) DO UPDATE SET account = EXCLUDED.account, type = EXCLUDED.type, published = EXCLUDED.published
                """,
                [Array("a", NpgsqlDbType.Text, entries.Select(v => v.Identifier)), Array("b", NpgsqlDbType.Bigint, entries.Select(v => v.LogIndex)),
                 Array("c", NpgsqlDbType.Text, entries.Select(v => v.Account)), Array("d", NpgsqlDbType.Text, entries.Select(v => v.Type)),
                 Array("e", NpgsqlDbType.Bigint, entries.Select(v => v.Published.UtcTicks))]);
            _entries.Clear();
        }
        if (_accounts.Count > 0)
        {
            var rows = _accounts.Values;
            Queue("""
                INSERT INTO account (account_id, profile_id, status, log_index, created)
                SELECT a, b, c, mesh_at(d), e FROM unnest(@a, @b, @c, @d, @e) AS u(a, b, c, d, e)
                ON CONFLICT (account_id) DO UPDATE SET profile_id = EXCLUDED.profile_id, status = EXCLUDED.status,
                    log_index = EXCLUDED.log_index, created = EXCLUDED.created
                """,
                [Array("a", NpgsqlDbType.Text, rows.Select(a => a.AccountId)), Array("b", NpgsqlDbType.Text, rows.Select(a => a.ProfileId)),
                 Array("c", NpgsqlDbType.Text, rows.Select(a => a.Status)), Array("d", NpgsqlDbType.Bigint, rows.Select(a => a.LogIndex)),
                 Array("e", NpgsqlDbType.Bigint, rows.Select(a => a.Created.UtcTicks))]);
            _accounts.Clear();
        }
        if (_nodes.Count > 0)
        {
            Queue("INSERT INTO merkle_node (level, idx, hash) SELECT * FROM unnest(@a, @b, @c)",
                [Array("a", NpgsqlDbType.Integer, _nodes.Select(n => n.Level)), Array("b", NpgsqlDbType.Bigint, _nodes.Select(n => n.Index)),
                 Array("c", NpgsqlDbType.Bytea, _nodes.Select(n => n.Hash))]);
            _nodes.Clear();
        }
        if (_terms.Count > 0)
        {
            Queue("INSERT INTO term (term, identifier) SELECT * FROM unnest(@a, @b) ON CONFLICT DO NOTHING",
                [Array("a", NpgsqlDbType.Text, _terms.Select(t => t.Term)), Array("b", NpgsqlDbType.Text, _terms.Select(t => t.Identifier))]);
            _terms.Clear();
        }
        if (_nonces.Count > 0)
        {
            // Without ON CONFLICT: a nonce used before fails the statement (see conflictsAreStale).
            Queue("INSERT INTO nonce (key_id, nonce, expires) SELECT * FROM unnest(@a, @b, @c)",
                [Array("a", NpgsqlDbType.Text, _nonces.Select(n => n.KeyId)), Array("b", NpgsqlDbType.Text, _nonces.Select(n => n.Nonce)),
                 Array("c", NpgsqlDbType.Bigint, _nonces.Select(n => n.Expires))]);
            _nonces.Clear();
        }
    }

    private static NpgsqlParameter Array<T>(string name, NpgsqlDbType type, IEnumerable<T> values) =>
        new(name, NpgsqlDbType.Array | type) { Value = values.ToArray() };

    public void Dispose() => _batch.Dispose();
}
