using Mesh.Merkle;

namespace Mesh.Portal.Storage;

/// <summary>
/// A portal's storage: the append-only log, the Merkle nodes and hash tiles over it, signed checkpoints,
/// replay-protection nonces, and the state derived from the log (accounts, entry versions,
/// connections). Log rows, nodes and checkpoints are only ever inserted. One implementation per
/// backend (SQLite, PostgreSQL), each with its own hand-written schema; one contract test suite.
/// </summary>
public interface IPortalStore : IDisposable
{
    /// <summary>The backend's name, e.g. "sqlite".</summary>
    string Backend { get; }

    /// <summary>Creates the schema when it is missing; safe to call on every start.</summary>
    void Initialize();

    /// <summary>
    /// Starts the one write transaction: it excludes every other writer, in this process and any
    /// other on the same database, until it is committed or disposed (disposal rolls back).
    /// </summary>
    IWriteTransaction BeginWrite();

    /// <summary>
    /// Starts the log writer's transaction, as <see cref="BeginWrite"/>, or, where a store is shared by several processes,
    /// without the lock (<see cref="IWriteTransaction.Positioned"/>): the lock is taken only to place the entries when the
    /// transaction commits. When what it read changed meanwhile, or it needs the lock, a member (at the latest
    /// <see cref="IWriteTransaction.Commit"/>) throws <see cref="WriteConflictException"/>, nothing of the transaction is
    /// kept, and the caller starts over with <see cref="BeginWrite"/>.
    /// </summary>
    IWriteTransaction BeginOptimisticWrite() => BeginWrite();

    /// <summary>The log's size and last write time.</summary>
    LogHead ReadHead();

    /// <summary>The log entries from <paramref name="from"/> on, at most <paramref name="max"/>, in order.</summary>
    IReadOnlyList<LogRow> ReadLog(long from, int max);

    /// <summary>The account (name in lower case), or null.</summary>
    AccountRow? FindAccount(string accountId);

    /// <summary>How many accounts there are (a scan: callers cache it).</summary>
    long CountAccounts();

    /// <summary>
    /// Versions of an entry, newest first: those published in [<paramref name="notBefore"/>, <paramref name="before"/>)
    /// with a log index below <paramref name="belowIndex"/> when given, at most <paramref name="max"/>.
    /// </summary>
    IReadOnlyList<EntryVersionRow> FindEntryVersions(string identifier, DateTimeOffset? notBefore, DateTimeOffset? before, long? belowIndex, int max);

    /// <summary>The latest version of an entry, or null.</summary>
    EntryVersionRow? FindLatestEntry(string identifier) => FindEntryVersions(identifier, null, null, null, 1) is [var latest, ..] ? latest : null;

    /// <summary>The identifiers of entries indexed under a term (a fingerprint, draft 5.1.3 Names).</summary>
    IReadOnlyList<string> FindByTerm(string term, int max);

    /// <summary>The connection of a device to an account, or null.</summary>
    ConnectionRow? FindConnection(string account, string deviceId);

    /// <summary>
    /// The unanswered connection requests of an account made after log index <paramref name="afterIndex"/>
    /// (exclusive) and no earlier than <paramref name="since"/> (older ones have expired), oldest first.
    /// </summary>
    IReadOnlyList<ConnectionRow> ListPending(string account, long afterIndex, int max, DateTimeOffset since);

    /// <summary>The latest checkpoint, or null before the first.</summary>
    CheckpointRow? LatestCheckpoint();

    /// <summary>The checkpoint of exactly this tree size, or null.</summary>
    CheckpointRow? FindCheckpoint(long treeSize);

    /// <summary>The stored full hash tile (C2SP tlog-tiles) of <paramref name="level"/> and <paramref name="index"/>: 256 hashes, or null.</summary>
    byte[]? ReadTile(int level, long index);

    /// <summary>
    /// The hashes of the committed Merkle nodes (<paramref name="treeLevel"/>, <paramref name="from"/>) onwards, at most
    /// <paramref name="count"/>, concatenated: fewer when the level ends sooner.
    /// </summary>
    byte[] ReadHashes(int treeLevel, long from, int count);

