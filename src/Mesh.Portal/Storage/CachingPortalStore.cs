using System.Collections.Concurrent;
using Mesh.Merkle;

namespace Mesh.Portal.Storage;

/// <summary>
/// Keeps the latest version of each entry and each account's row in memory, in front of a store that
/// several processes share, so that a Get of an entry's latest version and the publish checks inside the
/// write transaction cost no round trip to the database.
/// <list type="bullet">
/// <item>The writer is exact: under the writers' lock it first reads what other processes wrote since the
/// size it knows (one query, none when nothing), and what it commits is applied before it is acknowledged.
/// Deciding without the lock (positioned), it reads the held rows as they are, and the store checks at the commit
/// that none it read has changed since.</item>
/// <item>Reads are answered from memory only while the store's commit announcements reach this process;
/// each announcement is applied (one query) as it arrives, so a read here may miss another process's
/// commit for as long as its announcement takes to arrive (milliseconds), never longer. Without them
/// (the connection lost) every read goes to the database until they are heard again.</item>
/// </list>
/// A row replaces a held one only when it is of a later log index (an entry's latest version and an
/// account's row only move forward), so announcements and reads applied in any order end at the latest.
/// Reads that page, filter by time or give proofs always go to the database.
/// </summary>
public sealed class CachingPortalStore : IPortalStore
{
    private const int Capacity = 200_000;

    private readonly ISharedStore _inner;
    private readonly object _gate = new();
    private readonly ConcurrentDictionary<string, EntryVersionRow> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AccountRow> _accounts = new(StringComparer.Ordinal);
    private IDisposable? _watch;
    // The log size up to which every change is applied; -1 before the first.
    private long _known = -1;
    // The log's size this process's writer is committing to, -1 when none, Unplaced when the store places it: its own
    // announcement may be heard before the writer applies what it wrote (Committed), and is then not read back from the database.
    private long _committing = -1;
    internal const long Unplaced = -2;
    private static readonly TimeSpan WaitForOwnCommit = TimeSpan.FromSeconds(1);
    private bool _skipped;
    // Bumped whenever held rows may have changed: a read that began before does not keep its answer.
    private long _epoch;
    private volatile bool _listening;

    /// <summary>Caches the latest rows of <paramref name="inner"/>; nothing is read until <see cref="Initialize"/>.</summary>
    public CachingPortalStore(ISharedStore inner) => _inner = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <summary>Whether reads are answered from memory now (commit announcements are heard).</summary>
    public bool Listening => _listening;

    /// <summary>The log's size up to which this process has applied every commit it knows of; -1 before the first.</summary>
    public long KnownSize => Interlocked.Read(ref _known);

    /// <inheritdoc/>
    public string Backend => _inner.Backend;

    /// <inheritdoc/>
    /// <remarks>Then starts listening for the commits of every process.</remarks>
    public void Initialize()
    {
        _inner.Initialize();
        _watch ??= _inner.Watch(OnListening, OnCommitted, OnLost);
    }

