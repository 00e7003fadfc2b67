using System.Globalization;
using Mesh.Client.Home;
using Mesh.Client.Portal;
using Mesh.Cryptography;
using Mesh.Profiles;
using Mesh.Protocol;
using Mesh.Schema;
using Mesh.Schema.Json;
using Mesh.Transparency;
using Mesh.X509;

namespace Mesh.Client.Trust;

/// <summary>
/// What this device has verified of its portal, and the rules every read and write holds the portal to
/// (docs/security.md): its checkpoints only move forward along one log; an entry is taken only from a
/// proven leaf and only when it is the entry asked for (account, identifier, type); no item (the personal
/// profile, an application) ever goes back to an older version than one verified before; a write the
/// portal acknowledged must show in what it serves afterwards; a device removed from the profile never
/// comes back. Kept in the home's <c>state.json</c>.
/// </summary>
public sealed class DeviceTrust(DeviceHome home)
{
    /// <summary>
    /// Verifies a signed checkpoint of the portal: under the portal's checkpoint key (pinned the first
    /// time it is seen), consistent with the last checkpoint this device verified, and, under a witness policy, cosigned
    /// as far by a quorum of its witnesses (<see cref="CosignedCheckpoints"/>); stores it.
    /// A rollback, a fork or a changed key is an error naming both checkpoints.
    /// </summary>
    public async Task<Checkpoint> VerifyCheckpointAsync(PortalClient client, string? signedCheckpoint, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (signedCheckpoint is null) throw PortalMisbehavior.Error(client.Portal, "It gave no checkpoint with its answer.");
        var state = home.ReadState();
        var checkpoints = state.Checkpoints ?? [];
        checkpoints.TryGetValue(client.Portal, out var known);
        var hello = await client.SendAsync<HelloResponse>(new HelloRequest(), cancel).ConfigureAwait(false);
        var certificate = hello.CheckpointKey?.X509Certificate ?? throw PortalMisbehavior.Error(client.Portal, "It does not publish a checkpoint key.");
        var key = PersonalCertificates.Read(certificate).SubjectKey;
        if (!PersonalCertificates.VerifyIssuedBy(certificate, key) || !Udf.AreEqual(hello.CheckpointKey.UDF, key.Udf()))
            throw PortalMisbehavior.Error(client.Portal, "Its checkpoint key certificate is not self-signed by the key it names.");
        if (known is not null && !Udf.AreEqual(known.KeyUdf, key.Udf()))
            throw PortalMisbehavior.Error(client.Portal, $"It now signs its checkpoints with key {key.Udf()}, not {known.KeyUdf} as before.");

        var next = SignedCheckpoints.Verify(signedCheckpoint, key, client.Portal);
        var previous = known is null ? null : SignedCheckpoints.Verify(known.Checkpoint, key, client.Portal);
        IReadOnlyList<byte[]>? proof = null;
        if (previous is { TreeSize: > 0 } && next.TreeSize > previous.TreeSize)
        {
            var status = await client.SendAsync<StatusResponse>(
                new StatusRequest { ConsistencyFrom = previous.TreeSize, ConsistencyTo = next.TreeSize }, cancel).ConfigureAwait(false);
            proof = status.ConsistencyProof;
        }
        Checkpoint kept;
        try
        {
            kept = LogMonitor.Advance(previous, next, proof);
        }
        catch (MeshException e)
        {
            throw PortalMisbehavior.Error(client.Portal, e.Message);
        }
        var policies = state.WitnessPolicies ?? [];
        if (policies.GetValueOrDefault(client.Portal) is { } policy && policy.Verified != kept.TreeSize)
        {
            // Accepted only once a quorum of the user's witnesses has cosigned the log this far (docs/transparency.md).
            await CosignedCheckpoints.RequireAsync(client, policy, kept, key, cancel).ConfigureAwait(false);
            policies[client.Portal] = policy with { Verified = kept.TreeSize!.Value };
        }
        checkpoints[client.Portal] = new PortalCheckpoint(key.Udf(), certificate, ReferenceEquals(kept, next) ? signedCheckpoint : known!.Checkpoint);
        home.WriteState(home.ReadState() with { Checkpoints = checkpoints, WitnessPolicies = state.WitnessPolicies is null ? null : policies });
        return next;
    }

