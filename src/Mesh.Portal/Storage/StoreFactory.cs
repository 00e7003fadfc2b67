using Mesh.Portal.Storage.Postgres;
using Mesh.Portal.Storage.Sqlite;

namespace Mesh.Portal.Storage;

/// <summary>
/// Opens the store the options name: PostgreSQL when a connection string is given (behind the latest rows
/// held in memory, <see cref="CachingPortalStore"/>: each query there is a round trip), else SQLite in the data folder.
/// </summary>
public static class StoreFactory
{
    /// <summary>Opens the store (the schema is created by <see cref="IPortalStore.Initialize"/>).</summary>
    public static IPortalStore Open(PortalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrEmpty(options.Database))
            return new CachingPortalStore(new PostgresPortalStore(options.Database));
        Directory.CreateDirectory(options.DataDirectory);
        return new SqlitePortalStore(Path.Combine(options.DataDirectory, "portal.db"));
    }
}
