using Mesh.Portal.Storage;
using Mesh.Portal.Storage.Sqlite;

namespace Mesh.Portal.Tests.Storage;

/// <summary>The store contract on SQLite: a new database file in a temporary folder per test.</summary>
public sealed class SqliteStoreTests : PortalStoreContract
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("mesh-store-");

    protected override IPortalStore CreateStore() => new SqlitePortalStore(Path.Combine(_folder.FullName, "portal.db"));

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _folder.Delete(recursive: true);
    }
}
