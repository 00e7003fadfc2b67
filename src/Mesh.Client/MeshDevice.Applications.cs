// Draft sections 3.6 and 5.5: the application profiles of an account, as one device reads and
// changes them through its cache and its portal.
using Mesh.Applications;
using Mesh.Client.Portal;
using Mesh.Client.Trust;
using Mesh.Profiles;
using Mesh.Schema;
using Mesh.Schema.Json;

namespace Mesh.Client;

/// <summary>An application of the account that this device may read, and the version of it this device holds.</summary>
/// <param name="Entry">its entry in the personal profile</param>
/// <param name="Version">the latest version this device holds, verified and decrypted; null when none has been
/// published, or when the cached one does not open here</param>
/// <param name="TransactionId">the transaction that published the cached version, or null when unknown: a change made from
/// <paramref name="Version"/> is published based on it</param>
/// <param name="Unreadable">why the cached version does not open on this device, or null. Such an application
/// must be neither shown as empty nor overwritten: that would lose what other devices wrote.</param>
public sealed record StoredApplication<TProfile, TPrivate>(ApplicationProfileEntry Entry, OpenedApplication<TProfile, TPrivate>? Version,
    string? TransactionId = null, string? Unreadable = null)
    where TProfile : ApplicationProfile
    where TPrivate : class
{
    /// <summary>The application's identifier.</summary>
    public string Identifier => Entry.Identifier!;

    /// <summary>The private part of the version held, or null.</summary>
    public TPrivate? Private => Version?.Private;

    /// <summary>Whether no version is cached at all (none published, or never fetched).</summary>
    public bool Missing => Version is null && Unreadable is null;
}

/// <summary>A new version of an application: of the application <paramref name="Identifier"/>, or of a new one when it is null.</summary>
/// <param name="Identifier">the application to change; null to add an application to the profile (administering devices only)</param>
/// <param name="Profile">the public part</param>
/// <param name="Private">the private part, sealed to the application's readers</param>
public sealed record ApplicationEdit<TProfile, TPrivate>(string? Identifier, TProfile Profile, TPrivate Private)
    where TProfile : ApplicationProfile
    where TPrivate : class;

/// <summary>What publishing a change did.</summary>
/// <param name="Identifier">the application changed</param>
/// <param name="TransactionId">the transaction of the version now latest (this device's, or a later one it fetched)</param>
/// <param name="Created">whether the application was added to the profile first</param>
/// <param name="Reapplied">whether another device had changed the application first, so the change was applied again to its version</param>
public sealed record ApplicationChange(string Identifier, string TransactionId, bool Created, bool Reapplied)
{
    /// <summary>
    /// Whether the portal could not be reached, so the change is kept in this device's journal and
    /// published at the next sync (no transaction yet; an application to add has no identifier yet).
    /// </summary>
    public bool Pending { get; init; }
}

/// <summary>Applications read by a device.</summary>
/// <param name="Applications">the applications of the type this device may read</param>
/// <param name="StaleSince">when set, the portal could not be reached (since then): the data may be out of date</param>
public sealed record ApplicationsRead<TProfile, TPrivate>(IReadOnlyList<StoredApplication<TProfile, TPrivate>> Applications, DateTimeOffset? StaleSince)
    where TProfile : ApplicationProfile
    where TPrivate : class;

public sealed partial class MeshDevice
{
    /// <summary>The start of the message of an application this device cannot read (see <see cref="StoredApplication{TProfile,TPrivate}.Unreadable"/>).</summary>
    public const string UnreadablePrefix = "This device cannot read";

