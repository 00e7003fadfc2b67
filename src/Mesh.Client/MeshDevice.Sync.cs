using Mesh.Client.Home;
using Mesh.Client.Portal;
using Mesh.Profiles;
using Mesh.Schema;
using Mesh.Schema.Json;
using Mesh.Transparency;
using Mesh.X509;

namespace Mesh.Client;

/// <summary>What a sync found.</summary>
/// <param name="Profile">the verified personal profile</param>
/// <param name="TransactionId">the transaction that published it</param>
/// <param name="Checkpoint">the verified checkpoint it is included in</param>
/// <param name="Applications">the application profiles fetched into the cache</param>
public sealed record SyncResult(VerifiedPersonalProfile Profile, string TransactionId, Checkpoint Checkpoint, int Applications);

public sealed partial class MeshDevice
{
    /// <summary>
    /// Fetches the account's latest profile with its log proof, verifies the whole chain of trust
    /// against the version seen before, the portal's checkpoint against the last one verified
    /// (consistency) and the profile's inclusion in it, then stores the profile and refreshes the
    /// cache of the application profiles this device may read.
    /// </summary>
    public async Task<SyncResult> SyncAsync(CancellationToken cancel = default)
    {
        var account = Account;
        using var client = await ConnectAsync(account, cancel).ConfigureAwait(false);
        var previous = Home.ReadProfile() is not null ? Profile : null;
        var (signed, profile, transaction, checkpoint) = await FetchProfileAsync(client, account, previous, cancel).ConfigureAwait(false);
        if (profile.FindDevice(Device.Identifier) is null && previous?.FindDevice(Device.Identifier) is not null)
            throw new MeshException(MeshStatus.ClientUnauthorized, $"This device has been removed from {account}'s profile.");
        Home.WriteProfile(signed);
        Home.WriteState(Home.ReadState() with { ProfileTransaction = transaction });

        var applications = 0;
        foreach (var entry in profile.Applications.Where(a => (a.DecryptID ?? []).Any(id => Udf.AreEqual(id, Device.Identifier))))
        {
            try
            {
                await FetchApplicationAsync(client, entry.Identifier!, cancel).ConfigureAwait(false);
                applications++;
            }
            catch (MeshException e) when (e.Status == MeshStatus.NotFound)
            {
                // Listed but not published yet.
            }
        }
        Home.ForgetPortalUnreachable();
        return new SyncResult(profile, transaction, checkpoint, applications);
    }

    /// <summary>
    /// Verifies a signed checkpoint of the portal: under the portal's checkpoint key (pinned the first
    /// time it is seen), and consistent with the last checkpoint this device verified; stores it.
    /// A rollback, a fork or a changed key is an error naming both checkpoints.
    /// </summary>
    public async Task<Checkpoint> VerifyCheckpointAsync(PortalClient client, string? signedCheckpoint, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (signedCheckpoint is null) throw new MeshException(MeshStatus.ServerInternal, "The portal gave no checkpoint with its answer.");
        var state = Home.ReadState();
        var checkpoints = state.Checkpoints ?? [];
        checkpoints.TryGetValue(client.Portal, out var known);
        var hello = await client.SendAsync<HelloResponse>(new HelloRequest(), cancel).ConfigureAwait(false);
        var certificate = hello.CheckpointKey?.X509Certificate ?? throw new MeshException(MeshStatus.ServerInternal, "The portal does not publish a checkpoint key.");
        var key = PersonalCertificates.Read(certificate).SubjectKey;
        if (!PersonalCertificates.VerifyIssuedBy(certificate, key) || !Udf.AreEqual(hello.CheckpointKey.UDF, key.Udf()))
            throw new MeshException(MeshStatus.ServerInternal, "The portal's checkpoint key certificate is not self-signed by the key it names.");
        if (known is not null && !Udf.AreEqual(known.KeyUdf, key.Udf()))
            throw new MeshException(MeshStatus.ClientUnauthorized, $"The portal {client.Portal} now signs its checkpoints with key {key.Udf()}, not {known.KeyUdf} as before.");

        var next = SignedCheckpoints.Verify(signedCheckpoint, key, client.Portal);
        var previous = known is null ? null : SignedCheckpoints.Verify(known.Checkpoint, key, client.Portal);
        IReadOnlyList<byte[]>? proof = null;
        if (previous is { TreeSize: > 0 } && next.TreeSize > previous.TreeSize)
        {
            var status = await client.SendAsync<StatusResponse>(
                new StatusRequest { ConsistencyFrom = previous.TreeSize, ConsistencyTo = next.TreeSize }, cancel).ConfigureAwait(false);
            proof = status.ConsistencyProof;
        }
        var kept = LogMonitor.Advance(previous, next, proof);
        checkpoints[client.Portal] = new PortalCheckpoint(key.Udf(), certificate, ReferenceEquals(kept, next) ? signedCheckpoint : known!.Checkpoint);
        Home.WriteState(Home.ReadState() with { Checkpoints = checkpoints });
        return next;
    }

    private static T VerifyIncluded<T>(DataItem item, Checkpoint checkpoint) where T : Entry
    {
        if (item.LogEntry is null || item.LogIndex is null)
            throw new MeshException(MeshStatus.ServerInternal, "The portal gave no log proof for the entry.");
        LogMonitor.RequireIncluded(item.LogEntry, item.LogIndex.Value, item.InclusionProof, checkpoint);
        // Use the entry from the proven leaf, not the copy beside it.
        var record = TaggedJson.Deserialize<LogRecord>(item.LogEntry);
        var entry = record.Entry is AccountProfile account ? account.Profile : record.Entry;
        return entry as T ?? throw new MeshException(MeshStatus.ServerInternal, $"The proven log entry holds a {entry?.GetType().Name}, not a {typeof(T).Name}.");
    }
}
