using Mesh.Protocol;
using Mesh.Portal.Accounts;
using Mesh.Portal.Log;
using Mesh.Portal.Storage;
using Mesh.Profiles;
using Mesh.Schema;
using Mesh.Schema.Json;

namespace Mesh.Portal.Transactions;

/// <summary>
/// Draft 7.11 to 7.14: connecting a new device. The new device posts a request signed by its
/// signature key (ConnectStart) and polls for the answer with requests signed by its
/// authentication key (ConnectStatus, answered only to that device); an administering device
/// lists the pending requests (ConnectPending) and answers each exactly once with a result signed
/// by an online signature key or by its own signature key (ConnectComplete).
/// </summary>
public static class ConnectTransactions
{
    private static readonly string[] Results = ["Accepted", "Refused", "Query"];

    /// <summary>Records a device's request to connect.</summary>
    public static async Task<MeshResponse> StartAsync(RequestContext context, ConnectStartRequest request)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var services = context.Services;
        var accountId = AccountNames.Normalize(request.AccountID, services.Options.Domain);
        var signed = request.SignedRequest ?? throw new MeshException("The request has no SignedRequest.");
        var (connection, device) = VerifyRequest(signed, services.Clock.GetUtcNow());
        // The witness code covers the device's nonce (docs/connecting-devices.md): a request without one could not be compared.
        if (!Udf.IsNonce(connection.DeviceNonce))
            throw new MeshException(connection.DeviceNonce is null
                ? "The connection request has no DeviceNonce: the device must send a fresh nonce UDF, which its witness code covers."
                : "The connection request's DeviceNonce is not a nonce UDF (type 'N', 128 to 512 random bits).");
        var account = services.Accounts.Find(accountId) ?? throw new MeshException(MeshStatus.NotFound, $"There is no account {accountId} here.");
        if (!Udf.AreEqual(connection.ParentUDF, account.Profile.Identifier))
            throw new MeshException($"The request is for profile {connection.ParentUDF}, but account {accountId} is bound to {account.Profile.Identifier}.");