    /// <summary>
    /// The applications of type <typeparamref name="TProfile"/> that this device may read, opened from
    /// the cache alone: nothing is fetched, so this works offline and fast. Each cached version is
    /// verified against the stored profile and decrypted with this device's key; one that does not
    /// open (say, it was sealed before this device was listed) is returned with the reason.
    /// </summary>
    /// <param name="withJournal">whether to show the changes this device made offline and has not published
    /// (<see cref="OfflineJournal.Applications"/>; passwords apply their own journal)</param>
    public IReadOnlyList<StoredApplication<TProfile, TPrivate>> ReadCachedApplications<TProfile, TPrivate>(bool withJournal = true)
        where TProfile : ApplicationProfile
        where TPrivate : class
    {
        RequireJoined();
        var profile = Profile;
        var device = Device;
        var journaled = withJournal ? Journal.Applications.Where(r => r.Type == typeof(TProfile).Name).ToList() : [];
        return [.. ReadableEntries<TProfile>(profile).Select(entry =>
        {
            // The transaction before the version: a sync writes them the other way round, so a read
            // racing it pairs a version with an older BasedOn (refused with 409), never a newer one.
            var transaction = Home.ReadCachedTransaction(entry.Identifier!);
            if (Home.ReadCached(entry.Identifier!) is not { } cached) return new StoredApplication<TProfile, TPrivate>(entry, null);
            try
            {
                var opened = ApplicationProfiles.Open<TProfile, TPrivate>(profile, cached, device);
                if (journaled.Where(r => r.ApplicationId == entry.Identifier).ToList() is { Count: > 0 } mine)
                    opened = opened with { Private = TaggedJson.Deserialize<TPrivate>(OfflineJournal.Overlay(TaggedJson.SerializeToString(opened.Private), mine)!) };
                return new StoredApplication<TProfile, TPrivate>(entry, opened, transaction);
            }
            catch (MeshException e)
            {
                return new StoredApplication<TProfile, TPrivate>(entry, null, transaction,
                    $"{UnreadablePrefix} the latest version of application {entry.Identifier} ({entry.Friendly ?? entry.Type}): {e.Message} "
                    + "It becomes readable here once a device that can read it makes a change to it.");
            }
        })];
    }

    /// <summary>
    /// The applications of type <typeparamref name="TProfile"/> this device may read. From the cache,
    /// unless <paramref name="refresh"/> is set or the cache lacks one of them: then a sync comes first.
    /// When the portal cannot be reached the cache is used anyway and <see cref="ApplicationsRead{TProfile,TPrivate}.StaleSince"/> says so.
    /// </summary>
    public async Task<ApplicationsRead<TProfile, TPrivate>> ReadApplicationsAsync<TProfile, TPrivate>(bool refresh, CancellationToken cancel = default)
        where TProfile : ApplicationProfile
        where TPrivate : class
    {
        var stale = refresh ? await TryRefreshAsync(cancel).ConfigureAwait(false) : Home.PortalUnreachableSince;
        var applications = ReadCachedApplications<TProfile, TPrivate>();
        if (!refresh && applications.Any(a => a.Missing))
        {
            stale = await TryRefreshAsync(cancel).ConfigureAwait(false);
            applications = ReadCachedApplications<TProfile, TPrivate>();
        }
        return new ApplicationsRead<TProfile, TPrivate>(applications, stale);
    }

    /// <summary>
    /// Changes an application. This device syncs first, so that the new version is sealed to every
    /// device the latest profile lists; then <paramref name="plan"/> makes the new version from the
    /// applications as this device now holds them; it is sealed with a fresh content key and published
    /// based on the version it was made from. When another device published in between (409), this
    /// device syncs again and calls <paramref name="plan"/> on what that device wrote, so the change is
    /// merged rather than overwriting, and publishes once more. A plan that returns null changes
    /// nothing; one that throws (say, what it would delete is gone) stops the change. A plan must not
    /// overwrite an application it cannot read (<see cref="StoredApplication{TProfile,TPrivate}.Unreadable"/>).
    /// </summary>
    /// <param name="plan">makes the new version; may be called twice</param>
    /// <param name="friendly">the friendly name of an application the plan asks to add</param>
    /// <param name="cancel">cancels the change</param>
    /// <returns>what was published, or null when the plan changed nothing</returns>
    /// <exception cref="MeshException">401 when adding an application on a device that does not administer
    /// the profile, or changing one this device may not sign; 409 when another device won twice</exception>
    /// <remarks>A change (but to passwords, which keep their own journal) that finds the portal unreachable is kept
    /// in the journal and returned as <see cref="ApplicationChange.Pending"/>.</remarks>
    public Task<ApplicationChange?> ChangeApplicationAsync<TProfile, TPrivate>(
        Func<IReadOnlyList<StoredApplication<TProfile, TPrivate>>, ApplicationEdit<TProfile, TPrivate>?> plan, string friendly,
        CancellationToken cancel = default)
        where TProfile : ApplicationProfile
        where TPrivate : class =>
        ChangeOrJournalAsync(plan, friendly, keepOffline: true, cancel);

