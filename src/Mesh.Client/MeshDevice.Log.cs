using Mesh.Client.Home;
using Mesh.Client.Portal;
using Mesh.Client.Trust;
using Mesh.Merkle;
using Mesh.Schema;

namespace Mesh.Client;

/// <summary>What <c>LogVerifyAsync</c> checked.</summary>
/// <param name="Checkpoint">the verified checkpoint the whole log adds up to</param>
/// <param name="Entries">the entries recomputed</param>
/// <param name="AccountVersions">for an account, the versions of its profile and applications whose chain of trust was checked</param>
public sealed record LogVerification(Checkpoint Checkpoint, long Entries, int? AccountVersions);

public sealed partial class MeshDevice
{
    /// <summary>
    /// The portal's latest checkpoint, verified against the last one this device saw (and kept), and the signed note
    /// beside it, which must state the same log (<see cref="DeviceTrust.RequireSameNote"/>).
    /// </summary>
    public async Task<Checkpoint> LogStatusAsync(string portal, CancellationToken cancel = default)
    {
        using var client = await ConnectToPortalAsync(portal, cancel).ConfigureAwait(false);
        return await LogStatusAsync(client, cancel).ConfigureAwait(false);
    }

    private async Task<Checkpoint> LogStatusAsync(PortalClient client, CancellationToken cancel)
    {
        var status = await client.SendAsync<StatusResponse>(new StatusRequest(), cancel).ConfigureAwait(false);
        var checkpoint = await VerifyCheckpointAsync(client, status.CheckpointValue, cancel).ConfigureAwait(false);
        DeviceTrust.RequireSameNote(client.Portal, checkpoint, DeviceTrust.PinnedKey(Home.ReadState(), client.Portal)!, status.CheckpointNote);
        return checkpoint;
    }

    /// <summary>
    /// Downloads the whole log with Transfer, recomputes the RFC 9162 root of every entry and checks
    /// it equals the root of a verified checkpoint; returns the checkpoint and the entries checked.
    /// Given an account (NAME@PORTAL) instead of a portal, also checks the chain of trust of every entry
    /// of the account (<see cref="AccountHistory"/>), from its first profile, which must have the master
    /// key of the profile this device holds when it belongs to that account. With <paramref name="tiles"/>, reads
    /// the log as C2SP tiles instead (<see cref="TileAudit"/>), up to the latest checkpoint.
    /// </summary>
    public async Task<LogVerification> LogVerifyAsync(string portal, bool tiles = false, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(portal);
        using var client = await ConnectToPortalAsync(portal, cancel).ConfigureAwait(false);
        var account = portal.Contains('@', StringComparison.Ordinal) ? portal.ToLowerInvariant() : null;
        var history = account is null ? null : new AccountHistory(client.Portal, account, Clock.GetUtcNow(), Verification);
        Action<long, byte[]>? onEntry = history is null ? null : history.Add;
        (Checkpoint Checkpoint, long Size) walk;
        if (tiles)
        {
            var checkpoint = await LogStatusAsync(client, cancel).ConfigureAwait(false);
            walk = (checkpoint, (await TileAudit.VerifyAsync(client, checkpoint, cancel, onEntry).ConfigureAwait(false)).Size);
        }
        else
        {
            // A walk of the whole log, from the empty tree to the latest checkpoint.
            var audit = await LogAudit.WalkAsync(client, Trust, account ?? "", new MerkleFrontier(), cancel, onEntry).ConfigureAwait(false);
            walk = (audit.Checkpoint, audit.Frontier.Size);
        }
        if (history is not null)
        {
            if (history.Profile is null) throw new MeshException(MeshStatus.NotFound, $"The log of {client.Portal} holds no profile of {account}.");
            if (Home.ReadState().Account == account && Home.ReadProfile() is not null && !Profile.Master.SigningKey.Equals(history.Profile.Master.SigningKey))
                throw PortalMisbehavior.Error(client.Portal, $"The profiles its log holds for {account} are under another master key than this device's.");
        }
        return new LogVerification(walk.Checkpoint, walk.Size, history?.Verified);
    }

