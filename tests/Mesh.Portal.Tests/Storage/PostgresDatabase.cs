using Npgsql;

namespace Mesh.Portal.Tests.Storage;

/// <summary>
/// A database of one test class's own on the server that MESH_TEST_POSTGRES names (an admin-capable
/// connection string, e.g. <c>Host=127.0.0.1;Username=mesh;Password=mesh;Database=postgres</c>),
/// created on first use and dropped after the class. Each test takes a new empty schema in it
/// (through <c>Search Path</c>), so every test starts from an empty store while the class pays for
/// one CREATE DATABASE.
/// </summary>
public sealed class PostgresDatabase : IDisposable
{
    /// <summary>The environment variable holding the admin connection string.</summary>
    public const string Variable = "MESH_TEST_POSTGRES";

    private readonly string _name = "mesh_test_" + Guid.NewGuid().ToString("N");
    private readonly Lock _lock = new();
    private string? _connectionString;
    private int _schemas;

    /// <summary>Why the PostgreSQL tests are skipped, or null when they run (a server is configured, or CI=true).</summary>
    public static string? SkipReason =>
        Admin is null && Environment.GetEnvironmentVariable("CI") != "true"
            ? $"{Variable} is not set: give it an admin connection string (e.g. Host=127.0.0.1;Username=mesh;Password=mesh;Database=postgres) to test the PostgreSQL store; .ci/run starts a server and sets it."
            : null;

    private static string? Admin => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>Creates an empty schema in the class's database; returns a connection string that uses it.</summary>
    public string NewSchema()
    {
        var database = Database();
        var schema = $"test_{Interlocked.Increment(ref _schemas)}";
        Execute(database, $"CREATE SCHEMA {schema}");
        return new NpgsqlConnectionStringBuilder(database) { SearchPath = schema }.ConnectionString;
    }

    private string Database()
    {
        lock (_lock)
        {
            if (_connectionString is null)
            {
                var admin = Admin ?? throw new InvalidOperationException(
                    $"{Variable} is not set, and CI=true: the PostgreSQL store must be tested in CI (.ci/run starts a server and sets {Variable}).");
                Execute(admin, $"CREATE DATABASE {_name}");
                _connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = _name }.ConnectionString;
            }
            return _connectionString;
        }
    }

    private static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        // FORCE ends the connections a failed test may have left open.
        if (_connectionString is not null) Execute(Admin!, $"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
    }
}
