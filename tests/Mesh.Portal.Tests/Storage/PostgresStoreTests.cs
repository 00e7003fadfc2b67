using Mesh.Portal.Storage;
using Mesh.Portal.Storage.Postgres;
using Npgsql;

namespace Mesh.Portal.Tests.Storage;

/// <summary>
/// The store contract on PostgreSQL: a database per test class, a new schema per test (see
/// <see cref="PostgresDatabase"/>). Skipped when MESH_TEST_POSTGRES is not set, except in CI.
/// Every store a test opens is a separate pool of connections, as another process would have.
/// </summary>
[RequiresPostgres]
public sealed class PostgresStoreTests(PostgresDatabase database) : PortalStoreContract, IClassFixture<PostgresDatabase>
{
    private string? _schema;

    protected override IPortalStore CreateStore() => new PostgresPortalStore(_schema ??= database.NewSchema());

    [StoreFact]
    public void An_unreachable_server_makes_every_call_throw()
    {
        using var store = new PostgresPortalStore("Host=127.0.0.1;Port=1;Username=mesh;Password=mesh;Database=mesh;Timeout=5");
        Assert.ThrowsAny<NpgsqlException>(store.Initialize);
        Assert.ThrowsAny<NpgsqlException>(store.ReadHead);
        Assert.ThrowsAny<NpgsqlException>(() => store.ReadLog(0, 1));
        Assert.ThrowsAny<NpgsqlException>(store.BeginWrite);
        Assert.ThrowsAny<NpgsqlException>(store.ReadNodes);
    }

    [StoreFact]
    public void A_write_transaction_needs_the_schema()
    {
        using var store = Open(initialize: false);
        Assert.ThrowsAny<PostgresException>(store.BeginWrite); // no log_writer table: no writer may run unserialized
    }
}
