using System.Globalization;
using Mesh.Client.Portal;
using Mesh.Merkle;
using Mesh.Schema;
using Mesh.Schema.Json;

namespace Mesh.Client.Trust;

/// <summary>What a walk of the portal's log found.</summary>
/// <param name="Checkpoint">the verified checkpoint the walk reached: the entries walked add up to its root</param>
/// <param name="Frontier">the frontier of the log at that checkpoint, to start the next walk from</param>
/// <param name="Walked">how many entries were read</param>
/// <param name="Entries">the identifier of each entry of the account walked, by log index (the personal
/// profile under its identifier)</param>
public sealed record AuditResult(Checkpoint Checkpoint, MerkleFrontier Frontier, long Walked, IReadOnlyDictionary<long, string> Entries)
{
    /// <summary>The newest log index of <paramref name="identifier"/> among the entries walked, or null.</summary>
    public long? Newest(string identifier) =>
        Entries.Where(e => e.Value == identifier).Select(e => (long?)e.Key).DefaultIfEmpty(null).Max();
}

/// <summary>
/// Proves that nothing newer exists than what the portal served: reads the portal's log with Transfer
/// from a point this device has proven (the leaf after a proven entry, or where its last walk stopped)
/// up to a signed checkpoint, recomputes the checkpoint's root from those entries (so none can be left
/// out or changed), and notes every entry of the account on the way. A portal that withholds the latest
/// version of an item, or an acknowledged write, is caught whatever any device remembers.
/// </summary>
public static class LogAudit
{
    // Each round reads to the end of the log as it was; a log that grows faster than it is read is caught up with next time.
    private const int MaxRounds = 4;

    /// <summary>
    /// Walks from <paramref name="frontier"/> (the log's frontier at the first entry to read) to the portal's
    /// latest checkpoint, verified by <paramref name="trust"/> against the last one this device holds. Each entry
    /// read is also given to <paramref name="onEntry"/> (its index and exact leaf), when set.
    /// </summary>
    /// <exception cref="MeshException">the portal's misbehaviour: a gap, a checkpoint the entries do not add up to</exception>
    public static async Task<AuditResult> WalkAsync(PortalClient client, DeviceTrust trust, string account, MerkleFrontier frontier, CancellationToken cancel,
        Action<long, byte[]>? onEntry = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(trust);
        ArgumentNullException.ThrowIfNull(frontier);
        frontier = frontier.Clone();
        var entries = new Dictionary<long, string>();
        var walked = 0L;
        for (var round = 0; round < MaxRounds; round++)
        {
            TransferResponse transfer;
            do
            {
                var from = frontier.Size;
                transfer = await client.SendAsync<TransferResponse>(new TransferRequest
                {
                    SearchConstraints = new SearchConstraints { PageKey = from.ToString(CultureInfo.InvariantCulture) },
                }, cancel).ConfigureAwait(false);
                foreach (var item in transfer.DataItems ?? [])
                {
                    if (item.LogIndex != frontier.Size || item.LogEntry is null)
                        throw PortalMisbehavior.Error(client.Portal, $"Its copy of the log has a gap or a missing entry at {frontier.Size}.");
                    frontier.Append(MerkleHash.Leaf(item.LogEntry));
                    Note(item.LogEntry, frontier.Size - 1, account, entries);
                    onEntry?.Invoke(frontier.Size - 1, item.LogEntry);
                    walked++;
                }
                if (transfer.PageKey is not null && frontier.Size == from)
                    throw PortalMisbehavior.Error(client.Portal, $"Its log page {from} brings nothing yet names a next page; not following it.");
            }
            while (transfer.PageKey is not null);

            var checkpoint = await trust.VerifyCheckpointAsync(client, transfer.CheckpointValue, cancel).ConfigureAwait(false);
            var size = checkpoint.TreeSize!.Value;
            if (size < frontier.Size)
                throw PortalMisbehavior.Error(client.Portal, $"It transferred {frontier.Size} entries but signs a log of only {size}.");
            if (size > frontier.Size) continue; // Written meanwhile: read those too.
            if (!frontier.Root().AsSpan().SequenceEqual(checkpoint.RootHash))
                throw PortalMisbehavior.Error(client.Portal,
                    $"The entries of its log up to {size} do not add up to its signed checkpoint: the log it transfers is not the log it signed.");
            return new AuditResult(checkpoint, frontier, walked, entries);
        }
        throw new MeshException(MeshStatus.ServerOverload, $"The log of {client.Portal} grows faster than this device can read it; try again later.");
    }

    // Notes the entry when it is the account's: its personal profile (under the profile's identifier) or another entry.
    private static void Note(byte[] leaf, long index, string account, Dictionary<long, string> entries)
    {
        LogRecord record;
        try
        {
            record = TaggedJson.Deserialize<LogRecord>(leaf);
        }
        catch (MeshException)
        {
            return; // Not a record this client reads: it is still hashed, so it cannot hide anything.
        }
        if (!string.Equals(record.Account, account, StringComparison.OrdinalIgnoreCase)) return;
        var identifier = record.Entry switch
        {
            AccountProfile bound => bound.Profile?.Identifier,
            Entry entry => entry.Identifier,
            _ => null,
        };
        if (identifier is not null) entries[index] = identifier;
    }
}
