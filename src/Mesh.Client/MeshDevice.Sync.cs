using Mesh.Applications;
using Mesh.Client.Portal;
using Mesh.Client.Trust;
using Mesh.Profiles;
using Mesh.Schema;
using Mesh.Schema.Json;

namespace Mesh.Client;

/// <summary>What a sync found.</summary>
/// <param name="Profile">the verified personal profile</param>
/// <param name="TransactionId">the transaction that published it</param>
/// <param name="Checkpoint">the verified checkpoint it is included in</param>
/// <param name="Applications">the application profiles fetched into the cache</param>
public sealed record SyncResult(VerifiedPersonalProfile Profile, string TransactionId, Checkpoint Checkpoint, int Applications)
{
    /// <summary>Each version fetched, as proven, with what it is for the user (for an audit of what was served).</summary>
    public IReadOnlyList<(IProven Entry, string What)> Served { get; init; } = [];
}

public sealed partial class MeshDevice
{
    /// <summary>
    /// Fetches the account's latest profile and the application profiles this device may read, each with
    /// its log proof, and verifies all of them before anything is stored: the profile's whole chain of
    /// trust against the version seen before, each application's signature by a device the profile allows
    /// to sign it, the checkpoints against the last one verified (consistency), each entry's inclusion,
    /// and that nothing is older than what this device verified or wrote before (<see cref="DeviceTrust"/>).
    /// Only then does it replace the stored profile and cached applications: a portal that serves a bad
    /// version is reported and the last good one stays readable.
    /// </summary>
    public async Task<SyncResult> SyncAsync(CancellationToken cancel = default)
    {
        var account = Account;
        using var client = await ConnectAsync(account, cancel).ConfigureAwait(false);
        var previous = Home.ReadProfile() is not null ? Profile : null;
        var fetched = await FetchProfileAsync(client, account, previous, cancel).ConfigureAwait(false);
        var profile = fetched.Profile;
        if (profile.FindDevice(Device.Identifier) is null && previous?.FindDevice(Device.Identifier) is not null)
            throw new MeshException(MeshStatus.ClientUnauthorized, $"This device has been removed from {account}'s profile.");

        var applications = new List<Proven<SignedApplicationProfile>>();
        foreach (var entry in profile.Applications.Where(a => (a.DecryptID ?? []).Any(id => Udf.AreEqual(id, Device.Identifier))))
        {
            if (await FetchApplicationAsync(client, profile, entry.Identifier!, cancel).ConfigureAwait(false) is { } application)
                applications.Add(application);
        }

        // Everything verified: now store it.
        Home.WriteProfile(fetched.Signed);
        Home.WriteState(Home.ReadState() with { ProfileTransaction = fetched.Proven.TransactionId });
        Trust.Remember(profile.Identifier, fetched.Proven.LogIndex);
        foreach (var application in applications) Cache(application);
        Home.ForgetPortalUnreachable();
        return new SyncResult(profile, fetched.Proven.TransactionId, fetched.Proven.Checkpoint, applications.Count)
        {
            Served = [(fetched.Proven, $"{account}'s profile"), .. applications.Select(a => ((IProven)a, $"application {a.Identifier}"))],
        };
    }

    /// <summary>
    /// Syncs, then proves from the portal's log that it withheld nothing of the account (<see cref="AccountAudit"/>):
    /// no version newer than what it served, and every acknowledged write where it said. A version logged
    /// after it was served (another device's change meanwhile) is fetched with another sync and audited again.
    /// </summary>
    public async Task<(SyncResult Sync, AuditReport Audit)> SyncAndAuditAsync(CancellationToken cancel = default)
    {
        for (var round = 0; ; round++)
        {
            var synced = await SyncAsync(cancel).ConfigureAwait(false);
            using var client = await ConnectAsync(Account, cancel).ConfigureAwait(false);
            var report = await Audit.AuditAsync(client, Account, synced.Served, cancel).ConfigureAwait(false);
            if (report.Newer.Count == 0 || round == 2) return (synced, report);
        }
    }

    /// <summary>The portal's checkpoint, verified against the last one this device verified (<see cref="DeviceTrust.VerifyCheckpointAsync"/>).</summary>
    public Task<Checkpoint> VerifyCheckpointAsync(PortalClient client, string? signedCheckpoint, CancellationToken cancel = default) =>
        Trust.VerifyCheckpointAsync(client, signedCheckpoint, cancel);

    /// <summary>A fetched personal profile: as signed, verified, and proven in the log.</summary>
    private sealed record FetchedProfile(SignedPersonalProfile Signed, VerifiedPersonalProfile Profile, Proven<SignedPersonalProfile> Proven);

