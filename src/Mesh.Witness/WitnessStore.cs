using Microsoft.Data.Sqlite;

namespace Mesh.WitnessService;

/// <summary>The latest checkpoint the witness cosigned for a log: its size, root, and the note as cosigned.</summary>
public sealed record WitnessedCheckpoint(long Size, byte[] Root, string Note);

/// <summary>
/// What a witness remembers, in SQLite: per log origin, the latest checkpoint it cosigned; and, as evidence, the
/// signed checkpoints it refused as inconsistent with that one (a log that forked or rolled back signed them).
/// Every change is durable (WAL, synchronous FULL) before the witness answers.
/// </summary>
public sealed class WitnessStore : IDisposable
{
    /// <summary>The most refused checkpoints kept as evidence; older ones are dropped first.</summary>
    public const int MaxEvidence = 1000;

    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();

    /// <summary>Opens (creating if need be) the database at <paramref name="path"/>.</summary>
    public WitnessStore(string path)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        _connection.Open();
        Execute("""
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = FULL;
            PRAGMA busy_timeout = 10000;
            CREATE TABLE IF NOT EXISTS checkpoint (origin TEXT PRIMARY KEY, size INTEGER NOT NULL, root BLOB NOT NULL, note TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS evidence (id INTEGER PRIMARY KEY AUTOINCREMENT, origin TEXT NOT NULL, received TEXT NOT NULL, reason TEXT NOT NULL, request TEXT NOT NULL);
            """);
    }

    /// <summary>
    /// Runs <paramref name="decide"/> on the latest checkpoint of <paramref name="origin"/> (null if none) and stores
    /// what it returns to store, all in one immediate transaction under a lock: no other request, in this process or
    /// another on the same file, can store a checkpoint in between (C2SP tlog-witness: check and persist atomically).
    /// </summary>
    public T Update<T>(string origin, Func<WitnessedCheckpoint?, (T Answer, WitnessedCheckpoint? Store)> decide)
    {
        ArgumentNullException.ThrowIfNull(decide);
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction(deferred: false);
            var (answer, store) = decide(Read(origin, tx));
            if (store is not null)
            {
                using var put = Command("INSERT INTO checkpoint (origin, size, root, note) VALUES ($o, $s, $r, $n) "
                    + "ON CONFLICT (origin) DO UPDATE SET size = excluded.size, root = excluded.root, note = excluded.note", tx);
                put.Parameters.AddWithValue("$o", origin);
                put.Parameters.AddWithValue("$s", store.Size);
                put.Parameters.AddWithValue("$r", store.Root);
                put.Parameters.AddWithValue("$n", store.Note);
                put.ExecuteNonQuery();
            }
            tx.Commit();
            return answer;
        }
    }

    /// <summary>The latest checkpoint cosigned for <paramref name="origin"/>, or null.</summary>
    public WitnessedCheckpoint? Read(string origin)
    {
        lock (_gate) return Read(origin, null);
    }

    /// <summary>Keeps a refused request of a log as evidence of its misbehaviour.</summary>
    public void KeepEvidence(string origin, string reason, string request, DateTimeOffset received)
    {
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction(deferred: false);
            using var insert = Command("INSERT INTO evidence (origin, received, reason, request) VALUES ($o, $t, $w, $r)", tx);
            insert.Parameters.AddWithValue("$o", origin);
            insert.Parameters.AddWithValue("$t", received.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            insert.Parameters.AddWithValue("$w", reason);
            insert.Parameters.AddWithValue("$r", request);
            insert.ExecuteNonQuery();
            using var trim = Command("DELETE FROM evidence WHERE id <= (SELECT MAX(id) FROM evidence) - $max", tx);
            trim.Parameters.AddWithValue("$max", MaxEvidence);
            trim.ExecuteNonQuery();
            tx.Commit();
        }
    }

    /// <summary>The refused requests kept as evidence for <paramref name="origin"/>, oldest first.</summary>
    public IReadOnlyList<(DateTimeOffset Received, string Reason, string Request)> Evidence(string origin)
    {
        lock (_gate)
        {
            using var select = Command("SELECT received, reason, request FROM evidence WHERE origin = $o ORDER BY id", null);
            select.Parameters.AddWithValue("$o", origin);
            using var reader = select.ExecuteReader();
            var found = new List<(DateTimeOffset, string, string)>();
            while (reader.Read())
                found.Add((DateTimeOffset.Parse(reader.GetString(0), System.Globalization.CultureInfo.InvariantCulture), reader.GetString(1), reader.GetString(2)));
            return found;
        }
    }

    private WitnessedCheckpoint? Read(string origin, SqliteTransaction? tx)
    {
        using var select = Command("SELECT size, root, note FROM checkpoint WHERE origin = $o", tx);
        select.Parameters.AddWithValue("$o", origin);
        using var reader = select.ExecuteReader();
        return reader.Read() ? new WitnessedCheckpoint(reader.GetInt64(0), (byte[])reader.GetValue(1), reader.GetString(2)) : null;
    }

    private SqliteCommand Command(string sql, SqliteTransaction? tx)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        return command;
    }

    private void Execute(string sql)
    {
        using var command = Command(sql, null);
        command.ExecuteNonQuery();
    }

    /// <inheritdoc/>
    public void Dispose() => _connection.Dispose();
}
