using Mesh.Client.Portal;
using Mesh.Merkle;
using Mesh.Schema;
using Mesh.Transparency;

namespace Mesh.Client;

public sealed partial class MeshDevice
{
    /// <summary>The portal's latest checkpoint, verified against the last one this device saw (and kept).</summary>
    public async Task<Checkpoint> LogStatusAsync(string portal, CancellationToken cancel = default)
    {
        using var client = await ConnectToPortalAsync(portal, cancel).ConfigureAwait(false);
        var status = await client.SendAsync<StatusResponse>(new StatusRequest(), cancel).ConfigureAwait(false);
        return await VerifyCheckpointAsync(client, status.CheckpointValue, cancel).ConfigureAwait(false);
    }

    /// <summary>
    /// Downloads the whole log with Transfer, recomputes the RFC 9162 root of every entry and checks
    /// it equals the root of a verified checkpoint; returns the checkpoint and the entries checked.
    /// </summary>
    public async Task<(Checkpoint Checkpoint, long Entries)> LogVerifyAsync(string portal, CancellationToken cancel = default)
    {
        using var client = await ConnectToPortalAsync(portal, cancel).ConfigureAwait(false);
        var tree = new MerkleTree(new MemoryMerkleNodeStore());
        string? page = null;
        TransferResponse transfer;
        do
        {
            transfer = await client.SendAsync<TransferResponse>(new TransferRequest { SearchConstraints = new SearchConstraints { PageKey = page } }, cancel).ConfigureAwait(false);
            foreach (var item in transfer.DataItems ?? [])
            {
                if (item.LogIndex != tree.Size || item.LogEntry is null)
                    throw new MeshException(MeshStatus.ServerInternal, $"The portal's log has a gap or a missing entry at {tree.Size}.");
                tree.Append(MerkleHash.Leaf(item.LogEntry));
            }
            page = NextPage(page, transfer.PageKey, transfer.DataItems?.Count ?? 0);
        }
        while (page is not null);

        var checkpoint = await VerifyCheckpointAsync(client, transfer.CheckpointValue, cancel).ConfigureAwait(false);
        var size = checkpoint.TreeSize!.Value;
        if (size > tree.Size)
            throw new MeshException(MeshStatus.ServerInternal, $"The checkpoint covers {size} entries but the portal transferred only {tree.Size}.");
        if (!tree.Root(size).AsSpan().SequenceEqual(checkpoint.RootHash))
            throw new MeshException(MeshStatus.AlreadyExists, $"The log the portal transferred does not add up to its signed checkpoint ({SignedCheckpoints.Describe(checkpoint)}): it is not the log it signed.");
        return (checkpoint, size);
    }

    /// <summary>
    /// The key of the next page, as the page read with <paramref name="current"/> named it after bringing
    /// <paramref name="items"/> items. A page that brings nothing, or names itself, makes no progress: a portal
    /// answering so would be followed forever.
    /// </summary>
    private static string? NextPage(string? current, string? next, int items) =>
        next is null || (items > 0 && next != current) ? next
        : throw new MeshException(MeshStatus.ServerInternal, $"The portal's page {current ?? "(first)"} brings {items} item(s) and names page {next} next; not following it.");

    private Task<PortalClient> ConnectToPortalAsync(string portal, CancellationToken cancel) =>
        ConnectAsync(portal.Contains('@', StringComparison.Ordinal) ? portal : $"mesh@{portal}", cancel);
}
