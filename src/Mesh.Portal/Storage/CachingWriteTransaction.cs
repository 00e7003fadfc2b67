using Mesh.Merkle;

namespace Mesh.Portal.Storage;

/// <summary>
/// The write transaction of a <see cref="CachingPortalStore"/>: the latest entry versions and accounts are
/// read from what this transaction wrote, then from the held rows (exact under the writers' lock), then
/// from the database; what it wrote is applied to the held rows once the commit succeeds. Each account and entry read
/// other than from its own writes is what its decisions rest on: a positioned transaction's commit checks it is still so.
/// </summary>
internal sealed class CachingWriteTransaction(ISharedWriteTransaction inner, CachingPortalStore cache) : IWriteTransaction
{
    private readonly Dictionary<string, EntryVersionRow> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AccountRow> _accounts = new(StringComparer.Ordinal);
    // After ClearDerivedState only this transaction's writes and the database are true.
    private bool _reset;
    // Where the transaction's entries begin (provisional ones when positioned), and whether it appended any.
    private readonly long _first = inner.LogSize;
    private bool _appended;

    public long LogSize => inner.LogSize;

    public IMerkleNodeStore Nodes => inner.Nodes;

    public bool Positioned => inner.Positioned;

    public long FinalIndex(long index) => inner.FinalIndex(index);

    public EntryVersionRow? FindLatestEntry(string identifier)
    {
        if (_entries.TryGetValue(identifier, out var own)) return own;
        var found = (_reset ? null : cache.HeldEntry(identifier)) ?? inner.FindLatestEntry(identifier);
        inner.RequireLatestEntry(identifier, found?.LogIndex);
        return found;
    }

    public AccountRow? FindAccount(string accountId)
    {
        if (_accounts.TryGetValue(accountId, out var own)) return own;
        var found = (_reset ? null : cache.HeldAccount(accountId)) ?? inner.FindAccount(accountId);
        inner.RequireAccount(accountId, found?.LogIndex);
        return found;
    }

    public void PutEntryVersion(EntryVersionRow version)
    {
        ArgumentNullException.ThrowIfNull(version);
        inner.PutEntryVersion(version);
        if (!_entries.TryGetValue(version.Identifier, out var held) || held.LogIndex <= version.LogIndex) _entries[version.Identifier] = version;
    }

    public void PutAccount(AccountRow account)
    {
        ArgumentNullException.ThrowIfNull(account);
        inner.PutAccount(account);
        if (!_accounts.TryGetValue(account.AccountId, out var held) || held.LogIndex <= account.LogIndex) _accounts[account.AccountId] = account;
    }

    public void ClearDerivedState()
    {
        inner.ClearDerivedState();
        _entries.Clear();
        _accounts.Clear();
        _reset = true;
    }

    public void Commit()
    {
        var positioned = inner.Positioned;
        if (positioned && !_appended)
        {
            inner.Commit(); // nothing of it for the held rows, and no announcement to wait for
            return;
        }
        cache.Committing(positioned ? CachingPortalStore.Unplaced : inner.LogSize);
        try
        {
            inner.Commit();
        }
        catch
        {
            cache.CommitFailed();
            throw;
        }
        // A positioned transaction's entries have their place only now: the held rows get their final indices.
        cache.Committed(inner.FinalIndex(_first), inner.LogSize,
            positioned ? _entries.Values.Select(e => e with { LogIndex = inner.FinalIndex(e.LogIndex) }) : _entries.Values,
            positioned ? _accounts.Values.Select(a => a with { LogIndex = inner.FinalIndex(a.LogIndex) }) : _accounts.Values, _reset);
    }

    public void AppendLog(long index, byte[] leaf, DateTimeOffset published)
    {
        inner.AppendLog(index, leaf, published);
        _appended = true;
    }

    public LogRow ReadLog(long index) => inner.ReadLog(index);

    public ConnectionRow? FindConnection(string account, string deviceId) => inner.FindConnection(account, deviceId);

    public int CountPending(string account, DateTimeOffset since) => inner.CountPending(account, since);

    public void PutTerm(string term, string identifier) => inner.PutTerm(term, identifier);

    public void PutConnection(ConnectionRow connection) => inner.PutConnection(connection);

    public bool TryUseNonce(string keyId, string nonce, DateTimeOffset expires) => inner.TryUseNonce(keyId, nonce, expires);

    public void ForgetNonces(DateTimeOffset now) => inner.ForgetNonces(now);

    public byte[] ReadHashes(int treeLevel, long from, int count) => inner.ReadHashes(treeLevel, from, count);

    public long CountTiles(int level) => inner.CountTiles(level);

    public void PutTile(int level, long index, byte[] hashes) => inner.PutTile(level, index, hashes);

    public void PutCheckpoint(CheckpointRow checkpoint) => inner.PutCheckpoint(checkpoint);

    public void Dispose() => inner.Dispose();
}
