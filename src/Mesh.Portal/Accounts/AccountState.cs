using System.Collections.Concurrent;
using Mesh.Portal.Log;
using Mesh.Portal.Storage;
using Mesh.Profiles;
using Mesh.Schema;
using Mesh.Schema.Json;

namespace Mesh.Portal.Accounts;

/// <summary>An account as the portal serves it: its row, its current verified profile and where that is in the log.</summary>
public sealed record LoadedAccount(AccountRow Row, AccountProfile Entry, VerifiedPersonalProfile Profile, string TransactionId);

/// <summary>
/// Loads accounts and their verified personal profiles from the log. Verified profiles are
/// cached by log index: a log entry never changes, so neither does what it verified to.
/// </summary>
public sealed class AccountState(IPortalStore store, string portal, TimeProvider clock)
{
    private const int CacheLimit = 10_000;
    private readonly ConcurrentDictionary<long, (AccountProfile Entry, VerifiedPersonalProfile Profile)> _verified = new();

    /// <summary>The account, or null.</summary>
    public LoadedAccount? Find(string accountId)
    {
        var row = store.FindAccount(accountId);
        return row is null ? null : Load(row, index => store.ReadLog(index, 1)[0]);
    }

    /// <summary>The account as seen inside a write transaction, or null.</summary>
    public LoadedAccount? Find(IWriteTransaction tx, string accountId)
    {
        ArgumentNullException.ThrowIfNull(tx);
        var row = tx.FindAccount(accountId);
        // Read through the transaction: the account may have changed earlier in this batch.
        return row is null ? null : Load(row, tx.ReadLog);
    }

    /// <summary>Remembers the verified profile of a record about to be appended at <paramref name="index"/>.</summary>
    public void Remember(long index, AccountProfile entry, VerifiedPersonalProfile profile)
    {
        if (_verified.Count >= CacheLimit) _verified.Clear();
        _verified[index] = (entry, profile);
    }

    private LoadedAccount Load(AccountRow row, Func<long, LogRow> read)
    {
        if (!_verified.TryGetValue(row.LogIndex, out var cached))
        {
            var record = TaggedJson.Deserialize<LogRecord>(read(row.LogIndex).Leaf);
            var entry = (AccountProfile)record.Entry!;
            var profile = ProfileVerifier.Verify(TaggedJson.Serialize(entry.Profile!), null, clock.GetUtcNow());
            cached = (entry, profile);
            Remember(row.LogIndex, entry, profile);
        }
        return new LoadedAccount(row, cached.Entry, cached.Profile, TransactionIds.Format(row.LogIndex, portal));
    }
}
