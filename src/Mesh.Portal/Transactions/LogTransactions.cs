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

    /// <summary>Answers a Status.</summary>
    public static StatusResponse Status(RequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var head = context.Services.Store.ReadHead();
        return new StatusResponse
        {
            Status = (int)MeshStatus.SuccessOK,
            StatusDescription = $"The log has {head.Size} entries.",
            LastWriteTime = head.LastWrite,
        };
    }

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
        return new TransferResponse
        {
            Status = (int)MeshStatus.SuccessOK,
            StatusDescription = $"Log entries {from} to {from + items.Count - 1}.",
            DataItems = items,
            PageKey = more ? PageKeys.Write(from + items.Count) : null,
        };
    }
}
