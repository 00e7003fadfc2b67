using Mesh.Client.Home;
using Mesh.Client.Portal;
using Mesh.Schema;
using Mesh.Transparency;

namespace Mesh.Client.Trust;

/// <summary>
/// Catches a portal that shows the account's devices different logs, without any witness: each device
/// puts the last checkpoint it verified into what it signs (the NotaryToken of a profile or application
/// version), and every device that reads such a version checks that checkpoint against its own view.
/// Both are signed by the portal's key; if neither log extends the other, the portal forked its log
/// between the two devices.
/// </summary>
public sealed class SplitViews(DeviceHome home)
{
    /// <summary>
    /// Checks the checkpoint another device saw (<paramref name="notaryToken"/>, a signed checkpoint of the
    /// portal, or null when the version carries none) against this device's last verified one: the same root
    /// at the same size, else a consistency proof from the smaller to the larger, asked of the portal.
    /// </summary>
    public async Task RequireSameLogAsync(PortalClient client, string? notaryToken, string what, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(client);
        var state = home.ReadState();
        if (notaryToken is null || DeviceTrust.PinnedKey(state, client.Portal) is not { } key) return;
        var mine = DeviceTrust.KnownCheckpoint(state, client.Portal)!;
        Checkpoint theirs;
        try
        {
            theirs = SignedCheckpoints.Verify(notaryToken, key, client.Portal);
        }
        catch (MeshException e)
        {
            throw PortalMisbehavior.Error(client.Portal,
                $"The device that signed {what} saw a checkpoint of it that does not verify under the key this device pinned ({e.Message}): it shows your devices different logs.");
        }
        var (small, large) = theirs.TreeSize <= mine.TreeSize ? (theirs, mine) : (mine, theirs);
        try
        {
            // The same rule as for this device's own checkpoints: the larger must extend the smaller.
            IReadOnlyList<byte[]>? proof = null;
            if (small.TreeSize > 0 && large.TreeSize > small.TreeSize)
                proof = (await client.SendAsync<StatusResponse>(
                    new StatusRequest { ConsistencyFrom = small.TreeSize, ConsistencyTo = large.TreeSize }, cancel).ConfigureAwait(false)).ConsistencyProof;
            LogMonitor.Advance(small, large, proof);
        }
        catch (MeshException e) when (e.Status is MeshStatus.AlreadyExists or MeshStatus.BadRequest or MeshStatus.NotFound)
        {
            throw PortalMisbehavior.Error(client.Portal,
                $"It shows your devices different logs: the device that signed {what} saw {SignedCheckpoints.Describe(theirs)}, "
                + $"which is not consistent with {SignedCheckpoints.Describe(mine)}, seen here. Both are signed by its key.");
        }
    }
}
