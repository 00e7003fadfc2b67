// Draft sections 6 and 7.11-7.12, from the new device's side: asking to join a profile and learning the answer.
using Mesh.Client.Home;
using Mesh.Client.Portal;
using Mesh.Client.Trust;
using Mesh.Profiles;
using Mesh.Schema;
using Mesh.Schema.Json;

namespace Mesh.Client;

public sealed partial class MeshDevice
{
    /// <summary>
    /// On a new device: creates its keys and profile (or reuses those of an earlier, refused request),
    /// fetches the account's profile with its log proof, and posts a ConnectStart whose request,
    /// signed by the device's signature key, carries a fresh nonce and, with <paramref name="pin"/>,
    /// a PIN authenticator (<see cref="ConnectionPin"/>). Remembers the request and returns its
    /// <see cref="Witness"/> code. Throws <see cref="MeshException"/>: 409 when this home already
    /// belongs to an account, holds a profile of its own or has a request in progress; 400 for a malformed account or PIN.
    /// </summary>
    public async Task<ConnectionStarted> RequestConnectionAsync(string account, string description, string? pin = null, CancellationToken cancel = default)
    {
        // Checked before any key is made: the name is typed by the user.
        _ = PortalLocator.PortalOf(account);
        account = account.ToLowerInvariant();
        string? normalPin = null;
        if (pin is not null && !ConnectionPin.TryNormalize(pin, out normalPin))
            throw new MeshException(MeshStatus.BadRequest, $"'{pin}' is not a PIN: a PIN has 20 letters and digits, like ABCD-EFGH-IJKL-MNOP-QRST.");
        var state = Home.ReadState();
        if (state.Account is not null)
            throw new MeshException(MeshStatus.AlreadyExists, $"The device in {Home.Folder} already belongs to {state.Account}.");
        if (state.Pending is { } earlier)
            throw new MeshException(MeshStatus.AlreadyExists, $"The device in {Home.Folder} already asked to join {earlier.Account} (witness {earlier.Witness}).");
        if (Home.HoldsMaster)
            throw new MeshException(MeshStatus.AlreadyExists, $"{Home.Folder} holds a profile of its own.");

        var device = Home.Exists ? Device : CreateDevice(description);
        using var client = await ConnectAsync(account, cancel).ConfigureAwait(false);
        // Trust on first use: the profile the user is asked to confirm through the witness code.
        var fetched = await FetchProfileAsync(client, account, null, cancel).ConfigureAwait(false);
        var (signedProfile, profile) = (fetched.Signed, fetched.Profile);
        var nonce = Udf.Nonce();
        var request = new ConnectionRequest { ParentUDF = profile.Identifier, Device = device.Profile, DeviceNonce = nonce };
        if (normalPin is not null)
        {
            var (key, authenticator) = ConnectionPin.Authenticate(normalPin, profile.Identifier, device.Identifier, nonce);
            request = request with { PinKey = key, PinAuthenticator = authenticator };
        }
        var signed = new SignedConnectionRequest { Identifier = device.Identifier, SignedData = SignedPayload.Sign(request, device.SignatureKey) };
        var started = await client.SendAsync<ConnectStartResponse>(new ConnectStartRequest { AccountID = account, SignedRequest = signed }, cancel).ConfigureAwait(false);
        var transaction = started.TransactionID is { Length: > 0 } recorded ? recorded
            : throw new MeshException(MeshStatus.ServerInternal, "The portal did not say which transaction records the request, so there is no witness code to compare.");

        var witness = Witness.Compute(profile.Identifier, device.Identifier, nonce, transaction);
        Home.WriteProfile(signedProfile);
        Home.WriteState(Home.ReadState() with
        {
            PortalUrl = PortalUrl ?? state.PortalUrl,
            Pending = new PendingConnection(account, witness, Clock.GetUtcNow(), profile.Identifier, nonce, transaction,
                normalPin is null ? null : ConnectionPin.AnswerKey(normalPin)),
        });
        return new ConnectionStarted(account, device.Identifier, witness, transaction, normalPin is not null, profile.Identifier);
    }

