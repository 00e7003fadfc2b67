using Mesh.Portal.Storage.Postgres;
using Mesh.Portal.Storage.Sqlite;
using Mesh.Portal.Tests.Storage;
using Xunit.Abstractions;

namespace Mesh.Portal.Tests.Reliability;

/// <summary>
/// SIGKILL three times during a publish load loses no acknowledged write, leaves the derived state
/// equal to a rebuild from the log, and keeps every earlier signed checkpoint consistent: on SQLite.
/// </summary>
public sealed class CrashUnderLoadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Three_kills_under_load_lose_no_acknowledged_write_on_sqlite()
    {
        var data = Path.Combine(Path.GetTempPath(), "mesh-kill-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var load = new PublishLoad(workers: 4);
            var summary = await CrashScenario.RunAsync(load, data, kills: 3, TimeSpan.FromSeconds(1));
            using var store = new SqlitePortalStore(Path.Combine(data, "portal.db"));
            load.VerifyStore(store);
            output.WriteLine($"sqlite: {summary}; refusals by status: {string.Join(", ", load.Refusals.Select(r => $"{r.Key}: {r.Value}"))}");
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}

/// <summary>The same on PostgreSQL.</summary>
[RequiresPostgres]
public sealed class CrashUnderLoadOnPostgresTests(PostgresDatabase database, ITestOutputHelper output) : IClassFixture<PostgresDatabase>
{
    [StoreFact]
    public async Task Three_kills_under_load_lose_no_acknowledged_write_on_postgres()
    {
        var connection = database.NewSchema();
        var data = Path.Combine(Path.GetTempPath(), "mesh-kill-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        try
        {
            using var load = new PublishLoad(workers: 4);
            var summary = await CrashScenario.RunAsync(load, data, 3, TimeSpan.FromSeconds(2.5), "--database", connection, "--checkpoint-key", Path.Combine(data, "checkpoint-key.p8"));
            using var store = new PostgresPortalStore(connection);
            load.VerifyStore(store);
            output.WriteLine($"postgres: {summary}; refusals by status: {string.Join(", ", load.Refusals.Select(r => $"{r.Key}: {r.Value}"))}");
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
