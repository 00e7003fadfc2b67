using Microsoft.Data.Sqlite;

namespace Mesh.Portal.Storage.Sqlite;

/// <summary>The SQL of the SQLite store, shared by its readers and its write transaction; each runs on a session's prepared commands.</summary>
internal static class SqliteQueries
{
    public static DateTimeOffset Time(long ticks) => new(ticks, TimeSpan.Zero);

    public static LogHead Head(SqliteSession c, SqliteTransaction? t)
    {
        var command = c.Command(t, "SELECT idx, published FROM log ORDER BY idx DESC LIMIT 1");
        using var reader = command.ExecuteReader();
        return reader.Read() ? new LogHead(reader.GetInt64(0) + 1, Time(reader.GetInt64(1))) : new LogHead(0, null);
    }

    public static IReadOnlyList<LogRow> ReadLog(SqliteSession c, long from, int max)
    {
        var command = c.Command(null, "SELECT idx, leaf, published FROM log WHERE idx >= $from ORDER BY idx LIMIT $max", ("$from", from), ("$max", max));
        using var reader = command.ExecuteReader();
        var rows = new List<LogRow>();
        while (reader.Read()) rows.Add(new LogRow(reader.GetInt64(0), (byte[])reader[1], Time(reader.GetInt64(2))));
        return rows;
    }

    public static byte[] ReadHashes(SqliteSession c, SqliteTransaction? t, int treeLevel, long from, int count)
    {
        var command = c.Command(t, "SELECT hash FROM merkle_node WHERE level = $level AND idx >= $from ORDER BY idx LIMIT $count",
            ("$level", treeLevel), ("$from", from), ("$count", count));
        using var reader = command.ExecuteReader();
        var hashes = new MemoryStream(count * Mesh.Merkle.MerkleHash.Size);
        // Each level is written without gaps, so the rows are the consecutive nodes from `from` on.
        while (reader.Read()) hashes.Write((byte[])reader[0]);
        return hashes.ToArray();
    }

    public static byte[]? ReadTile(SqliteSession c, SqliteTransaction? t, int level, long index) =>
        c.Command(t, "SELECT hashes FROM tile WHERE level = $level AND idx = $idx", ("$level", level), ("$idx", index)).ExecuteScalar() as byte[];

    public static AccountRow? FindAccount(SqliteSession c, SqliteTransaction? t, string accountId)
    {
        var command = c.Command(t, "SELECT account_id, profile_id, status, log_index, created FROM account WHERE account_id = $id", ("$id", accountId));
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new AccountRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), Time(reader.GetInt64(4)))
            : null;
    }

    public static IReadOnlyList<EntryVersionRow> FindEntryVersions(SqliteSession c, SqliteTransaction? t, string identifier,
        DateTimeOffset? notBefore, DateTimeOffset? before, long? belowIndex, int max)
    {
        var command = c.Command(t,
            """
            SELECT identifier, account, type, log_index, published FROM entry_version
            WHERE identifier = $id AND published >= $notBefore AND published < $before AND log_index < $below
            ORDER BY log_index DESC LIMIT $max
            """,
            ("$id", identifier), ("$notBefore", notBefore?.UtcTicks ?? long.MinValue), ("$before", before?.UtcTicks ?? long.MaxValue),
            ("$below", belowIndex ?? long.MaxValue), ("$max", max));
        using var reader = command.ExecuteReader();
        var rows = new List<EntryVersionRow>();
        while (reader.Read())
            rows.Add(new EntryVersionRow(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2), reader.GetInt64(3), Time(reader.GetInt64(4))));
        return rows;
    }

    public static IReadOnlyList<string> FindByTerm(SqliteSession c, string term, int max)
    {
        var command = c.Command(null, "SELECT identifier FROM term WHERE term = $term ORDER BY identifier LIMIT $max", ("$term", term), ("$max", max));
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read()) rows.Add(reader.GetString(0));
        return rows;
    }

    public static ConnectionRow? FindConnection(SqliteSession c, SqliteTransaction? t, string account, string deviceId)
    {
        var command = c.Command(t,
            "SELECT account, device_id, request_index, result_index, created FROM connection WHERE account = $account AND device_id = $device",
            ("$account", account), ("$device", deviceId));
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadConnection(reader) : null;
    }

    public static IReadOnlyList<ConnectionRow> ListPending(SqliteSession c, string account, long afterIndex, int max, DateTimeOffset since)
    {
        var command = c.Command(null,
            """
            SELECT account, device_id, request_index, result_index, created FROM connection
            WHERE account = $account AND result_index IS NULL AND request_index > $after AND created >= $since
            ORDER BY request_index LIMIT $max
            """,
            ("$account", account), ("$after", afterIndex), ("$max", max), ("$since", since.UtcTicks));
        using var reader = command.ExecuteReader();
        var rows = new List<ConnectionRow>();
        while (reader.Read()) rows.Add(ReadConnection(reader));
        return rows;
    }

    private static ConnectionRow ReadConnection(SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetInt64(2), r.IsDBNull(3) ? null : r.GetInt64(3), Time(r.GetInt64(4)));

    public static CheckpointRow? Checkpoint(SqliteSession c, long? treeSize)
    {
        var command = treeSize is { } size
            ? c.Command(null, "SELECT tree_size, signed, time FROM checkpoint WHERE tree_size = $size", ("$size", size))
            : c.Command(null, "SELECT tree_size, signed, time FROM checkpoint ORDER BY tree_size DESC LIMIT 1");
        using var reader = command.ExecuteReader();
        return reader.Read() ? new CheckpointRow(reader.GetInt64(0), (byte[])reader[1], Time(reader.GetInt64(2))) : null;
    }
}