    /// <summary>
    /// The key of the next page, as the page read with <paramref name="current"/> named it after bringing
    /// <paramref name="items"/> items. A page that brings nothing, or names itself, makes no progress: a portal
    /// answering so would be followed forever.
    /// </summary>
    private static string? NextPage(string? current, string? next, int items) =>
        next is null || (items > 0 && next != current) ? next
        : throw new MeshException(MeshStatus.ServerInternal, $"The portal's page {current ?? "(first)"} brings {items} item(s) and names page {next} next; not following it.");

    /// <summary>
    /// Reads the log of <paramref name="account"/>'s portal from where the last watch of the account stopped (its start, the
    /// first time) to the latest checkpoint, and reports each change to the account (<see cref="AccountWatch"/>).
    /// </summary>
    public async Task<WatchReport> LogWatchAsync(string account, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (!account.Contains('@', StringComparison.Ordinal)) throw new MeshException(MeshStatus.BadRequest, $"'{account}' is not an account: write it NAME@PORTAL.");
        using var client = await ConnectAsync(account.ToLowerInvariant(), cancel).ConfigureAwait(false);
        return await new AccountWatch(Home, Trust, Verification, Clock).ReadAsync(client, account, cancel).ConfigureAwait(false);
    }

    /// <summary>
    /// Sets the witness policy of <paramref name="portal"/> (its DNS name, or an account on it): from now on its checkpoints
    /// are accepted only once <paramref name="quorum"/> of <paramref name="witnesses"/> (cosigner vkeys) have cosigned its log
    /// as far (<see cref="CosignedCheckpoints"/>), waiting at most <paramref name="waitSeconds"/> for them. No witnesses removes it.
    /// </summary>
    /// <exception cref="MeshException">a vkey is not a cosigner key, or the quorum or wait is out of range</exception>
    public WitnessPolicy? SetWitnessPolicy(string portal, IReadOnlyList<string> witnesses, int quorum, double waitSeconds)
    {
        ArgumentNullException.ThrowIfNull(witnesses);
        var name = PortalName(portal);
        var state = Home.ReadState();
        var policies = state.WitnessPolicies ?? [];
        WitnessPolicy? policy = null;
        if (witnesses.Count == 0) policies.Remove(name);
        else
        {
            policy = new WitnessPolicy([.. witnesses.Distinct()], quorum, waitSeconds);
            var keys = CosignedCheckpoints.Keys(policy);
            if (keys.Select(k => k.Name).Distinct().Count() != keys.Count)
                throw new MeshException(MeshStatus.BadRequest, "Two of the witnesses have the same name; each counts once towards the quorum, so give each once.");
            if (quorum < 1 || quorum > keys.Count)
                throw new MeshException(MeshStatus.BadRequest, $"The quorum must be between 1 and the number of witnesses ({keys.Count}), not {quorum}.");
            if (!(waitSeconds is >= 0 and <= 600))
                throw new MeshException(MeshStatus.BadRequest, $"The wait must be between 0 and 600 seconds, not {waitSeconds}.");
            policies[name] = policy;
        }
        Home.WriteState(state with { WitnessPolicies = policies });
        return policy;
    }

    /// <summary>The witness policy of <paramref name="portal"/> (its DNS name, or an account on it), or null.</summary>
    public WitnessPolicy? WitnessPolicyOf(string portal) => Home.ReadState().WitnessPolicies?.GetValueOrDefault(PortalName(portal));

    private static string PortalName(string portal) =>
        PortalLocator.PortalOf(portal.Contains('@', StringComparison.Ordinal) ? portal : $"mesh@{portal}");

    private Task<PortalClient> ConnectToPortalAsync(string portal, CancellationToken cancel) =>
        ConnectAsync(portal.Contains('@', StringComparison.Ordinal) ? portal : $"mesh@{portal}", cancel);
}