    /// <summary>Every row of the derived state as one canonical line, sorted: to compare a rebuilt state with the live one.</summary>
    IReadOnlyList<string> DumpDerivedState();

    /// <summary>A read-only view of the committed Merkle nodes, for proofs; dispose it when done.</summary>
    INodeReader ReadNodes();
}

/// <summary>Committed Merkle nodes, read through one connection. Writing through it is an error.</summary>
public interface INodeReader : IMerkleNodeStore, IDisposable;

/// <summary>
/// The exclusive write transaction. Reads through it see its own uncommitted writes.
/// Nothing is durable until <see cref="Commit"/> returns.
/// </summary>
public interface IWriteTransaction : IDisposable
{
    /// <summary>
    /// The log's size as of the start of the transaction plus the entries appended in it; when <see cref="Positioned"/>, the
    /// next provisional index until the commit, the log's size after it.
    /// </summary>
    long LogSize { get; }

    /// <summary>
    /// Whether the indices of the entries appended are provisional until the commit, which places them where the log then
    /// ends and computes their Merkle nodes and tiles itself (<see cref="Nodes"/> is not available).
    /// </summary>
    bool Positioned => false;

    /// <summary>The final index of an entry appended at <paramref name="index"/>, once committed (the same unless <see cref="Positioned"/>).</summary>
    long FinalIndex(long index) => index;

    /// <summary>The Merkle nodes, read and written inside the transaction.</summary>
    IMerkleNodeStore Nodes { get; }

    /// <summary>Appends the next log entry; <paramref name="index"/> must equal <see cref="LogSize"/>.</summary>
    void AppendLog(long index, byte[] leaf, DateTimeOffset published);

    /// <summary>The log entry at <paramref name="index"/>, including those appended in this transaction.</summary>
    LogRow ReadLog(long index);

    /// <summary>The account, or null.</summary>
    AccountRow? FindAccount(string accountId);

    /// <summary>The latest version of an entry, or null.</summary>
    EntryVersionRow? FindLatestEntry(string identifier);

    /// <summary>The connection of a device to an account, or null.</summary>
    ConnectionRow? FindConnection(string account, string deviceId);

    /// <summary>The number of unanswered connection requests of an account made no earlier than <paramref name="since"/>.</summary>
    int CountPending(string account, DateTimeOffset since);

    /// <summary>Creates or replaces an account (derived state).</summary>
    void PutAccount(AccountRow account);

    /// <summary>Records a version of an entry (derived state).</summary>
    void PutEntryVersion(EntryVersionRow version);

    /// <summary>Indexes an entry under a term (derived state).</summary>
    void PutTerm(string term, string identifier);

    /// <summary>Creates or replaces the connection of a device (derived state).</summary>
    void PutConnection(ConnectionRow connection);

    /// <summary>
    /// Records a request nonce until <paramref name="expires"/>; false when it was already used
    /// by that key (a replay). Expired nonces may be forgotten.
    /// </summary>
    bool TryUseNonce(string keyId, string nonce, DateTimeOffset expires);

    /// <summary>Forgets the nonces that expired before <paramref name="now"/>.</summary>
    void ForgetNonces(DateTimeOffset now);

    /// <summary>The hashes of Merkle nodes, as <see cref="IPortalStore.ReadHashes"/>, including those written in this transaction.</summary>
    byte[] ReadHashes(int treeLevel, long from, int count);

    /// <summary>How many full hash tiles of <paramref name="level"/> are stored (they are written in order, without gaps).</summary>
    long CountTiles(int level);

    /// <summary>Stores a full hash tile; one already stored is left as it is (tiles never change).</summary>
    void PutTile(int level, long index, byte[] hashes);

    /// <summary>Stores a signed checkpoint.</summary>
    void PutCheckpoint(CheckpointRow checkpoint);

    /// <summary>Deletes all derived state, before it is rebuilt from the log.</summary>
    void ClearDerivedState();

    /// <summary>Makes everything written durable, then ends the transaction.</summary>
    void Commit();
}