    /// <summary>
    /// Fetches an account's latest profile with its log proof and verifies it (against <paramref name="previous"/> when given)
    /// without storing it: the proven entry must be the account's, no older than the version this device verified
    /// before, and list no device a verified version removed. The checkpoint it was proven in is stored.
    /// </summary>
    private async Task<FetchedProfile> FetchProfileAsync(PortalClient client, string account, VerifiedPersonalProfile? previous, CancellationToken cancel)
    {
        var get = await client.SendAsync<GetResponse>(new GetRequest { Account = account, Full = true }, cancel).ConfigureAwait(false);
        var item = get.DataItems is [var first, ..] ? first : throw new MeshException(MeshStatus.NotFound, $"The portal has no profile for {account}.");
        var checkpoint = await Trust.VerifyCheckpointAsync(client, get.CheckpointValue, cancel).ConfigureAwait(false);
        var proven = DeviceTrust.Prove<SignedPersonalProfile>(client.Portal, item, checkpoint, account, identifier: null);
        var signed = proven.Entry;
        if (previous is not null) Trust.RequireNotOlder(client.Portal, previous.Identifier, $"{account}'s profile", proven.LogIndex);
        VerifiedPersonalProfile profile;
        try
        {
            profile = ProfileVerifier.Verify(TaggedJson.Serialize(signed), previous, Clock.GetUtcNow(), Verification);
        }
        catch (MeshException e) when (previous is not null)
        {
            // This device holds a good version: one that does not follow from it is the portal's doing.
            throw PortalMisbehavior.Error(client.Portal, $"It served a version of {account}'s profile (transaction {proven.TransactionId}) that does not verify: {e.Message}");
        }
        Trust.RequireNoRemovedDevice(client.Portal, previous, profile, proven.LogIndex);
        if (Trust.IsNewer(profile.Identifier, proven.LogIndex))
            await new SplitViews(Home).RequireSameLogAsync(client, profile.Profile.NotaryToken, $"{account}'s profile (transaction {proven.TransactionId})", cancel).ConfigureAwait(false);
        return new FetchedProfile(signed, profile, proven);
    }

    /// <summary>
    /// Fetches the latest version of an application with its log proof and verifies it, without caching it:
    /// the proven entry must be that application, of this account, no older than the version held or
    /// written here, and a new version must be signed by a device <paramref name="profile"/> allows to sign it.
    /// Null when the application has never been published (and this device knows of no version of it).
    /// </summary>
    private async Task<Proven<SignedApplicationProfile>?> FetchApplicationAsync(PortalClient client, VerifiedPersonalProfile profile, string applicationId,
        CancellationToken cancel)
    {
        var what = $"application {applicationId} ({profile.FindApplication(applicationId)?.Type})";
        GetResponse found;
        try
        {
            found = await client.SendAsync<GetResponse>(new GetRequest { Identifier = applicationId, Full = true }, cancel).ConfigureAwait(false);
        }
        catch (MeshException e) when (e.Status == MeshStatus.NotFound)
        {
            // Listed but not published yet; unless this device holds or wrote a version of it.
            if (!Trust.IsNewer(applicationId, -1) || Home.ReadState().Acknowledged?.ContainsKey(applicationId) == true)
                throw PortalMisbehavior.Error(client.Portal, $"It says nothing is published under {what}, but it served or acknowledged a version of it before.");
            return null;
        }
        var item = found.DataItems is [var first, ..] ? first : throw PortalMisbehavior.Error(client.Portal, $"It answered a Get of {what} with no item.");
        var checkpoint = await Trust.VerifyCheckpointAsync(client, found.CheckpointValue, cancel).ConfigureAwait(false);
        var proven = DeviceTrust.Prove<SignedApplicationProfile>(client.Portal, item, checkpoint, Account, applicationId);
        Trust.RequireNotOlder(client.Portal, applicationId, what, proven.LogIndex);
        if (Trust.IsNewer(applicationId, proven.LogIndex))
        {
            ApplicationProfile payload;
            try
            {
                payload = ApplicationProfiles.VerifySigned(profile, proven.Entry);
            }
            catch (MeshException e)
            {
                throw PortalMisbehavior.Error(client.Portal, $"It served a version of {what} (transaction {proven.TransactionId}) that no device of the profile signed: {e.Message}");
            }
            await new SplitViews(Home).RequireSameLogAsync(client, payload.NotaryToken, $"{what} (transaction {proven.TransactionId})", cancel).ConfigureAwait(false);
        }
        return proven;
    }

    // Caches a verified version with its transaction (the next change's BasedOn) and remembers it as the newest.
    private void Cache(Proven<SignedApplicationProfile> application)
    {
        Home.WriteCached(application.Entry, application.TransactionId);
        Trust.Remember(application.Entry.Identifier!, application.LogIndex);
    }
}
