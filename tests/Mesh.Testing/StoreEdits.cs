using Mesh.Merkle;
using Mesh.Portal.Log;
using Mesh.Portal.Storage.Sqlite;
using Mesh.Profiles;
using Mesh.Schema;
using Mesh.Schema.Json;

namespace Mesh.Testing;

/// <summary>What an operator with access to a stopped portal's database can do to it, as the portal's own code would.</summary>
public static class StoreEdits
{
    /// <summary>
    /// Appends to the log a new version of application <paramref name="applicationId"/> of <paramref name="account"/>:
    /// the latest one's content, dated now, signed by a device key no profile lists. The Merkle tree and the derived
    /// state are updated as the portal does, so the log stays consistent and the portal serves it with real proofs.
    /// </summary>
    public static void AppendForgedVersion(string database, string account, string applicationId)
    {
        using var store = new SqlitePortalStore(database);
        store.Initialize();
        var latest = store.FindEntryVersions(applicationId, null, null, null, 1)[0];
        var genuine = (SignedApplicationProfile)TaggedJson.Deserialize<LogRecord>(store.ReadLog(latest.LogIndex, 1)[0].Leaf).Entry!;
        var now = DateTimeOffset.UtcNow;
        using var forger = DeviceSecrets.Create("operator", now);
        var payload = SignedPayload.ReadUnverified<ApplicationProfile>(genuine.SignedData) with { Updated = now };
        var forged = new SignedApplicationProfile { Identifier = applicationId, SignedData = SignedPayload.Sign(payload, forger.SignatureKey) };

        var record = new LogRecord { Published = now, Account = account, Entry = forged };
        var leaf = TaggedJson.Serialize(record);
        using var tx = store.BeginWrite();
        var index = tx.LogSize;
        tx.AppendLog(index, leaf, now);
        StateApplier.Apply(tx, index, record);
        new MerkleTree(tx.Nodes).Append(MerkleHash.Leaf(leaf));
        Mesh.Portal.Transparency.TileWriter.Extend(tx, index, index + 1);
        tx.Commit();
    }
}
