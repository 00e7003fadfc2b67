using Mesh.Portal.Accounts;
using Mesh.Portal.Http;
using Mesh.Portal.Log;
using Mesh.Portal.Storage;
using Mesh.Portal.Transparency;
using Mesh.Protocol;

namespace Mesh.Portal.Transactions;

/// <summary>What every transaction handler works with.</summary>
public sealed record PortalServices(
    PortalOptions Options,
    IPortalStore Store,
    PortalLog Log,
    AccountState Accounts,
    Authenticator Authenticator,
    Checkpointer Checkpoints,
    Schema.PublicKey CheckpointKey,
    TimeProvider Clock,
    RenderedGets Rendered);

/// <summary>One request being handled: its exact body and its (unverified) signature header, if any.</summary>
public sealed record RequestContext(PortalServices Services, byte[] Body, SignedRequest? Signature)
{
    /// <summary>The calling device of the account, proven by the request signature; 401 when there is none or it fails.</summary>
    public Caller RequireCaller() =>
        Signature is null
            ? throw new MeshException(MeshStatus.ClientUnauthorized, "This request must be signed by a device of the account (Authorization: Mesh …).")
            : Services.Authenticator.Authenticate(Signature, Body);

    /// <summary>The calling device, which must administer the account; 401 otherwise.</summary>
    public Caller RequireAdministrator(string? accountId)
    {
        var caller = RequireCaller();
        if (accountId is not null && !string.Equals(caller.Account.Row.AccountId, AccountNames.Normalize(accountId, Services.Options.Domain), StringComparison.Ordinal))
            throw new MeshException(MeshStatus.ClientUnauthorized, $"The request is signed for account {caller.Account.Row.AccountId}, not {accountId}.");
        return caller.IsAdministrator
            ? caller
            : throw new MeshException(MeshStatus.ClientUnauthorized, $"Device {caller.Device.Identifier} does not administer account {caller.Account.Row.AccountId}.");
    }
}
