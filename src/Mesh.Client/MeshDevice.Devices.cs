// Draft sections 6 and 7.13-7.14, from an administering device's side: the pending requests, their
// answers, and removing a device from the profile.
using Mesh.Client.Home;
using Mesh.Profiles;
using Mesh.Schema;

namespace Mesh.Client;

public sealed partial class MeshDevice
{
    /// <summary>
    /// Lists the account's pending connection requests (ConnectPending), each verified (signed by the
    /// device it carries), with its witness code and what its PIN proves. With <paramref name="acceptWithPin"/>,
    /// accepts every request whose PIN authenticator verifies under an unexpired, unused PIN this device
    /// issued, marking the PIN used first (<see cref="PendingRequest.AcceptedWithPin"/>). 401 when this
    /// device does not administer the profile.
    /// </summary>
    public async Task<IReadOnlyList<PendingRequest>> ListPendingAsync(bool acceptWithPin = true, CancellationToken cancel = default)
    {
        var account = Account;
        var profile = Profile;
        if (!Administration.IsAdministrator(profile, Device.Identifier))
            throw new MeshException(MeshStatus.ClientUnauthorized, $"This device does not administer {account}'s profile.");
        using var client = await ConnectAsync(account, cancel).ConfigureAwait(false);
        var list = new List<PendingRequest>();
        string? page = null;
        do
        {
            var response = await client.SendAsync<ConnectPendingResponse>(new ConnectPendingRequest
            {
                AccountID = account,
                SearchConstraints = page is null ? null : new SearchConstraints { PageKey = page },
            }, Signer, cancel).ConfigureAwait(false);
            var pending = response.Pending ?? [];
            var transactions = response.TransactionIDs is { } ids && ids.Count == pending.Count ? ids : null;
            var pins = Home.ReadState().Pins ?? [];
            for (var i = 0; i < pending.Count; i++)
                list.Add(PendingRequests.Examine(pending[i], transactions?[i], profile, pins, Clock.GetUtcNow()));
            page = NextPage(page, response.PageKey, pending.Count);
        }
        while (page is not null);

        // A PIN connects one device: when two requests carry the same one, someone else knows it.
        var shared = list.Where(p => p.Pin == PinCheck.Valid).GroupBy(p => p.PinUdf).Where(g => g.Count() > 1).Select(g => g.Key!).ToHashSet();
        for (var i = 0; i < list.Count; i++)
            if (list[i].PinUdf is { } udf && shared.Contains(udf)) list[i] = list[i] with { Pin = PinCheck.Shared };
        foreach (var udf in shared) UsePin(udf);

        if (!acceptWithPin) return list;
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not { Pin: PinCheck.Valid, Problem: null, PinUdf: { } pinUdf } request) continue;
            // Used before it is acted on: a PIN connects one device, even if accepting fails half-way.
            UsePin(pinUdf);
            try
            {
                list[i] = request with { AcceptedWithPin = await AcceptAsync(request, cancel).ConfigureAwait(false) };
            }
            catch (MeshException e)
            {
                list[i] = request with { Problem = $"accepting it with its PIN failed: {e.Message}" };
            }
        }
        return list;
    }

    /// <summary>
    /// Accepts a pending request (by device identifier, or a unique prefix of it): syncs, publishes the
    /// profile with the device added, BasedOn the latest version (on a 409, syncs and does it again
    /// once), and gives it the same access as the other devices to every application except the
    /// administration entry; seals those applications again so it can read their latest versions;
    /// then answers the request with a ConnectionResult "Accepted" signed by the online key.
    /// </summary>
    public async Task<DeviceChange> AcceptAsync(string deviceId, CancellationToken cancel = default)
    {
        var request = await FindPendingAsync(deviceId, cancel).ConfigureAwait(false);
        if (request.Problem is not null)
            throw new MeshException(MeshStatus.BadRequest, $"The request of device {request.DeviceId} cannot be accepted: {request.Problem}");
        return await AcceptAsync(request, cancel).ConfigureAwait(false);
    }

    /// <summary>Refuses a pending request (by device identifier or a unique prefix): a ConnectionResult "Refused".</summary>
    public async Task<DeviceChange> RejectAsync(string deviceId, CancellationToken cancel = default)
    {
        var request = await FindPendingAsync(deviceId, cancel).ConfigureAwait(false);
        using var client = await ConnectAsync(Account, cancel).ConfigureAwait(false);
        // The portal also takes an answer signed by the administering device itself.
        var key = Master?.OnlineKeys[0] ?? Device.SignatureKey;
        await AnswerAsync(client, request.Request!, "Refused", key, cancel).ConfigureAwait(false);
        return new DeviceChange(request.DeviceId, "Refused", null, 0, false, []);
    }

    /// <summary>
    /// Removes a device (by identifier or a unique prefix) from the profile: syncs, publishes the profile
    /// without it, BasedOn the latest version (on a 409, syncs and does it again once), then seals again
    /// every application it could read, under a fresh content key to the devices that remain. The
    /// portal then refuses its signed requests. What it already read, it keeps.
    /// </summary>
    public async Task<DeviceChange> RevokeAsync(string deviceId, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        _ = RequireMaster();
        await SyncAsync(cancel).ConfigureAwait(false);
        var target = DeviceIds.Find(Profile.Devices.Select(d => d.Identifier), deviceId)
            ?? throw new MeshException(MeshStatus.NotFound, $"{Account}'s profile has no device {deviceId}.");
        if (Udf.AreEqual(target, Device.Identifier))
            throw new MeshException(MeshStatus.BadRequest, "That is this device; a device does not revoke itself.");

        using var client = await ConnectAsync(Account, cancel).ConfigureAwait(false);
        var (before, transaction, retried) = await UpdateProfileAsync(client, current => current.FindDevice(target) is null
            ? null
            : PersonalProfiles.RemoveDevice(current, target, OnlineKey, Clock.GetUtcNow()), cancel).ConfigureAwait(false);
        var (resealed, warnings) = await ResealAsync(client, before, Profile,
            entry => Lists(before.FindApplication(entry.Identifier)?.DecryptID, target), cancel).ConfigureAwait(false);
        return new DeviceChange(target, "Revoked", transaction, resealed, retried, warnings);
    }

    private async Task<DeviceChange> AcceptAsync(PendingRequest request, CancellationToken cancel)
    {
        var connection = request.Request!;
        var key = OnlineKey;
        await SyncAsync(cancel).ConfigureAwait(false);
        using var client = await ConnectAsync(Account, cancel).ConfigureAwait(false);
        // Already listed when an earlier accept published the profile but did not get to answer.
        var (before, transaction, retried) = await UpdateProfileAsync(client, current => current.FindDevice(request.DeviceId) is null
            ? PendingRequests.Grant(current, connection.Device!, key, Clock.GetUtcNow())
            : null, cancel).ConfigureAwait(false);
        var (resealed, warnings) = await ResealAsync(client, before, Profile, _ => true, cancel).ConfigureAwait(false);
        await AnswerAsync(client, connection, "Accepted", key, cancel).ConfigureAwait(false);
        return new DeviceChange(request.DeviceId, "Accepted", transaction, resealed, retried, warnings);
    }

    private async Task<PendingRequest> FindPendingAsync(string deviceId, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(deviceId);
        var pending = await ListPendingAsync(acceptWithPin: false, cancel).ConfigureAwait(false);
        var id = DeviceIds.Find(pending.Select(p => p.DeviceId), deviceId)
            ?? throw new MeshException(MeshStatus.NotFound, $"No device {deviceId} is waiting to join {Account}.");
        return pending.First(p => p.DeviceId == id);
    }

    private async Task AnswerAsync(Portal.PortalClient client, ConnectionRequest request, string result, Cryptography.KeyPair key, CancellationToken cancel)
    {
        // The answer echoes the request's profile, device and nonce, so it answers that request only.
        var answer = new ConnectionResult { ParentUDF = request.ParentUDF, Device = request.Device, DeviceNonce = request.DeviceNonce, Result = result };
        // A request made with a PIN this device issued: the answer proves the PIN, which the new device requires.
        if (request.DeviceNonce is { } nonce && request.Device?.Identifier is { } asking && request.ParentUDF is { } parent
            && ConnectionPin.Verify(request.PinKey, request.PinAuthenticator, parent, asking, nonce, out var pinUdf)
            && Home.ReadPinAnswerKeys().GetValueOrDefault(pinUdf) is { } answerKey)
            answer = answer with { PinAnswer = ConnectionPin.AnswerMac(answerKey, parent, asking, nonce, result) };
        var signed = new SignedConnectionResult { Identifier = request.Device!.Identifier, SignedData = SignedPayload.Sign(answer, key) };
        await client.SendAsync<ConnectCompleteResponse>(new ConnectCompleteRequest { AccountID = Account, Result = signed }, Signer, cancel).ConfigureAwait(false);
    }

    private void UsePin(string pinUdf)
    {
        var state = Home.ReadState();
        var pins = (state.Pins ?? []).Select(p => Udf.AreEqual(p.PinUdf, pinUdf) ? p with { Used = true } : p).ToList();
        Home.WriteState(state with { Pins = pins });
    }
}
