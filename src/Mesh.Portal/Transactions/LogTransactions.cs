using Mesh.Portal.Transparency;
using Mesh.Schema;

namespace Mesh.Portal.Transactions;

/// <summary>
/// Draft 7.10 and 7.15: the portal's status and bulk copies of its log. The log holds only what
/// is public anyway (signed profiles, encrypted application data, connection requests), and
/// transparency needs anyone to be able to check it, so any caller may Transfer it.
/// </summary>
public static class LogTransactions
{
    /// <summary>The most log entries one Transfer returns.</summary>
    public const int MaxTransferEntries = 1000;

    /// <summary>Answers a Status: the latest signed checkpoint and, when asked, a consistency proof to it.</summary>
    public static StatusResponse Status(RequestContext context, StatusRequest request)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var services = context.Services;
        var head = services.Store.ReadHead();
        var checkpoint = services.Checkpoints.Ensure(0);
        return new StatusResponse
        {
            Status = (int)MeshStatus.SuccessOK,
            StatusDescription = $"The log has {head.Size} entries; the latest checkpoint covers {checkpoint.TreeSize}.",
            LogSize = head.Size,
            AccountCount = services.Accounts.Count(head.Size),
            LastWriteTime = head.LastWrite,
            LastCheckpointTime = checkpoint.Time,
            NextCheckpointTime = checkpoint.Time + services.Checkpoints.Interval,
            CheckpointValue = System.Text.Encoding.UTF8.GetString(checkpoint.SignedBytes),
            CheckpointNote = services.Checkpoints.Note(checkpoint),
            ConsistencyProof = request.ConsistencyFrom is { } from ? Proofs.Consistency(services.Store, from, ConsistencyTarget(request, checkpoint.TreeSize)) : null,
        };
    }

    // A client may ask for a proof to the size of a checkpoint it already holds; any size the
    // portal has signed a checkpoint for is covered by its committed nodes.
    private static long ConsistencyTarget(StatusRequest request, long latest) =>
        request.ConsistencyTo is { } to
            ? (to >= 0 && to <= latest ? to : throw new MeshException($"A consistency proof can be given to a tree size up to {latest}, not to {to}."))
            : latest;

    /// <summary>Returns log entries from the page key's index (0 when none), in order, with their exact bytes.</summary>
    public static TransferResponse Transfer(RequestContext context, TransferRequest request)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var services = context.Services;
        var limits = request.SearchConstraints;
        var from = limits?.PageKey is { } key ? PageKeys.ReadIndex(key) : 0;
        var max = (int)Math.Clamp(limits?.MaxEntries ?? MaxTransferEntries, 1, MaxTransferEntries);
        var maxBytes = limits?.MaxBytes is > 0 and var b ? b : long.MaxValue;
        var rows = services.Store.ReadLog(from, max + 1);
        var items = new List<DataItem>();
        long bytes = 0;
        foreach (var row in rows.Take(max))
        {
            if (items.Count > 0 && bytes + row.Leaf.Length > maxBytes) break;
            bytes += row.Leaf.Length;
            items.Add(DataItems.From(row, services.Options.Domain, full: true));
        }
        var more = rows.Count > items.Count;
        // The checkpoint covers every entry returned, so each can be checked against it. A page key past
        // the end of the log (a client may write its own) asks for no more than the log's size: a size
        // no checkpoint can reach would take the write lock on every such request.
        var covered = items.Count > 0 ? from + items.Count : Math.Min(from, services.Store.ReadHead().Size);
        var checkpoint = services.Checkpoints.Ensure(covered);
        return new TransferResponse
        {
            Status = (int)MeshStatus.SuccessOK,
            StatusDescription = items.Count == 0 ? $"No log entries from {from}." : $"Log entries {from} to {from + items.Count - 1}.",
            DataItems = items,
            PageKey = more ? PageKeys.Write(from + items.Count) : null,
            CheckpointValue = System.Text.Encoding.UTF8.GetString(checkpoint.SignedBytes),
            ConsistencyProof = request.ConsistencyFrom is { } start ? Proofs.Consistency(services.Store, start, checkpoint.TreeSize) : null,
        };
    }
}
