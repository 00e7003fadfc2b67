using Mesh.Protocol;
using Mesh.Portal.Log;
using Mesh.Portal.Storage;
using Mesh.Schema;
using Mesh.Schema.Json;

namespace Mesh.Portal.Transactions;

/// <summary>Turns log entries into the DataItems of Get and Transfer responses.</summary>
public static class DataItems
{
    /// <summary>
    /// The DataItem for a log entry: its entry (for an account record, the personal profile), the
    /// transaction id and time and, when <paramref name="full"/>, the exact leaf and its index.
    /// </summary>
    public static DataItem From(LogRow row, string portal, bool full)
    {
        ArgumentNullException.ThrowIfNull(row);
        var record = TaggedJson.Deserialize<LogRecord>(row.Leaf);
        return new DataItem
        {
            Entry = record.Entry switch
            {
                AccountProfile account => account.Profile,
                Entry entry => entry,
                _ => null,
            },
            TransactionID = TransactionIds.Format(row.Index, portal),
            Published = row.Published,
            LogIndex = full ? row.Index : null,
            LogEntry = full ? row.Leaf : null,
        };
    }
}