    // keepOffline: whether a change that finds the portal unreachable is journaled rather than failing.
    internal async Task<ApplicationChange?> ChangeOrJournalAsync<TProfile, TPrivate>(
        Func<IReadOnlyList<StoredApplication<TProfile, TPrivate>>, ApplicationEdit<TProfile, TPrivate>?> plan, string friendly,
        bool keepOffline, CancellationToken cancel)
        where TProfile : ApplicationProfile
        where TPrivate : class
    {
        ArgumentNullException.ThrowIfNull(plan);
        var type = typeof(TProfile).Name;
        var userChange = keepOffline;
        keepOffline &= type != nameof(PasswordProfile);
        var journaled = keepOffline ? Journal.Applications.Where(r => r.Type == type).ToList() : [];
        try
        {
            var change = await ChangeOnlineAsync(plan, friendly, cancel).ConfigureAwait(false);
            // The changes made offline to that application were in what the plan saw: they are published now.
            if (change is not null) Journal.Remove(journaled.Where(r => r.ApplicationId == change.Identifier));
            if (userChange) await PublishOtherJournalAsync(type, cancel).ConfigureAwait(false);
            return change;
        }
        catch (Exception e) when (keepOffline && IsOffline(e))
        {
            Home.MarkPortalUnreachable(Clock.GetUtcNow());
            _offline = true;
            var cached = ReadCachedApplications<TProfile, TPrivate>();
            if (plan(cached) is not { } edit) return null;
            var before = edit.Identifier is null ? null : cached.FirstOrDefault(a => a.Identifier == edit.Identifier)?.Private;
            Journal.Append(type, edit.Identifier, friendly, before is null ? null : TaggedJson.SerializeToString(before),
                TaggedJson.SerializeToString(edit.Private), Clock.GetUtcNow());
            return new ApplicationChange(edit.Identifier ?? "", "", edit.Identifier is null, false) { Pending = true };
        }
    }

    // The portal answers again: what else waits in the journal goes out too (the other applications'
    // changes; the passwords' when this change was not to them, whose own journal goes out with them).
    // A failure here is left for the next sync to report: the change asked for is done.
    private async Task PublishOtherJournalAsync(string changedType, CancellationToken cancel)
    {
        if (_publishingJournal) return;
        _publishingJournal = true;
        try
        {
            if (changedType != nameof(PasswordProfile)) await PublishPendingAsync(cancel).ConfigureAwait(false);
            if (Journal.Applications.Count > 0) await new OfflineApplications(this).PublishAsync(cancel).ConfigureAwait(false);
        }
        catch (Exception e) when (e is MeshException or HttpRequestException or TimeoutException or DnsClient.DnsResponseException)
        {
        }
        finally
        {
            _publishingJournal = false;
        }
    }

    private bool _publishingJournal;

    private async Task<ApplicationChange?> ChangeOnlineAsync<TProfile, TPrivate>(
        Func<IReadOnlyList<StoredApplication<TProfile, TPrivate>>, ApplicationEdit<TProfile, TPrivate>?> plan, string friendly,
        CancellationToken cancel)
        where TProfile : ApplicationProfile
        where TPrivate : class
    {
        await SyncAsync(cancel).ConfigureAwait(false);
        var current = ReadCachedApplications<TProfile, TPrivate>();
        for (var attempt = 0; ; attempt++)
        {
            var edit = plan(current);
            if (edit is null) return null;
            try
            {
                var basedOn = edit.Identifier is null ? null : current.FirstOrDefault(a => a.Identifier == edit.Identifier)?.TransactionId;
                return await PublishEditAsync(edit, basedOn, friendly, reapplied: attempt > 0, cancel).ConfigureAwait(false);
            }
            catch (MeshException e) when (e.Status == MeshStatus.AlreadyExists && attempt == 0)
            {
                await SyncAsync(cancel).ConfigureAwait(false);
                current = ReadCachedApplications<TProfile, TPrivate>();
            }
        }
    }

    /// <summary>Whether an exception means the portal could not be reached at all (as opposed to a refusal).</summary>
    public static bool IsUnreachable(Exception exception) => exception is HttpRequestException or TimeoutException or DnsClient.DnsResponseException
        || exception is TaskCanceledException { InnerException: TimeoutException };

    /// <summary>Whether a change that failed so may be kept to publish later: the portal could not be reached, or was unavailable (503).</summary>
    public static bool IsOffline(Exception exception) => IsUnreachable(exception) || exception is MeshException { Status: MeshStatus.ServerOverload };

    // Set once the portal could not be reached in this command: it is not tried again, so that a
    // command never waits for the connect timeout twice.
    private bool _offline;

