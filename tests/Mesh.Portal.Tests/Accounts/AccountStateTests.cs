using Mesh.Portal.Accounts;
using Mesh.Portal.Log;
using Mesh.Portal.Storage;
using Mesh.Portal.Storage.Sqlite;
using Mesh.Schema;
using Mesh.Schema.Json;

namespace Mesh.Portal.Tests.Accounts;

/// <summary>The verified versions of accounts the portal keeps in memory are only ever committed ones.</summary>
public sealed class AccountStateTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("mesh-accounts-");

    [Fact]
    public void A_version_read_inside_a_transaction_that_is_rolled_back_is_not_remembered()
    {
        using var store = new SqlitePortalStore(Path.Combine(_folder.FullName, "portal.db"));
        store.Initialize();
        var state = new AccountState(store, TestPortal.Domain, TimeProvider.System);
        using var first = new TestAccount("alice");
        using var second = new TestAccount("alice");

        // The first binding is read inside its transaction, which is then rolled back: its index goes to the second.
        using (var tx = store.BeginWrite())
        {
            Bind(tx, first);
            Assert.Equal(first.Profile.Identifier, state.Find(tx, first.Account)!.Profile.Identifier);
        }
        using (var tx = store.BeginWrite())
        {
            Bind(tx, second);
            tx.Commit();
        }
        Assert.Equal(second.Profile.Identifier, state.Find(second.Account)!.Profile.Identifier);
    }

    private static void Bind(IWriteTransaction tx, TestAccount user)
    {
        var now = DateTimeOffset.UtcNow;
        var record = new LogRecord
        {
            Account = user.Account,
            Entry = new AccountProfile
            {
                AccountID = user.Account, UserProfileUDF = user.Profile.Identifier, Status = "Open", Created = now, Modified = now, Profile = user.Profile,
            },
            Published = now,
        };
        tx.AppendLog(tx.LogSize, TaggedJson.Serialize(record), now);
        StateApplier.Apply(tx, tx.LogSize - 1, record);
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