        var appended = await services.Log.WriteAsync(tx =>
        {
            var current = services.Accounts.Find(tx, accountId)!;
            if (current.Profile.FindDevice(device.Identifier) is not null)
                throw new MeshException(MeshStatus.AlreadyExists, $"Device {device.Identifier} is already connected to {accountId}.");
            var since = PendingSince(services);
            // An expired request is replaced by the new one.
            if (tx.FindConnection(accountId, device.Identifier) is { ResultIndex: null } waiting && waiting.Created >= since)
                throw new MeshException(MeshStatus.AlreadyExists, $"Device {device.Identifier} already has a request pending at {accountId}.");
            if (tx.CountPending(accountId, since) >= services.Options.MaxPendingConnections)
                throw new MeshException(MeshStatus.TooManyRequests, $"Account {accountId} has too many pending connection requests; ask its owner to answer them.");
            return new WriteDecision(new LogRecord { Account = accountId, Entry = signed });
        }).ConfigureAwait(false);
        return new ConnectStartResponse
        {
            Status = (int)MeshStatus.SuccessCreated,
            StatusDescription = $"Request {appended.TransactionId} is waiting for an administering device of {accountId}.",
            TransactionID = appended.TransactionId,
        };
    }

    /// <summary>Tells the asking device how its request stands.</summary>
    public static async Task<MeshResponse> StatusAsync(RequestContext context, ConnectStatusRequest request)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var services = context.Services;
        var accountId = AccountNames.Normalize(request.AccountID, services.Options.Domain);
        var deviceId = request.DeviceID ?? throw new MeshException("The request has no DeviceID.");
        var row = services.Store.FindConnection(accountId, deviceId)
            ?? throw new MeshException(MeshStatus.NotFound, $"Device {deviceId} has no connection request at {accountId}.");
        RequireUnexpired(services, row);
        var logged = (SignedConnectionRequest)Read(services, row.RequestIndex).Entry!;
        var (_, device) = VerifyRequest(logged, services.Clock.GetUtcNow());
        if (context.Signature is null)
            throw new MeshException(MeshStatus.ClientUnauthorized, "Only the asking device may see the answer: sign the request with its authentication key.");
        var nonce = services.Authenticator.VerifyJoining(context.Signature, accountId, device, context.Body);
        await services.Log.WriteAsync(_ => new WriteDecision(null, nonce)).ConfigureAwait(false);

        var result = row.ResultIndex is { } index ? (SignedConnectionResult)Read(services, index).Entry! : null;
        return new ConnectStatusResponse
        {
            Status = (int)MeshStatus.SuccessOK,
            StatusDescription = result is null ? "The request is still pending." : "The request has been answered.",
            Result = result,
        };
    }

    /// <summary>Lists the pending requests of an account to an administering device.</summary>
    public static async Task<MeshResponse> PendingAsync(RequestContext context, ConnectPendingRequest request)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var services = context.Services;
        var caller = context.RequireAdministrator(request.AccountID);
        var max = (int)Math.Clamp(request.SearchConstraints?.MaxEntries ?? services.Options.MaxPageEntries, 1, services.Options.MaxPageEntries);
        // The page key is checked before the nonce is used, so that a refused request does not burn it.
        var after = request.SearchConstraints?.PageKey is { } key ? PageKeys.ReadIndex(key) : -1;
        await services.Log.WriteAsync(_ => new WriteDecision(null, caller.Nonce)).ConfigureAwait(false);
        var rows = services.Store.ListPending(caller.Account.Row.AccountId, after, max + 1, PendingSince(services));
        var page = rows.Take(max).ToList();
        var pending = page.Select(r => (SignedConnectionRequest)Read(services, r.RequestIndex).Entry!).ToList();
        return new ConnectPendingResponse
        {
            Status = (int)MeshStatus.SuccessOK,
            StatusDescription = $"{pending.Count} pending request(s).",
            Pending = pending,
            // The witness code of each request includes its transaction (docs/connecting-devices.md).
            TransactionIDs = [.. page.Select(r => TransactionIds.Format(r.RequestIndex, services.Options.Domain))],
            PageKey = rows.Count > max ? PageKeys.Write(rows[max - 1].RequestIndex) : null,
        };
    }

    /// <summary>Records an administering device's answer to a pending request, exactly once.</summary>
    public static async Task<MeshResponse> CompleteAsync(RequestContext context, ConnectCompleteRequest request)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var services = context.Services;
        var caller = context.RequireAdministrator(request.AccountID);
        var signed = request.Result ?? throw new MeshException("The request has no Result.");
        var result = VerifyResult(signed, caller);
        var deviceId = result.Device?.Identifier ?? throw new MeshException("The result names no device.");
        var accountId = caller.Account.Row.AccountId;

        var appended = await services.Log.WriteAsync(tx =>
        {
            var row = tx.FindConnection(accountId, deviceId)
                ?? throw new MeshException(MeshStatus.NotFound, $"Device {deviceId} has no connection request at {accountId}.");
            if (row.ResultIndex is not null)
                throw new MeshException(MeshStatus.AlreadyExists, $"The request of device {deviceId} has already been answered.");
            RequireUnexpired(services, row);
            return new WriteDecision(new LogRecord { Account = accountId, Entry = signed }, caller.Nonce);
        }).ConfigureAwait(false);
        return new ConnectCompleteResponse
        {
            Status = (int)MeshStatus.SuccessCreated,
            StatusDescription = $"Answered the request of device {deviceId}: {result.Result} (transaction {appended.TransactionId}).",
        };
    }

    /// <summary>Checks a connection request: its device profile is self-signed and the device signed the request.</summary>
    private static (ConnectionRequest Request, VerifiedDevice Device) VerifyRequest(SignedConnectionRequest signed, DateTimeOffset now)
    {
        var claimed = SignedPayload.ReadUnverified<ConnectionRequest>(signed.SignedData);
        var device = ProfileVerifier.VerifyDevice(claimed.Device ?? throw new MeshException("The connection request has no Device."), now);
        var verified = SignedPayload.Verify<ConnectionRequest>(signed.SignedData, device.SignatureKey, "connection request");
        if (signed.Identifier is not null && !Udf.AreEqual(signed.Identifier, device.Identifier))
            throw new MeshException("The connection request's identifier is not its device's.");
        return (verified, device);
    }

    /// <summary>Checks a result is signed by an online key of the account's master profile or by the administering device.</summary>
    private static ConnectionResult VerifyResult(SignedConnectionResult signed, Http.Caller caller)
    {
        var kid = SignedPayload.SignerKeyId(signed.SignedData);
        var key = caller.Account.Profile.Master.FindOnlineKey(kid)
            ?? (Udf.AreEqual(kid, caller.Device.Identifier) ? caller.Device.SignatureKey : null)
            ?? throw new MeshException(MeshStatus.ClientUnauthorized, "The result must be signed by an online signature key of the profile or by the administering device.");
        var result = SignedPayload.Verify<ConnectionResult>(signed.SignedData, key, "connection result");
        if (!Results.Contains(result.Result))
            throw new MeshException($"The result must be one of {string.Join(", ", Results)}, not '{result.Result}'.");
        return result;
    }

    // Requests made before this have expired unanswered.
    private static DateTimeOffset PendingSince(PortalServices services) => services.Clock.GetUtcNow() - services.Options.ConnectionRequestLifetime;

    private static void RequireUnexpired(PortalServices services, ConnectionRow row)
    {
        if (row.ResultIndex is null && row.Created < PendingSince(services))
            throw new MeshException(MeshStatus.NotFound,
                $"The connection request of device {row.DeviceId} expired unanswered at {Rfc3339Converter.Format(row.Created + services.Options.ConnectionRequestLifetime)}; the device may ask again.");
    }

    private static LogRecord Read(PortalServices services, long index) =>
        TaggedJson.Deserialize<LogRecord>(services.Store.ReadLog(index, 1)[0].Leaf);
}
