using Mesh.Protocol;
using System.Threading.Channels;
using Mesh.Merkle;
using Mesh.Portal.Storage;
using Mesh.Portal.Transparency;
using Mesh.Schema;
using Mesh.Schema.Json;

namespace Mesh.Portal.Log;

/// <summary>
/// The only writer of the portal's log. Write requests queue here; one loop takes as many as are
/// waiting (up to a batch), decides and appends each inside one write transaction, commits once
/// (a durable group commit) and only then answers them. A request is acknowledged only after its
/// change is durable; if the commit fails, every request of the batch fails and nothing is kept.
/// The order of the log is decided in the database transaction, so several portal processes on
/// one database serve one log. A batch begins optimistically (on PostgreSQL: decided without the lock on provisional
/// indices, placed where the log ends by the one round trip of its commit); when what it read changed meanwhile, the
/// store keeps nothing of it and the batch is decided again inside a transaction that took the lock first.
/// </summary>
public sealed class PortalLog : IAsyncDisposable
{
    private readonly IPortalStore _store;
    private readonly string _portal;
    private readonly int _maxBatch;
    private readonly TimeProvider _clock;
    private readonly int _maxQueued;
    private int _queued;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private long _written;
    // The tree's frontier after this writer's last commit: the next batch opens the tree from it without
    // reading the store, when no other process has appended since.
    private MerkleFrontier? _frontier;

    /// <summary>Starts the writer loop.</summary>
    public PortalLog(IPortalStore store, string portal, int maxBatch, TimeProvider clock, int maxQueued = 10_000)
    {
        _maxQueued = maxQueued;
        _store = store;
        _portal = portal;
        _maxBatch = maxBatch;
        _clock = clock;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>
    /// Queues a write. <paramref name="decide"/> runs inside the write transaction, sees the state
    /// left by every earlier write, and either returns what to write or throws a <see cref="MeshException"/>
    /// that refuses this request alone. It must not write anything itself.
    /// </summary>
    public Task<Appended> WriteAsync(Func<IWriteTransaction, WriteDecision> decide)
    {
        // A bounded queue: past it, refusing at once is kinder than answering after a minute.
        if (Interlocked.Increment(ref _queued) > _maxQueued)
        {
            Interlocked.Decrement(ref _queued);
            throw new MeshException(MeshStatus.ServerOverload, "The portal has too many writes waiting; retry in a second.");
        }
        var pending = new PendingWrite(decide, new TaskCompletionSource<Appended>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            Interlocked.Decrement(ref _queued);
            throw new MeshException(MeshStatus.ServerOverload, "The portal is shutting down; try again shortly.");
        }
        return pending.Result.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<PendingWrite>(_maxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var next)) batch.Add(next);
            if (batch.Count == 0) continue;
            Interlocked.Add(ref _queued, -batch.Count);
            Commit(batch);
        }
    }

    private void Commit(List<PendingWrite> batch)
    {
        (Appended? Done, Exception? Refused)[] outcomes;
        try
        {
            try
            {
                outcomes = Commit(batch, _store.BeginOptimisticWrite());
            }
            catch (WriteConflictException)
            {
                // Another process changed what the batch read, a nonce was replayed, or a write needs the lock: the
                // batch is decided again, this time with the lock taken first (which also finds the replay).
                _frontier = null;
                outcomes = Commit(batch, _store.BeginWrite());
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Nothing of the batch is durable: every request in it fails, none is acknowledged.
            _frontier = null;
            foreach (var pending in batch)
                pending.Result.TrySetException(new MeshException(MeshStatus.ServerOverload, "The portal could not store the change; try again.", e));
            return;
        }
        for (var i = 0; i < batch.Count; i++)
        {
            if (outcomes[i].Refused is { } refused) batch[i].Result.TrySetException(refused);
            else batch[i].Result.TrySetResult(outcomes[i].Done!);
        }
    }

    // Decides and appends each write of the batch in the transaction, and commits it.
    private (Appended?, Exception?)[] Commit(List<PendingWrite> batch, IWriteTransaction transaction)
    {
        using var tx = transaction;
        var outcomes = new (Appended?, Exception?)[batch.Count];
        // A positioned transaction's entries are placed, and their Merkle nodes and tiles computed, by the store.
        var positioned = tx.Positioned;
        var tree = positioned ? null : _frontier?.Size == tx.LogSize ? new MerkleTree(tx.Nodes, _frontier) : new MerkleTree(tx.Nodes);
        var now = _clock.GetUtcNow();
        var before = tx.LogSize;
        for (var i = 0; i < batch.Count; i++)
            outcomes[i] = Decide(tx, tree, batch[i], now);
        if (!positioned) TileWriter.Extend(tx, before, tx.LogSize);
        if (++_written % 1024 == 0) tx.ForgetNonces(now);
        tx.Commit();
        _frontier = tree?.Frontier;
        for (var i = 0; positioned && i < outcomes.Length; i++)
        {
            if (outcomes[i].Item1 is { Index: >= 0 } done)
            {
                var index = tx.FinalIndex(done.Index);
                outcomes[i] = (done with { Index = index, TransactionId = TransactionIds.Format(index, _portal) }, null);
            }
        }
        return outcomes;
    }

    private (Appended?, Exception?) Decide(IWriteTransaction tx, MerkleTree? tree, PendingWrite pending, DateTimeOffset now)
    {
        WriteDecision decision;
        try
        {
            decision = pending.Decide(tx);
        }
        catch (MeshException refused)
        {
            return (null, refused);
        }
        if (decision.Nonce is { } nonce && !tx.TryUseNonce(nonce.KeyId, nonce.Nonce, nonce.Expires))
            return (null, new MeshException(MeshStatus.ClientUnauthorized, "This request was already made once (its nonce was used before): a replay is refused."));
        if (decision.Record is not { } record) return (new Appended(-1, null, now), null);

        record = record with { Published = now };
        var leaf = TaggedJson.Serialize(record);
        var index = tx.LogSize;
        tx.AppendLog(index, leaf, now);
        StateApplier.Apply(tx, index, record);
        tree?.Append(MerkleHash.Leaf(leaf));
        return (new Appended(index, TransactionIds.Format(index, _portal), now), null);
    }

    /// <summary>Stops taking writes and finishes those queued.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private sealed record PendingWrite(Func<IWriteTransaction, WriteDecision> Decide, TaskCompletionSource<Appended> Result);
}
