using Microsoft.Data.Sqlite;

namespace Mesh.Portal.Storage.Sqlite;

/// <summary>
/// One open connection and the statements prepared on it. SQLite compiles a statement once per
/// session instead of once per call: parsing was a fifth of the CPU of a Get. A session is used
/// by one thread at a time; the commands it hands out belong to it and must not be disposed.
/// </summary>
internal sealed class SqliteSession : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public SqliteSession(string connectionString, bool durableWrites)
    {
        Connection = new SqliteConnection(connectionString);
        Connection.Open();
        // Durability: a commit returns only once the WAL is on disk. Readers never commit.
        using var pragma = Connection.CreateCommand();
        pragma.CommandText = durableWrites ? "PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000;" : "PRAGMA busy_timeout=30000;";
        pragma.ExecuteNonQuery();
    }

    public SqliteConnection Connection { get; }

    /// <summary>The prepared command for <paramref name="sql"/>, bound to <paramref name="transaction"/> and the parameters.</summary>
    public SqliteCommand Command(SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            _commands[sql] = command;
        }
        command.Transaction = transaction;
        command.Parameters.Clear();
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values) command.Dispose();
        _commands.Clear();
        Connection.Dispose();
    }
}