    /// <inheritdoc/>
    public IWriteTransaction BeginWrite()
    {
        var known = Interlocked.Read(ref _known);
        var tx = _inner.BeginWrite(known >= 0 ? known : null);
        try
        {
            CatchUp(tx);
            return new CachingWriteTransaction(tx, this);
        }
        catch
        {
            tx.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Positioned while commits are heard: decided on the held rows, each account and entry read is checked by the store
    /// at the commit, which fails if another process changed it meanwhile.
    /// </remarks>
    public IWriteTransaction BeginOptimisticWrite() =>
        _listening && Interlocked.Read(ref _known) is var known and >= 0 ? new CachingWriteTransaction(_inner.BeginPositionedWrite(known), this) : BeginWrite();

    /// <inheritdoc/>
    public EntryVersionRow? FindLatestEntry(string identifier) => Read(_entries, identifier, _inner.FindLatestEntry, static r => r.LogIndex);

    /// <inheritdoc/>
    public AccountRow? FindAccount(string accountId) => Read(_accounts, accountId, _inner.FindAccount, static r => r.LogIndex);

    private T? Read<T>(ConcurrentDictionary<string, T> held, string key, Func<string, T?> read, Func<T, long> index) where T : class
    {
        if (_listening && held.TryGetValue(key, out var row)) return row;
        var epoch = Interlocked.Read(ref _epoch);
        var found = read(key);
        if (found is not null)
        {
            lock (_gate)
            {
                if (_listening && _epoch == epoch) Hold(held, key, found, index);
            }
        }
        return found;
    }

    // The writer's view, exact under the writers' lock: held rows, then the database.
    internal EntryVersionRow? HeldEntry(string identifier) => _entries.GetValueOrDefault(identifier);

    internal AccountRow? HeldAccount(string accountId) => _accounts.GetValueOrDefault(accountId);

    // Under the writers' lock nothing else commits: what others wrote since the known size is read, and
    // the held rows are then exact at the transaction's start.
    private void CatchUp(ISharedWriteTransaction tx)
    {
        var known = Interlocked.Read(ref _known);
        if (known == tx.LogSize) return;
        var changes = known < 0 ? null : tx.ReadChanges(known);
        lock (_gate)
        {
            if (changes is null) Forget();
            else Apply(changes.Entries, changes.Accounts);
            _known = Math.Max(_known, tx.LogSize);
        }
    }

    /// <summary>
    /// Says that a write transaction is about to commit, leaving the log <paramref name="size"/> entries long, or
    /// <see cref="Unplaced"/> when the store places its entries: announcements heard meanwhile then wait for it.
    /// </summary>
    internal void Committing(long size)
    {
        lock (_gate)
        {
            _committing = size;
            _skipped = false;
        }
    }

    /// <summary>
    /// Applies what a write transaction committed, before it is acknowledged: the log's entries from <paramref name="first"/>
    /// to <paramref name="size"/>. When others' commits before <paramref name="first"/> are not applied yet (a positioned
    /// transaction's entries landed after them), the size known stays where it is until their announcements are.
    /// </summary>
    internal void Committed(long first, long size, IEnumerable<EntryVersionRow> entries, IEnumerable<AccountRow> accounts, bool reset)
    {
        lock (_gate)
        {
            if (reset) Forget();
            else Apply(entries, accounts);
            if (_known >= first) _known = Math.Max(_known, size);
            _committing = -1;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>
    /// Says that the commit failed. An announcement taken for its own may have been another process's (an optimistic
    /// transaction commits to a size without the lock): then what is held is forgotten rather than left behind it.
    /// </summary>
    internal void CommitFailed()
    {
        lock (_gate)
        {
            if (_skipped) Forget();
            _committing = -1;
            Monitor.PulseAll(_gate);
        }
    }

    private void OnListening(long size)
    {
        lock (_gate)
        {
            Forget();
            _known = size;
            _listening = true;
        }
    }

    private void OnCommitted(long size, bool reset)
    {
        lock (_gate)
        {
            // The announcement may be of this process's commit under way, whose size is known only when it returns (with
            // its rows, applied then): wait for that, briefly, rather than read them back.
            var until = Environment.TickCount64 + (long)WaitForOwnCommit.TotalMilliseconds;
            while (_committing == Unplaced && Environment.TickCount64 < until) Monitor.Wait(_gate, WaitForOwnCommit);
            if (!reset && size == _committing)
            {
                _skipped = true;
                return;
            }
        }
        var known = Interlocked.Read(ref _known);
        if (size <= known && !reset) return;
        var changes = reset || known < 0 ? null : _inner.ReadChanges(known);
        if (changes is null)
        {
            lock (_gate)
            {
                Forget();
                _known = Math.Max(_known, size);
            }
            return;
        }
        lock (_gate)
        {
            Apply(changes.Entries, changes.Accounts);
            _known = Math.Max(_known, changes.Size);
        }
    }

    private void OnLost()
    {
        lock (_gate)
        {
            _listening = false;
            Forget();
        }
    }

    // Callers hold _gate.
    private void Apply(IEnumerable<EntryVersionRow> entries, IEnumerable<AccountRow> accounts)
    {
        foreach (var entry in entries) Hold(_entries, entry.Identifier, entry, static r => r.LogIndex);
        foreach (var account in accounts) Hold(_accounts, account.AccountId, account, static r => r.LogIndex);
        _epoch++;
    }

    private static void Hold<T>(ConcurrentDictionary<string, T> held, string key, T row, Func<T, long> index)
    {
        if (held.TryGetValue(key, out var old) && index(old) >= index(row)) return;
        if (held.Count >= Capacity) held.Clear();
        held[key] = row;
    }

    private void Forget()
    {
        _entries.Clear();
        _accounts.Clear();
        _epoch++;
    }

    /// <inheritdoc/>
    public LogHead ReadHead() => _inner.ReadHead();

    /// <inheritdoc/>
    public long CountAccounts() => _inner.CountAccounts();

    /// <inheritdoc/>
    public IReadOnlyList<LogRow> ReadLog(long from, int max) => _inner.ReadLog(from, max);

    /// <inheritdoc/>
    public IReadOnlyList<EntryVersionRow> FindEntryVersions(string identifier, DateTimeOffset? notBefore, DateTimeOffset? before, long? belowIndex, int max) =>
        _inner.FindEntryVersions(identifier, notBefore, before, belowIndex, max);

    /// <inheritdoc/>
    public IReadOnlyList<string> FindByTerm(string term, int max) => _inner.FindByTerm(term, max);

    /// <inheritdoc/>
    public ConnectionRow? FindConnection(string account, string deviceId) => _inner.FindConnection(account, deviceId);

    /// <inheritdoc/>
    public IReadOnlyList<ConnectionRow> ListPending(string account, long afterIndex, int max, DateTimeOffset since) =>
        _inner.ListPending(account, afterIndex, max, since);

    /// <inheritdoc/>
    public CheckpointRow? LatestCheckpoint() => _inner.LatestCheckpoint();

    /// <inheritdoc/>
    public CheckpointRow? FindCheckpoint(long treeSize) => _inner.FindCheckpoint(treeSize);

    /// <inheritdoc/>
    public byte[]? ReadTile(int level, long index) => _inner.ReadTile(level, index);

    /// <inheritdoc/>
    public byte[] ReadHashes(int treeLevel, long from, int count) => _inner.ReadHashes(treeLevel, from, count);

    /// <inheritdoc/>
    public IReadOnlyList<string> DumpDerivedState() => _inner.DumpDerivedState();

    /// <inheritdoc/>
    public INodeReader ReadNodes() => _inner.ReadNodes();

    /// <inheritdoc/>
    /// <remarks>Stops listening, then closes the store.</remarks>
    public void Dispose()
    {
        _watch?.Dispose();
        _inner.Dispose();
    }
}