    // basedOn is the transaction of the version the edit was made from, read with it: the cache may
    // have moved on since (another process on this home), and naming its newer transaction would
    // overwrite that change unseen.
    private async Task<ApplicationChange> PublishEditAsync<TProfile, TPrivate>(ApplicationEdit<TProfile, TPrivate> edit, string? basedOn, string friendly,
        bool reapplied, CancellationToken cancel)
        where TProfile : ApplicationProfile
        where TPrivate : class
    {
        using var client = await ConnectAsync(Account, cancel).ConfigureAwait(false);
        var id = edit.Identifier;
        var created = id is null;
        id ??= await AddApplicationEntryAsync<TProfile>(client, friendly, cancel).ConfigureAwait(false);

        var profile = Profile;
        var entry = profile.FindApplication(id) ?? throw new MeshException(MeshStatus.NotFound, $"The profile no longer lists application {id}.");
        if (!(entry.SignID ?? []).Any(s => Udf.AreEqual(s, Device.Identifier)))
            throw new MeshException(MeshStatus.ClientUnauthorized, $"This device may read application {id} but not change it: the profile does not list it among the application's signers.");
        // The last checkpoint this device verified goes into what it signs, so the devices that read it can tell a split view (SplitViews).
        var publicPart = (TProfile)((ApplicationProfile)edit.Profile with { NotaryToken = Trust.LastCheckpoint(client.Portal) });
        // Later than the version the edit was made from even when this device's clock is behind: the portal refuses an earlier one.
        var now = Clock.GetUtcNow();
        var updated = edit.Profile.Updated is { } before ? PersonalProfiles.NextUpdated(before, now) : now;
        var signed = ApplicationProfiles.Seal(profile, id, publicPart, edit.Private, Device, updated);
        var acknowledged = await Trust.PublishAsync(client, signed, basedOn, Signer, cancel).ConfigureAwait(false);
        var transaction = await KeepAcknowledgedAsync(client, signed, acknowledged, cancel).ConfigureAwait(false);
        return new ApplicationChange(id, transaction, created, reapplied);
    }

    // Adding an application changes the personal profile, which only the online key signs.
    private async Task<string> AddApplicationEntryAsync<TProfile>(PortalClient client, string friendly, CancellationToken cancel)
        where TProfile : ApplicationProfile
    {
        var master = Master ?? throw new MeshException(MeshStatus.ClientUnauthorized,
            $"This change needs a new {typeof(TProfile).Name} application in the profile, and only an administering device can add one; this device is not one.");
        // The transaction before the profile, as for applications: a race then gives a 409, not a lost update.
        var basedOn = Home.ReadState().ProfileTransaction;
        var profile = Profile;
        var devices = profile.Devices.Select(d => d.Identifier).ToList();
        var entry = ApplicationProfiles.NewEntry<TProfile>(devices, devices, friendly);
        var signed = PersonalProfiles.WithApplications(profile, [.. profile.Applications, entry], master.OnlineKeys[0], Clock.GetUtcNow());
        await Trust.PublishAsync(client, signed, basedOn, Signer, cancel).ConfigureAwait(false);
        await SyncAsync(cancel).ConfigureAwait(false);
        return entry.Identifier!;
    }

    /// <summary>
    /// After the portal acknowledged this device's new version of an application (<see cref="DeviceTrust.PublishAsync"/>):
    /// caches the version (so the change is kept here whatever the portal does next),
    /// then reads the application back with its log proof, which must include the acknowledged version.
    /// Returns the transaction of the version now latest (the next change's BasedOn).
    /// </summary>
    private async Task<string> KeepAcknowledgedAsync(PortalClient client, SignedApplicationProfile written, string acknowledged, CancellationToken cancel)
    {
        var id = written.Identifier!;
        Home.WriteCached(written, acknowledged);
        var latest = await FetchApplicationAsync(client, Profile, id, cancel).ConfigureAwait(false)
            ?? throw PortalMisbehavior.Error(client.Portal, $"It acknowledged application {id} as transaction {acknowledged}, then said nothing is published under it.");
        Cache(latest);
        return latest.TransactionId;
    }

    private async Task<DateTimeOffset?> TryRefreshAsync(CancellationToken cancel)
    {
        try
        {
            await SyncAsync(cancel).ConfigureAwait(false);
            return null;
        }
        catch (Exception e) when (IsOffline(e))
        {
            Home.MarkPortalUnreachable(Clock.GetUtcNow());
            _offline = true;
            return Home.PortalUnreachableSince;
        }
    }

    private IEnumerable<ApplicationProfileEntry> ReadableEntries<TProfile>(VerifiedPersonalProfile profile) where TProfile : ApplicationProfile =>
        profile.Applications.Where(a => a.Type == typeof(TProfile).Name && (a.DecryptID ?? []).Any(id => Udf.AreEqual(id, Device.Identifier)));
}
