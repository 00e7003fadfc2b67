using Npgsql;

namespace Mesh.Portal.Storage.Postgres;

/// <summary>The SQL of the PostgreSQL store, shared by its readers and its write transaction.</summary>
internal static class PostgresQueries
{
    public static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    public static void Execute(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        command.ExecuteNonQuery();
    }

    public static DateTimeOffset Time(long ticks) => new(ticks, TimeSpan.Zero);

    /// <summary>
    /// Whether a key can be stored at all: PostgreSQL text cannot hold U+0000 (the server refuses
    /// the parameter), so a key holding one matches nothing, as it would in a store that could hold it.
    /// </summary>
    public static bool Storable(string key) => !key.Contains('\0', StringComparison.Ordinal);

    public static LogHead Head(NpgsqlConnection c, NpgsqlTransaction? t)
    {
        using var command = Command(c, t, "SELECT idx, published FROM log ORDER BY idx DESC LIMIT 1");
        using var reader = command.ExecuteReader();
        return reader.Read() ? new LogHead(reader.GetInt64(0) + 1, Time(reader.GetInt64(1))) : new LogHead(0, null);
    }

    public static IReadOnlyList<LogRow> ReadLog(NpgsqlConnection c, NpgsqlTransaction? t, long from, int max)
    {
        using var command = Command(c, t, "SELECT idx, leaf, published FROM log WHERE idx >= @from ORDER BY idx LIMIT @max", ("from", from), ("max", max));
        using var reader = command.ExecuteReader();
        var rows = new List<LogRow>();
        while (reader.Read()) rows.Add(new LogRow(reader.GetInt64(0), reader.GetFieldValue<byte[]>(1), Time(reader.GetInt64(2))));
        return rows;
    }

