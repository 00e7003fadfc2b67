using Mesh.Client.Home;
using Mesh.Client.Portal;
using Mesh.Merkle;
using Mesh.Protocol;
using Mesh.Schema;

namespace Mesh.Client.Trust;

/// <summary>What an audit of the account found.</summary>
/// <param name="Checkpoint">the checkpoint the log was walked to</param>
/// <param name="Walked">how many log entries were read</param>
/// <param name="Newer">items of which a version newer than this device holds was logged after it was served (changes
/// made meanwhile, not withheld): a sync fetches them</param>
public sealed record AuditReport(Checkpoint Checkpoint, long Walked, IReadOnlyList<string> Newer);

/// <summary>
/// Proof that the portal withheld nothing of an account: a walk of its log (<see cref="LogAudit"/>) from
/// before the oldest version this device holds, or from where its last walk stopped, to the latest
/// checkpoint. A version newer than one the portal served, already logged when it served it, is the
/// portal withholding it; an acknowledged write must be in the log where the portal said. Where the walk
/// stopped, and the newest index of each of the account's items seen so far, are kept for the next walk.
/// </summary>
public sealed class AccountAudit(DeviceHome home, DeviceTrust trust)
{
    /// <summary>
    /// Proves that <paramref name="served"/> is the account's latest personal profile, for a device that has no
    /// earlier view to compare with (recovery): a newer version logged before it was served is the portal
    /// withholding it; one logged since is a change made meanwhile (409, try again). Stores nothing.
    /// </summary>
    public async Task RequireLatestAsync(PortalClient client, string account, IProven served, string what, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(served);
        var walk = await LogAudit.WalkAsync(client, trust, account, FrontierAfter(client.Portal, served), cancel).ConfigureAwait(false);
        if (walk.Newest(served.Identifier) is { } newer && newer > served.LogIndex)
            throw newer < served.Checkpoint.TreeSize
                ? Withheld(client.Portal, what, served.LogIndex, newer)
                : new MeshException(MeshStatus.AlreadyExists, $"{what} changed at the portal while this device checked it (transaction {TransactionIds.Format(newer, client.Portal)}); try again.");
    }

    /// <summary>
    /// Audits the items this device holds, each as it was just served (<paramref name="served"/>), against the
    /// portal's log: none may have a newer version logged before it was served, and every acknowledged write must
    /// be in the log at its index. Keeps where the walk stopped.
    /// </summary>
    public async Task<AuditReport> AuditAsync(PortalClient client, string account, IReadOnlyList<(IProven Entry, string What)> served, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(served);
        var portal = client.Portal;
        var state = home.ReadState();
        var point = state.Audits?.GetValueOrDefault(portal);
        var oldest = served.MinBy(s => s.Entry.LogIndex).Entry;
        // From where the last walk stopped (what came before is summed up in its Newest), else from the oldest version held.
        var frontier = point is not null ? new MerkleFrontier(point.Size, point.Frontier) : FrontierBefore(portal, oldest);
        var start = frontier.Size;
        var walk = await LogAudit.WalkAsync(client, trust, account, frontier, cancel).ConfigureAwait(false);

        // The newest index of each item of the account, over every walk so far.
        var seen = new Dictionary<string, long>(point?.Newest ?? [], StringComparer.Ordinal);
        foreach (var (index, identifier) in walk.Entries) seen[identifier] = Math.Max(index, seen.GetValueOrDefault(identifier, -1));

        var newer = new List<string>();
        foreach (var (entry, what) in served)
        {
            if (!seen.TryGetValue(entry.Identifier, out var latest) || latest <= entry.LogIndex) continue;
            if (latest < entry.Checkpoint.TreeSize) throw Withheld(portal, what, entry.LogIndex, latest);
            newer.Add(what);
        }
        var acknowledged = new Dictionary<string, long>(home.ReadState().Acknowledged ?? [], StringComparer.Ordinal);
        foreach (var (identifier, index) in acknowledged.ToList())
        {
            if (index < start || index >= walk.Checkpoint.TreeSize!.Value) continue;
            if (walk.Entries.GetValueOrDefault(index) != identifier)
                throw PortalMisbehavior.Error(portal, $"It acknowledged this device's change to {identifier} as transaction "
                    + $"{TransactionIds.Format(index, portal)}, but that entry of its log is not the change.");
            acknowledged.Remove(identifier); // Proven kept.
        }
        var audits = home.ReadState().Audits ?? [];
        audits[portal] = new AuditPoint(walk.Frontier.Size, [.. walk.Frontier.Hashes()], seen);
        home.WriteState(home.ReadState() with { Audits = audits, Acknowledged = acknowledged.Count > 0 ? acknowledged : null });
        return new AuditReport(walk.Checkpoint, walk.Walked, newer);
    }

    // The frontier just after a proven entry: the walk reads on from the next one.
    private static MerkleFrontier FrontierAfter(string portal, IProven entry)
    {
        var frontier = FrontierBefore(portal, entry);
        frontier.Append(MerkleHash.Leaf(entry.Leaf));
        return frontier;
    }

    // The frontier just before a proven entry: the walk reads it and everything after.
    private static MerkleFrontier FrontierBefore(string portal, IProven entry) =>
        MerkleFrontier.TryFromInclusionProof(entry.LogIndex, entry.Checkpoint.TreeSize!.Value, entry.InclusionProof, out var frontier)
            ? frontier
            : throw PortalMisbehavior.Error(portal, $"The inclusion proof of its log entry {entry.LogIndex} does not fit the log.");

    private static MeshException Withheld(string portal, string what, long served, long newer) => PortalMisbehavior.Error(portal,
        $"It served transaction {TransactionIds.Format(served, portal)} as the latest version of {what}, but its log already held a newer one, "
        + $"transaction {TransactionIds.Format(newer, portal)}: it withheld it.");
}
