namespace Mesh.Portal.Storage;

/// <summary>
/// A store that several portal processes write at once (PostgreSQL): each commit of any of them is
/// announced to the others, and what changed since a log size can be read, so that a process may
/// keep the latest rows in memory and still serve what another process wrote (<see cref="CachingPortalStore"/>).
/// </summary>
public interface ISharedStore : IPortalStore
{
    /// <summary>
    /// Starts listening for commits, until the result is disposed. <paramref name="listening"/> is called with the log's size once
    /// the announcements reach this process (again after each reconnection: those made meanwhile are lost);
    /// <paramref name="committed"/> with the log's size after each commit of any process (this one included), in commit order,
    /// and <c>reset</c> true when the derived state was rebuilt; <paramref name="lost"/> when announcements may be missed
    /// from now on. The callbacks run on one background thread, one at a time; one that throws counts as a lost connection.
    /// </summary>
    IDisposable Watch(Action<long> listening, Action<long, bool> committed, Action lost);

    /// <summary>
    /// The committed rows of accounts and entry versions written at log index <paramref name="from"/> or later, with the log's
    /// size, all as of one moment; null when there are too many to be worth reading (forget what is held instead).
    /// </summary>
    LogChanges? ReadChanges(long from);

    /// <summary>The write transaction, which can also read what changed: <see cref="IPortalStore.BeginWrite"/> returns one.</summary>
    new ISharedWriteTransaction BeginWrite();

    /// <summary>
    /// The write transaction, reading with the lock what changed from log index <paramref name="changesFrom"/> on
    /// (when given), so that <see cref="ISharedWriteTransaction.ReadChanges"/> of that index costs nothing more.
    /// </summary>
    ISharedWriteTransaction BeginWrite(long? changesFrom);

    /// <summary>
    /// The write transaction, begun without a round trip or the lock (<see cref="IPortalStore.BeginOptimisticWrite"/>): its
    /// entries get provisional indices and land, at the commit, where the log then ends (<see cref="IWriteTransaction.Positioned"/>).
    /// The commit fails with <see cref="WriteConflictException"/> when an account or entry read
    /// (<see cref="ISharedWriteTransaction.RequireAccount"/>, <see cref="ISharedWriteTransaction.RequireLatestEntry"/>) changed
    /// meanwhile: has a version written at <paramref name="exactBelow"/> or later and later than the one read. What is read must
    /// be current for every change before that index (held rows up to date to there, or read from the database).
    /// </summary>
    ISharedWriteTransaction BeginPositionedWrite(long exactBelow);
}

/// <summary>The write transaction of an <see cref="ISharedStore"/>.</summary>
public interface ISharedWriteTransaction : IWriteTransaction
{
    /// <summary>The rows of accounts and entry versions written at log index <paramref name="from"/> or later, as this transaction sees them; null when too many.</summary>
    LogChanges? ReadChanges(long from);

    /// <summary>
    /// Says that the transaction's decisions rest on the account's row being at <paramref name="logIndex"/> (null: there is
    /// none): a positioned transaction's commit then fails if it is not so any more. Nothing to do for one that holds the lock.
    /// </summary>
    void RequireAccount(string accountId, long? logIndex);

    /// <summary>As <see cref="RequireAccount"/>, for the latest version of an entry.</summary>
    void RequireLatestEntry(string identifier, long? logIndex);
}

/// <summary>The account and entry-version rows written from some log index on, and the log's size when they were read.</summary>
public sealed record LogChanges(long Size, IReadOnlyList<EntryVersionRow> Entries, IReadOnlyList<AccountRow> Accounts);
