// Draft section 5.10: offline escrow of the master keys at the portal, and recovery from it on a
// new device.
using Mesh.Client.Trust;
using Mesh.Escrow;
using Mesh.Profiles;
using Mesh.Schema;

namespace Mesh.Client;

public sealed partial class MeshDevice
{
    /// <summary>
    /// Escrows the master keys offline (<see cref="OfflineEscrow.Create"/>) and publishes the entry,
    /// which holds them encrypted, at the portal. The shares are returned, never stored: any
    /// <paramref name="quorum"/> of them, with the entry's identifier, recover the keys.
    /// </summary>
    /// <exception cref="MeshException">401 on a device that does not hold the master keys</exception>
    /// <exception cref="ArgumentOutOfRangeException">the counts are out of range (2 ≤ quorum ≤ shares ≤ 15)</exception>
    public async Task<OfflineEscrowResult> CreateOfflineEscrowAsync(int shares, int quorum, CancellationToken cancel = default)
    {
        var master = Master ?? throw new MeshException(MeshStatus.ClientUnauthorized,
            "Only an administering device holds the master keys, so only it can escrow them.");
        var escrow = OfflineEscrow.Create(master, shares, quorum);
        using var client = await ConnectAsync(Account, cancel).ConfigureAwait(false);
        var acknowledged = await Trust.PublishAsync(client, escrow.Entry, null, Signer, cancel).ConfigureAwait(false);
        // The shares are worth only as much as the entry: read it back, proven, before handing them out.
        var id = escrow.Entry.Identifier!;
        var dropped = PortalMisbehavior.Error(client.Portal, $"It acknowledged escrow entry {id} as transaction {acknowledged}, then served nothing under it: "
            + "these shares recover nothing; make a new escrow once the portal keeps what it acknowledges.");
        GetResponse found;
        try
        {
            found = await client.SendAsync<GetResponse>(new GetRequest { Identifier = id, Full = true }, cancel).ConfigureAwait(false);
        }
        catch (MeshException e) when (e.Status == MeshStatus.NotFound)
        {
            throw dropped;
        }
        var item = found.DataItems is [var first, ..] ? first : throw dropped;
        var checkpoint = await Trust.VerifyCheckpointAsync(client, found.CheckpointValue, cancel).ConfigureAwait(false);
        var proven = DeviceTrust.Prove<OfflineEscrowEntry>(client.Portal, item, checkpoint, Account, id);
        Trust.RequireNotOlder(client.Portal, id, $"escrow entry {id}", proven.LogIndex);
        Trust.Remember(id, proven.LogIndex);
        return escrow;
    }

    /// <summary>
    /// Recovers <paramref name="account"/> into this (empty) home: fetches and verifies the account's
    /// profile and the escrow entry <paramref name="entryId"/> with their log proofs, recovers the
    /// master keys from the shares, makes a device here and publishes a profile that adds it as an
    /// administrator (and as a signer and reader of every application), signed with the recovered
    /// online key; then stores the keys and syncs. The profile is published before anything is
    /// written here: a failure leaves the home empty and the account as it was, so recovery can be
    /// run again.
    /// </summary>
    /// <exception cref="MeshException">409 when this home already has a device; 404 when the account or
    /// entry is unknown; 401 when the shares do not recover the entry or it is another profile's</exception>
    public async Task<VerifiedPersonalProfile> RecoverAsync(string account, string entryId, IReadOnlyList<string> shares, string description,
        CancellationToken cancel = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(entryId);
        ArgumentNullException.ThrowIfNull(shares);
        if (Home.Exists) throw new MeshException(MeshStatus.AlreadyExists, $"{Home.Folder} already holds a device; recover into a new, empty --home.");
        var now = Clock.GetUtcNow();
        using var client = await ConnectAsync(account, cancel).ConfigureAwait(false);
        var hadState = Home.HasState;
        Proven<SignedPersonalProfile> basis;
        VerifiedPersonalProfile current;
        MasterSecrets recoveredKeys;
        try
        {
            // No earlier view to compare with: walk the log to prove the version built on is the latest.
            var fetched = await FetchProfileAsync(client, account, null, cancel).ConfigureAwait(false);
            await Audit.RequireLatestAsync(client, account, fetched.Proven, $"{account}'s profile", cancel).ConfigureAwait(false);
            (basis, current) = (fetched.Proven, fetched.Profile);

            var escrowFound = await client.SendAsync<GetResponse>(new GetRequest { Identifier = entryId, Full = true }, cancel).ConfigureAwait(false);
            var escrowItem = escrowFound.DataItems is [var e, ..] ? e : throw new MeshException(MeshStatus.NotFound, $"The portal has no escrow entry {entryId}.");
            var escrowCheckpoint = await Trust.VerifyCheckpointAsync(client, escrowFound.CheckpointValue, cancel).ConfigureAwait(false);
            var entry = DeviceTrust.Prove<OfflineEscrowEntry>(client.Portal, escrowItem, escrowCheckpoint, account, entryId).Entry;
            recoveredKeys = OfflineEscrow.Recover(entry, shares, current.Master, now);
        }
        catch
        {
            // What checking the portal remembered (its checkpoint key): the home is left as empty as it was.
            if (!hadState) Home.DeleteState();
            throw;
        }
        var transaction = basis.TransactionId;
        using var master = recoveredKeys;
        var device = DeviceSecrets.Create(description, now);
        string? published = null;
        try
        {
            var recovered = WithRecoveredDevice(current, master, device, now);
            published = await Trust.PublishAsync(client, recovered, transaction, null, cancel).ConfigureAwait(false);

            var keys = EscrowedKeys.Pack(master.AllKeys);
            try
            {
                Home.WriteMasterKeys(keys);
            }
            finally
            {
                EscrowedKeys.Erase(keys);
            }
            Home.WriteDeviceKeys(device.ExportPrivate());
            Home.WriteDevice(device.Profile);
            Home.WriteProfile(recovered);
            Home.WriteState(Home.ReadState() with { Account = account.ToLowerInvariant(), PortalUrl = PortalUrl });
            Trust.Remember(current.Identifier, basis.LogIndex);
        }
        catch
        {
            device.Dispose();
            if (!hadState && published is null) Home.DeleteState();
            throw;
        }
        _device = device;
        await SyncAsync(cancel).ConfigureAwait(false);
        return Profile;
    }

    // The profile with the new device as an administrator and a signer and reader of every
    // application (it reads a version once a device that could read it has sealed a new one),
    // under the master profile rebuilt from the recovered keys.
    private static SignedPersonalProfile WithRecoveredDevice(VerifiedPersonalProfile current, MasterSecrets master, DeviceSecrets device, DateTimeOffset now)
    {
        var id = device.Identifier;
        var applications = current.Applications
            .Select(a => a.Type == Administration.Type
                ? a with { SignID = [.. a.SignID ?? [], id] }
                : a with { SignID = [.. a.SignID ?? [], id], DecryptID = [.. a.DecryptID ?? [], id] })
            .ToList();
        if (!applications.Any(a => a.Type == Administration.Type)) applications.Add(Administration.Entry([id]));
        var profile = current.Profile with
        {
            Updated = PersonalProfiles.NextUpdated(current.Updated, now),
            SignedMasterProfile = master.Profile,
            Devices = [.. current.Devices.Select(d => d.SignedForm), device.Profile],
            Applications = applications,
        };
        return PersonalProfiles.Sign(profile, master.OnlineKeys[0]);
    }
}
