using Mesh.Protocol;
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
/// Loads accounts and their verified personal profiles from the log. The current version of each
/// account is remembered with the log index it was read at; a lookup checks the account's row and
/// reuses it while that index is unchanged (a log entry never changes, so neither does what it
/// verified to). Master and device profiles are remembered across versions by <see cref="Verification"/>.
/// </summary>
public sealed class AccountState(IPortalStore store, string portal, TimeProvider clock)
{
    private const int Capacity = 100_000;
    // The latest verified version of each account seen, by the log index that holds it.
    private readonly ConcurrentDictionary<string, Version> _current = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _profileIds = new(StringComparer.Ordinal);

    // The number of accounts, counted at most once a second and only when the log has grown since; a reference,
    // so that concurrent Status requests read one whole count.
    private AccountCount _count = new(-1, 0, DateTimeOffset.MinValue);

    private sealed record AccountCount(long LogSize, long Accounts, DateTimeOffset At);

    /// <summary>The cache of verified master and device profiles shared by every verification in the portal.</summary>
    public VerificationCache Verification { get; } = new();

    /// <summary>
    /// How many accounts there are in a log of <paramref name="logSize"/> entries; a count up to a second old while
    /// the log grows (Status is polled, and counting scans every account).
    /// </summary>
    public long Count(long logSize)
    {
        var count = _count;
        var now = clock.GetUtcNow();
        if (count.LogSize == logSize || (count.LogSize >= 0 && now - count.At < TimeSpan.FromSeconds(1))) return count.Accounts;
        _count = count = new AccountCount(logSize, store.CountAccounts(), now);
        return count.Accounts;
    }

    /// <summary>The account, or null.</summary>
    public LoadedAccount? Find(string accountId)
    {
        var row = store.FindAccount(accountId);
        return row is null ? null : Load(row, index => store.ReadLog(index, 1)[0]);
    }

    /// <summary>
    /// The identifier of the personal profile the account is bound to, or null when there is no
    /// such account. An account is bound once, to one master key (every update must keep it, and
    /// accounts are never deleted), so the answer is remembered, even across portal processes.
    /// </summary>
    public string? ProfileIdentifier(string accountId)
    {
        if (_profileIds.TryGetValue(accountId, out var known)) return known;
        var row = store.FindAccount(accountId);
        if (row is null) return null;
        if (_profileIds.Count >= Capacity) _profileIds.Clear();
        return _profileIds[accountId] = row.ProfileId;
    }

    /// <summary>
    /// Verifies and remembers the account's version at log index <paramref name="logIndex"/> unless it is remembered
    /// already: before a write, so that a version another process wrote is not verified under the writers' lock.
    /// </summary>
    public void Prepare(string accountId, long logIndex) => Verified(accountId, logIndex, index => store.ReadLog(index, 1)[0]);

    /// <summary>The account as seen inside a write transaction (it may have changed earlier in the batch), or null.</summary>
    /// <remarks>
    /// A version read there is not remembered: it may be one the transaction wrote, which is gone if it is rolled back
    /// (when its index is then taken by another version).
    /// </remarks>
    public LoadedAccount? Find(IWriteTransaction tx, string accountId)
    {
        ArgumentNullException.ThrowIfNull(tx);
        var row = tx.FindAccount(accountId);
        return row is null ? null : Load(row, tx.ReadLog, keep: false);
    }

    /// <summary>Remembers the version of an account just appended at <paramref name="index"/>, verified by the caller.</summary>
    public void Remember(string accountId, long index, AccountProfile entry, VerifiedPersonalProfile profile) =>
        Keep(accountId, new Version(index, entry, profile));

    private LoadedAccount Load(AccountRow row, Func<long, LogRow> read, bool keep = true)
    {
        var version = Verified(row.AccountId, row.LogIndex, read, keep);
        return new LoadedAccount(row, version.Entry, version.Profile, TransactionIds.Format(row.LogIndex, portal));
    }

    private Version Verified(string accountId, long index, Func<long, LogRow> read, bool keep = true)
    {
        if (_current.TryGetValue(accountId, out var known) && known.Index == index) return known;
        var entry = (AccountProfile)TaggedJson.Deserialize<LogRecord>(read(index).Leaf).Entry!;
        var profile = ProfileVerifier.Verify(TaggedJson.Serialize(entry.Profile!), null, clock.GetUtcNow(), Verification);
        var version = new Version(index, entry, profile);
        return keep ? Keep(accountId, version) : version;
    }

    private Version Keep(string accountId, Version version)
    {
        if (_current.Count >= Capacity) _current.Clear();
        return _current[accountId] = version;
    }

    private sealed record Version(long Index, AccountProfile Entry, VerifiedPersonalProfile Profile);
}
