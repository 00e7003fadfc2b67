using Mesh.Portal.Storage.Postgres;
using Mesh.Portal.Storage.Sqlite;

namespace Mesh.Portal.Storage;

/// <summary>Opens the store the options name: PostgreSQL when a connection string is given, else SQLite in the data folder.</summary>
public static class StoreFactory
{
    /// <summary>Opens the store (the schema is created by <see cref="IPortalStore.Initialize"/>).</summary>
    public static IPortalStore Open(PortalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrEmpty(options.Database))
            return new PostgresPortalStore(options.Database);
        Directory.CreateDirectory(options.DataDirectory);
        return new SqlitePortalStore(Path.Combine(options.DataDirectory, "portal.db"));
    }
}