    public static AccountRow? FindAccount(NpgsqlConnection c, NpgsqlTransaction? t, string accountId)
    {
        if (!Storable(accountId)) return null;
        using var command = Command(c, t, "SELECT account_id, profile_id, status, log_index, created FROM account WHERE account_id = @id", ("id", accountId));
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new AccountRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), Time(reader.GetInt64(4)))
            : null;
    }

    public static IReadOnlyList<EntryVersionRow> FindEntryVersions(NpgsqlConnection c, NpgsqlTransaction? t, string identifier,
        DateTimeOffset? notBefore, DateTimeOffset? before, long? belowIndex, int max)
    {
        if (!Storable(identifier)) return [];
        using var command = Command(c, t,
            """
            SELECT identifier, account, type, log_index, published FROM entry_version
            WHERE identifier = @id AND published >= @notBefore AND published < @before AND log_index < @below
            ORDER BY log_index DESC LIMIT @max
            """,
            ("id", identifier), ("notBefore", notBefore?.UtcTicks ?? long.MinValue), ("before", before?.UtcTicks ?? long.MaxValue),
            ("below", belowIndex ?? long.MaxValue), ("max", max));
        using var reader = command.ExecuteReader();
        var rows = new List<EntryVersionRow>();
        while (reader.Read())
            rows.Add(new EntryVersionRow(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2), reader.GetInt64(3), Time(reader.GetInt64(4))));
        return rows;
    }

    /// <summary>The most rows <see cref="ReadChanges"/> reads of each kind; past it, it gives null.</summary>
    public const int MaxChanges = 20_000;

    /// <summary>
    /// The entry versions and accounts written at <paramref name="from"/> or later (the log_index indexes), in one
    /// round trip, or null when there are more than <see cref="MaxChanges"/> of either; inside a transaction of
    /// REPEATABLE READ both are of one snapshot.
    /// </summary>
    public static LogChanges? ReadChanges(NpgsqlConnection c, NpgsqlTransaction? t, long from, long size)
    {
        using var batch = new NpgsqlBatch(c, t);
        AddChangeQueries(batch, from);
        using var reader = batch.ExecuteReader();
        return ReadChangeResults(reader, size);
    }

    /// <summary>
    /// Adds the two queries of <see cref="ReadChanges"/> to a batch. ORDER BY keeps them on the log_index indexes whatever the
    /// plan: a generic plan, which cannot tell that few rows follow the index given, otherwise scans the whole table.
    /// </summary>
    public static void AddChangeQueries(NpgsqlBatch batch, long from)
    {
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT identifier, account, type, log_index, published FROM entry_version WHERE log_index >= $1 ORDER BY log_index LIMIT $2")
            { Parameters = { new NpgsqlParameter<long> { TypedValue = from }, new NpgsqlParameter<int> { TypedValue = MaxChanges + 1 } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT account_id, profile_id, status, log_index, created FROM account WHERE log_index >= $1 ORDER BY log_index LIMIT $2")
            { Parameters = { new NpgsqlParameter<long> { TypedValue = from }, new NpgsqlParameter<int> { TypedValue = MaxChanges + 1 } } });
    }

    /// <summary>Reads the results of the queries <see cref="AddChangeQueries"/> added, from the current one on.</summary>
    public static LogChanges? ReadChangeResults(NpgsqlDataReader reader, long size)
    {
        var entries = new List<EntryVersionRow>();
        while (reader.Read())
            entries.Add(new EntryVersionRow(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2), reader.GetInt64(3), Time(reader.GetInt64(4))));
        reader.NextResult();
        var accounts = new List<AccountRow>();
        while (reader.Read())
            accounts.Add(new AccountRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), Time(reader.GetInt64(4))));
        return entries.Count > MaxChanges || accounts.Count > MaxChanges ? null : new LogChanges(size, entries, accounts);
    }

    public static IReadOnlyList<string> FindByTerm(NpgsqlConnection c, string term, int max)
    {
        if (!Storable(term)) return [];
        using var command = Command(c, null, "SELECT identifier FROM term WHERE term = @term ORDER BY identifier LIMIT @max", ("term", term), ("max", max));
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read()) rows.Add(reader.GetString(0));
        return rows;
    }

    public static ConnectionRow? FindConnection(NpgsqlConnection c, NpgsqlTransaction? t, string account, string deviceId)
    {
        if (!Storable(account) || !Storable(deviceId)) return null;
        using var command = Command(c, t,
            "SELECT account, device_id, request_index, result_index, created FROM connection WHERE account = @account AND device_id = @device",
            ("account", account), ("device", deviceId));
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadConnection(reader) : null;
    }

    public static IReadOnlyList<ConnectionRow> ListPending(NpgsqlConnection c, string account, long afterIndex, int max, DateTimeOffset since)
    {
        if (!Storable(account)) return [];
        // The condition matches the partial index connection_pending.
        using var command = Command(c, null,
            """
            SELECT account, device_id, request_index, result_index, created FROM connection
            WHERE account = @account AND result_index IS NULL AND request_index > @after AND created >= @since
            ORDER BY request_index LIMIT @max
            """,
            ("account", account), ("after", afterIndex), ("max", max), ("since", since.UtcTicks));
        using var reader = command.ExecuteReader();
        var rows = new List<ConnectionRow>();
        while (reader.Read()) rows.Add(ReadConnection(reader));
        return rows;
    }

    private static ConnectionRow ReadConnection(NpgsqlDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetInt64(2), r.IsDBNull(3) ? null : r.GetInt64(3), Time(r.GetInt64(4)));

    public static byte[] ReadHashes(NpgsqlConnection c, NpgsqlTransaction? t, int treeLevel, long from, int count)
    {
        using var command = Command(c, t, "SELECT hash FROM merkle_node WHERE level = @level AND idx >= @from ORDER BY idx LIMIT @count",
            ("level", treeLevel), ("from", from), ("count", count));
        using var reader = command.ExecuteReader();
        var hashes = new MemoryStream(count * Mesh.Merkle.MerkleHash.Size);
        // Each level is written without gaps, so the rows are the consecutive nodes from `from` on.
        while (reader.Read()) hashes.Write(reader.GetFieldValue<byte[]>(0));
        return hashes.ToArray();
    }

    public static byte[]? ReadTile(NpgsqlConnection c, int level, long index)
    {
        using var command = Command(c, null, "SELECT hashes FROM tile WHERE level = @level AND idx = @idx", ("level", level), ("idx", index));
        return command.ExecuteScalar() as byte[];
    }

    public static CheckpointRow? Checkpoint(NpgsqlConnection c, long? treeSize)
    {
        using var command = treeSize is { } size
            ? Command(c, null, "SELECT tree_size, signed, time FROM checkpoint WHERE tree_size = @size", ("size", size))
            : Command(c, null, "SELECT tree_size, signed, time FROM checkpoint ORDER BY tree_size DESC LIMIT 1");
        using var reader = command.ExecuteReader();
        return reader.Read() ? new CheckpointRow(reader.GetInt64(0), reader.GetFieldValue<byte[]>(1), Time(reader.GetInt64(2))) : null;
    }
}
