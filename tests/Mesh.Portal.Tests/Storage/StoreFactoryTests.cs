using Mesh.Portal.Storage;

namespace Mesh.Portal.Tests.Storage;

public sealed class StoreFactoryTests
{
    [Fact]
    public void A_connection_string_opens_PostgreSQL_without_connecting_yet()
    {
        using var store = StoreFactory.Open(new PortalOptions { Database = "Host=127.0.0.1;Port=1;Username=mesh;Database=mesh" });
        Assert.Equal("postgresql", store.Backend);
    }

    [Fact]
    public void Without_one_the_store_is_SQLite_in_the_data_folder()
    {
        var folder = Directory.CreateTempSubdirectory("mesh-store-");
        try
        {
            using (var store = StoreFactory.Open(new PortalOptions { DataDirectory = Path.Combine(folder.FullName, "data") }))
            {
                Assert.Equal("sqlite", store.Backend);
                store.Initialize();
            }
            Assert.True(File.Exists(Path.Combine(folder.FullName, "data", "portal.db")));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