    /// <summary>
    /// Checks the C2SP signed note a portal gives beside a checkpoint (<c>StatusResponse.CheckpointNote</c>,
    /// docs/protocol.md 11.8): signed by the pinned checkpoint key under the portal's origin, and stating the same
    /// tree size and root as <paramref name="checkpoint"/>. Monitors and witnesses read the note, Mesh devices the
    /// JWS: a portal that shows them two different logs is caught here. Nothing to check when there is no note.
    /// </summary>
    public static void RequireSameNote(string portal, Checkpoint checkpoint, PublicKeyInfo pinnedKey, string? note)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(pinnedKey);
        if (note is null) return;
        var origin = CheckpointNote.Origin(portal);
        if (!SignedNote.TryOpen(note, NoteVerifierKey.For(origin, pinnedKey), out var text)
            || !CheckpointNote.TryRead(text, origin, out var size, out var root))
            throw PortalMisbehavior.Error(portal, "The signed note it gives beside its checkpoint is not a checkpoint of its log signed by its checkpoint key.");
        if (size != checkpoint.TreeSize || !root.AsSpan().SequenceEqual(checkpoint.RootHash))
            throw PortalMisbehavior.Error(portal,
                $"Its signed note states a log of size {size}, root {Convert.ToHexStringLower(root)[..16]}…, where its checkpoint states "
                + $"{SignedCheckpoints.Describe(checkpoint)}: it shows monitors and witnesses another log than its clients.");
    }

    /// <summary>The last checkpoint of <paramref name="portal"/> this device verified, as signed, or null.</summary>
    public string? LastCheckpoint(string portal) => home.ReadState().Checkpoints?.GetValueOrDefault(portal)?.Checkpoint;

    // The last checkpoint verified, read again under the key it was verified with.
    internal static Checkpoint? KnownCheckpoint(HomeState state, string portal) =>
        PinnedKey(state, portal) is { } key ? SignedCheckpoints.Verify(state.Checkpoints![portal].Checkpoint, key, portal) : null;

    // The checkpoint key pinned for the portal, or null before its first checkpoint.
    internal static PublicKeyInfo? PinnedKey(HomeState state, string portal) =>
        state.Checkpoints?.GetValueOrDefault(portal) is { } known ? PersonalCertificates.Read(known.KeyCertificate).SubjectKey : null;

    /// <summary>
    /// Proves the item of a Get (Full) answer: its leaf is included in <paramref name="checkpoint"/>, the
    /// TransactionID beside it is the proven index's, and the proven entry is the one asked for: of
    /// <paramref name="account"/>, under <paramref name="identifier"/> when given, and a <typeparamref name="T"/>.
    /// The entry returned is read from the proven leaf. Anything else is the portal's misbehaviour.
    /// </summary>
    public static Proven<T> Prove<T>(string portal, DataItem item, Checkpoint checkpoint, string account, string? identifier) where T : Entry
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(checkpoint);
        var what = identifier ?? $"{account}'s profile";
        if (item.LogEntry is null || item.LogIndex is not { } index)
            throw PortalMisbehavior.Error(portal, $"It gave no log proof for {what}.");
        try
        {
            LogMonitor.RequireIncluded(item.LogEntry, index, item.InclusionProof, checkpoint);
        }
        catch (MeshException e)
        {
            throw PortalMisbehavior.Error(portal, e.Message);
        }
        var transaction = TransactionIds.Format(index, portal);
        if (item.TransactionID is { } claimed && claimed != transaction)
            throw PortalMisbehavior.Error(portal, $"It named transaction {claimed} for {what}, but the log entry it proved is {transaction}.");

        LogRecord record;
        try
        {
            record = TaggedJson.Deserialize<LogRecord>(item.LogEntry);
        }
        catch (MeshException e)
        {
            throw PortalMisbehavior.Error(portal, $"Its log entry {transaction} is not a log record: {e.Message}");
        }
        if (!string.Equals(record.Account, account, StringComparison.OrdinalIgnoreCase)
            || (record.Entry is AccountProfile bound && !string.Equals(bound.AccountID, account, StringComparison.OrdinalIgnoreCase)))
            throw PortalMisbehavior.Error(portal, $"It served log entry {transaction}, which is {(record.Entry as AccountProfile)?.AccountID ?? record.Account ?? "no account"}'s, as {account}'s.");
        var entry = record.Entry is AccountProfile account1 ? account1.Profile : record.Entry;
        if (entry is not T typed)
            throw PortalMisbehavior.Error(portal, $"Its log entry {transaction} holds a {entry?.GetType().Name ?? "nothing"}, not the {typeof(T).Name} asked for.");
        if (identifier is not null && !Udf.AreEqual(typed.Identifier, identifier) && typed.Identifier != identifier)
            throw PortalMisbehavior.Error(portal, $"Asked for {identifier}, it served log entry {transaction}, which is {typed.Identifier}.");
        return new Proven<T>(typed, index, transaction, item.LogEntry, item.InclusionProof ?? [], checkpoint);
    }

    /// <summary>
    /// Refuses a version of <paramref name="identifier"/> older than the newest this device verified, and
    /// one older than a write of this device the portal acknowledged: a portal that rolls an item back,
    /// or drops a write, is caught here. <paramref name="what"/> names the item for the user.
    /// </summary>
    public void RequireNotOlder(string portal, string identifier, string what, long index)
    {
        var state = home.ReadState();
        if (state.Acknowledged?.TryGetValue(identifier, out var acknowledged) == true && index < acknowledged)
            throw PortalMisbehavior.Error(portal,
                $"It acknowledged this device's change to {what} as transaction {TransactionIds.Format(acknowledged, portal)}, but now serves the older "
                + $"transaction {TransactionIds.Format(index, portal)} as the latest: it dropped the change.",
                "Nothing on this device was lost: it keeps what it held, and an application change it made stays in its cache.");
        if (Newest(state, identifier) is { } newest && index < newest)
            throw PortalMisbehavior.Error(portal,
                $"It served transaction {TransactionIds.Format(index, portal)} as the latest version of {what}, older than "
                + $"transaction {TransactionIds.Format(newest, portal)}, which it served before.");
    }

    /// <summary>Whether <paramref name="index"/> is newer than every version of <paramref name="identifier"/> this device holds.</summary>
    public bool IsNewer(string identifier, long index) => Newest(home.ReadState(), identifier) is not { } newest || index > newest;

    /// <summary>Records that <paramref name="index"/> is the newest verified version of <paramref name="identifier"/> (never lowers it).</summary>
    public void Remember(string identifier, long index)
    {
        var state = home.ReadState();
        var versions = state.Versions ?? [];
        if (versions.GetValueOrDefault(identifier, -1) >= index && state.Acknowledged?.ContainsKey(identifier) != true) return;
        versions[identifier] = Math.Max(index, versions.GetValueOrDefault(identifier, -1));
        var acknowledged = state.Acknowledged;
        if (acknowledged?.TryGetValue(identifier, out var ack) == true && ack <= index) acknowledged.Remove(identifier);
        home.WriteState(state with { Versions = versions, Acknowledged = acknowledged is { Count: > 0 } ? acknowledged : null });
    }

    /// <summary>
    /// Publishes <paramref name="entry"/> (signed by <paramref name="signer"/> when given) and records the
    /// portal's acknowledgement: the transaction it names must be one of its log, at or past the size of the
    /// last checkpoint this device verified before sending (a new entry goes at the end of the log), and every
    /// later answer must serve the item at that index or later (<see cref="RequireNotOlder"/>). Returns the
    /// acknowledged transaction.
    /// </summary>
    public async Task<string> PublishAsync(PortalClient client, Entry entry, string? basedOn, RequestSigner? signer, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(entry);
        var portal = client.Portal;
        var sizeBefore = KnownCheckpoint(home.ReadState(), portal)?.TreeSize ?? 0;
        var published = await client.SendAsync<PublishResponse>(new PublishRequest { Entry = entry, BasedOn = basedOn }, signer, cancel).ConfigureAwait(false);
        var identifier = entry.Identifier!;
        if (!TransactionIds.TryParse(published.TransactionID, portal, out var index))
            throw PortalMisbehavior.Error(portal, $"It acknowledged the change to {identifier} with '{published.TransactionID}', which is no transaction of its log.");
        if (index < sizeBefore)
            throw PortalMisbehavior.Error(portal, $"It acknowledged the change to {identifier} as transaction {published.TransactionID}, an entry its log already held before the change.");
        var state = home.ReadState();
        var acknowledged = state.Acknowledged ?? [];
        acknowledged[identifier] = Math.Max(index, acknowledged.GetValueOrDefault(identifier, -1));
        home.WriteState(state with { Acknowledged = acknowledged });
        return TransactionIds.Format(index, portal);
    }

    /// <summary>
    /// Refuses a personal profile that lists a device a version verified before removed: removal is final
    /// (a device comes back only as a new device, with new keys and a new connection). Then remembers
    /// the devices <paramref name="next"/> drops from <paramref name="previous"/>.
    /// </summary>
    public void RequireNoRemovedDevice(string portal, VerifiedPersonalProfile? previous, VerifiedPersonalProfile next, long index)
    {
        ArgumentNullException.ThrowIfNull(next);
        var state = home.ReadState();
        var removed = state.RemovedDevices ?? [];
        if (next.Devices.FirstOrDefault(d => removed.Any(r => Udf.AreEqual(r, d.Identifier))) is { } back)
            throw PortalMisbehavior.Error(portal,
                $"It served a version of the profile (transaction {TransactionIds.Format(index, portal)}) that lists device {back.Identifier}, "
                + "which a later version removed: a removed device never comes back.");
        var dropped = previous?.Devices.Where(d => next.FindDevice(d.Identifier) is null).Select(d => d.Identifier).ToList() ?? [];
        if (dropped.Count > 0) home.WriteState(state with { RemovedDevices = [.. removed, .. dropped] });
    }

    // The newest version known: recorded, or (for homes made before it was) the transaction kept with the cached copy.
    internal long? Newest(HomeState state, string identifier)
    {
        if (state.Versions?.TryGetValue(identifier, out var known) == true) return known;
        var kept = home.ReadCachedTransaction(identifier);
        if (kept is null && home.ReadProfile()?.Identifier is { } profile && Udf.AreEqual(profile, identifier)) kept = state.ProfileTransaction;
        var at = kept?.IndexOf('@', StringComparison.Ordinal) ?? -1;
        return at > 0 && long.TryParse(kept.AsSpan(0, at), NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : null;
    }
}