    /// <summary>
    /// On the new device: asks the portal how its request stands (ConnectStatus, signed by its
    /// authentication key). An answer must be signed by an online key (or an administering device)
    /// of the profile the request was for, and be for this device and this request's nonce. When it
    /// is Accepted and the profile, verified from the version seen at request time, lists this device,
    /// the device joins the account and syncs. Refused ends the request. Throws <see cref="MeshException"/>
    /// 404 when there is no request in progress, 401 for an answer that does not verify.
    /// </summary>
    public async Task<ConnectionStatus> CompleteConnectionAsync(CancellationToken cancel = default)
    {
        var pending = Home.ReadState().Pending
            ?? throw new MeshException(MeshStatus.NotFound, $"The device in {Home.Folder} has no connection request in progress.");
        var device = Device;
        using var client = await ConnectAsync(pending.Account, cancel).ConfigureAwait(false);
        var status = await client.SendAsync<ConnectStatusResponse>(
            new ConnectStatusRequest { AccountID = pending.Account, DeviceID = device.Identifier }, new RequestSigner(pending.Account, device), cancel).ConfigureAwait(false);
        if (status.Result is null) return ConnectionStatus.Pending;

        var pinned = Home.ReadProfile() is not null ? Profile : null;
        var profile = (await FetchProfileAsync(client, pending.Account, pinned, cancel).ConfigureAwait(false)).Profile;
        if (!Udf.AreEqual(profile.Identifier, pending.ProfileUdf))
            throw new MeshException(MeshStatus.ClientUnauthorized, $"Account {pending.Account} is now bound to profile {profile.Identifier}, not {pending.ProfileUdf} as when this device asked.");
        var result = VerifyAnswer(status.Result, profile, pending, device.Identifier);
        if (result.Result != "Accepted")
        {
            Home.WriteState(Home.ReadState() with { Pending = null });
            return ConnectionStatus.Refused;
        }
        if (profile.FindDevice(device.Identifier) is null)
            throw new MeshException(MeshStatus.NotFound,
                $"The request was accepted, but {pending.Account}'s profile does not list this device yet.");

        Home.WriteState(Home.ReadState() with { Account = pending.Account, Pending = null });
        await SyncAsync(cancel).ConfigureAwait(false);
        return ConnectionStatus.Accepted;
    }

    private DeviceSecrets CreateDevice(string description)
    {
        var device = DeviceSecrets.Create(description, Clock.GetUtcNow());
        Home.WriteDeviceKeys(device.ExportPrivate());
        Home.WriteDevice(device.Profile);
        _device = device;
        return device;
    }

    /// <summary>Checks the answer is signed for the profile and answers this very request.</summary>
    private static ConnectionResult VerifyAnswer(SignedConnectionResult signed, VerifiedPersonalProfile profile, PendingConnection pending, string deviceId)
    {
        var kid = SignedPayload.SignerKeyId(signed.SignedData);
        var administrator = profile.FindDevice(kid) is { } d && Administration.IsAdministrator(profile, d.Identifier) ? d.SignatureKey : null;
        var portal = PortalLocator.PortalOf(pending.Account);
        var key = profile.Master.FindOnlineKey(kid) ?? administrator
            ?? throw PortalMisbehavior.Error(portal, $"It returned an answer to this device's request signed by key {kid}, which is neither an online key nor an administering device of {pending.Account}'s profile.");
        var result = SignedPayload.Verify<ConnectionResult>(signed.SignedData, key, "connection result");
        // A replayed answer (to another device, or to an earlier request of this one) names another device or nonce.
        if (!Udf.AreEqual(result.Device?.Identifier, deviceId) || !Udf.AreEqual(result.ParentUDF, pending.ProfileUdf)
            || result.DeviceNonce is null || !Udf.AreEqual(result.DeviceNonce, pending.DeviceNonce))
            throw PortalMisbehavior.Error(portal, "It returned an answer to another device or another request than this one's.");
        // Asked with a PIN: only the device that issued it can prove it, so no other account (nor the portal) can take this device in.
        if (pending.PinAnswerKey is { } answerKey && result.Result == "Accepted"
            && !ConnectionPin.VerifyAnswer(answerKey, result.PinAnswer, pending.ProfileUdf, deviceId, pending.DeviceNonce, result.Result))
            throw new MeshException(MeshStatus.ClientUnauthorized,
                $"The answer accepting this device into {pending.Account} (profile {pending.ProfileUdf}) does not prove the PIN this device was given: "
                + "the account that answered is not the one whose device issued the PIN, or the PIN was mistyped. This device did not join.");
        return result;
    }
}
