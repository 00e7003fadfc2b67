using Mesh.Cryptography;
using Mesh.Merkle;
using Mesh.Portal.Storage;
using Mesh.Schema;
using Mesh.Transparency;

namespace Mesh.Portal.Transparency;

/// <summary>
/// Makes and keeps signed checkpoints of the log (NOTES.md section 7): in the background at a
/// fixed interval whenever the log has grown, and on demand when a proof must cover an entry the
/// latest checkpoint does not. Each checkpoint is made under the write lock, so portal processes
/// sharing a database never make two of one size.
/// </summary>
public sealed partial class Checkpointer(IPortalStore store, KeyPair key, string portal, TimeSpan interval, TimeProvider clock, ILogger<Checkpointer> logger)
    : BackgroundService
{
    private readonly object _gate = new();
    private NoteVerifierKey? _noteKey;
    // A reference, swapped whole: requests on several threads read it while one of them replaces it.
    private KeptNote? _note;

    /// <summary>How often the log is checkpointed when it grows.</summary>
    public TimeSpan Interval => interval;

    /// <summary>The origin of the log (C2SP tlog-checkpoint), which also names the key of its checkpoint notes.</summary>
    public string Origin => CheckpointNote.Origin(portal);

    /// <summary>The verifier key (vkey) of the checkpoint notes: the same Ed25519 key that signs the JWS checkpoints.</summary>
    public NoteVerifierKey NoteKey => _noteKey ??= NoteVerifierKey.For(Origin, key.PublicKey);

    /// <summary>
    /// A stored checkpoint as a C2SP tlog-checkpoint signed note. Ed25519 signatures are deterministic, so every
    /// process sharing the key makes the same note; the latest one is kept.
    /// </summary>
    public string Note(CheckpointRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (_note is { } kept && kept.Size == row.TreeSize) return kept.Note;
        var checkpoint = SignedCheckpoints.Verify(System.Text.Encoding.UTF8.GetString(row.SignedBytes), key.PublicKey, portal);
        var note = SignedNote.Sign(CheckpointNote.Text(Origin, checkpoint), NoteKey, key);
        _note = new KeptNote(row.TreeSize, note);
        return note;
    }

    private sealed record KeptNote(long Size, string Note);

    /// <summary>The latest checkpoint covering at least <paramref name="treeSize"/> entries, made now if need be.</summary>
    public CheckpointRow Ensure(long treeSize)
    {
        var latest = store.LatestCheckpoint();
        if (latest is not null && latest.TreeSize >= treeSize) return latest;
        lock (_gate) return MakeIfBehind();
    }

    /// <summary>Makes a checkpoint of the current log unless the latest already covers it; returns the latest.</summary>
    public CheckpointRow MakeIfBehind()
    {
        using var tx = store.BeginWrite();
        // Under the write lock no other process can add a checkpoint or an entry, so the committed
        // latest checkpoint read here is the latest there is.
        var latest = store.LatestCheckpoint();
        if (latest is not null && latest.TreeSize == tx.LogSize) return latest;
        var checkpoint = new Checkpoint
        {
            Portal = portal,
            TreeSize = tx.LogSize,
            RootHash = new MerkleTree(tx.Nodes).Root(),
            Time = clock.GetUtcNow(),
        };
        var row = new CheckpointRow(tx.LogSize, System.Text.Encoding.UTF8.GetBytes(SignedCheckpoints.Sign(checkpoint, key)), checkpoint.Time.Value);
        tx.PutCheckpoint(row);
        tx.Commit();
        return row;
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                lock (_gate) MakeIfBehind();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The store may be down for a while (a database restart); try again next time.
                LogFailure(logger, e);
            }
            try
            {
                await Task.Delay(interval, clock, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not make a checkpoint")]
    private static partial void LogFailure(ILogger logger, Exception exception);
}
