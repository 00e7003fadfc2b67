using Mesh.Portal.Storage;
using Mesh.Schema;
using Mesh.Schema.Json;

namespace Mesh.Portal.Log;

/// <summary>Rebuilds the derived state from the log alone (draft section 8: the log is the truth).</summary>
public static class StateRebuilder
{
    /// <summary>Deletes the derived state and replays every log entry through <see cref="StateApplier"/>; returns the log size.</summary>
    public static long Rebuild(IPortalStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var tx = store.BeginWrite();
        tx.ClearDerivedState();
        for (long index = 0; index < tx.LogSize; index++)
            StateApplier.Apply(tx, index, TaggedJson.Deserialize<LogRecord>(tx.ReadLog(index).Leaf));
        tx.Commit();
        return tx.LogSize;
    }
}
