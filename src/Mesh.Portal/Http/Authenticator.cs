using Mesh.Cryptography;
using Mesh.Portal.Accounts;
using Mesh.Portal.Log;
using Mesh.Profiles;
using Mesh.Protocol;

namespace Mesh.Portal.Http;

/// <summary>A device proven to be making a request for an account.</summary>
/// <param name="Account">the account, with its current verified profile</param>
/// <param name="Device">the device, listed in that profile</param>
/// <param name="Nonce">the request's nonce, to be recorded with the request's write</param>
public sealed record Caller(LoadedAccount Account, VerifiedDevice Device, RequestNonce Nonce)
{
    /// <summary>Whether the device administers the account's profile.</summary>
    public bool IsAdministrator => Administration.IsAdministrator(Account.Profile, Device.Identifier);
}

/// <summary>
/// Verifies the <c>Authorization: Mesh …</c> header of a request (docs/protocol.md, "Authentication"):
/// the signature by the authentication key of a device listed in the account's current profile,
/// over claims bound to this portal, the time, a nonce and the exact body.
/// </summary>
public sealed class Authenticator(PortalOptions options, AccountState accounts, TimeProvider clock)
{
    /// <summary>Verifies the header against the account's profile; throws 401 with the reason.</summary>
    public Caller Authenticate(SignedRequest request, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(request);
        var accountId = AccountNames.Normalize(request.Claims.Account, options.Domain);
        var account = accounts.Find(accountId) ?? throw Unauthorized($"The request is signed for account {accountId}, which does not exist here.");
        if (account.Row.Status != "Open") throw Unauthorized($"The account {accountId} is {account.Row.Status}.");
        var device = account.Profile.FindDeviceByAuthenticationKey(request.KeyId)
            ?? throw Unauthorized($"No device of account {accountId} has the authentication key {request.KeyId}; a revoked device can no longer sign requests.");
        var nonce = Verify(request, device.AuthenticationKey, body);
        RequireDeviceClaim(request, device);
        return new Caller(account, device, nonce);
    }

    /// <summary>
    /// Verifies the header of a device not yet in the profile, which asks about its request to join
    /// <paramref name="accountId"/>: signed by <paramref name="device"/>'s authentication key; the claims may leave
    /// out Account and Device (the signed body names both), but when given they must be these. Throws 401.
    /// </summary>
    public RequestNonce VerifyJoining(SignedRequest request, string accountId, VerifiedDevice device, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(device);
        var nonce = Verify(request, device.AuthenticationKey, body);
        if (request.Claims.Account is { } claimed && AccountNames.Normalize(claimed, options.Domain) != accountId)
            throw Unauthorized($"The request is signed for account {claimed}, not {accountId}.");
        RequireDeviceClaim(request, device);
        return nonce;
    }

    private static void RequireDeviceClaim(SignedRequest request, VerifiedDevice device)
    {
        if (request.Claims.Device is not null && !Udf.AreEqual(request.Claims.Device, device.Identifier))
            throw Unauthorized($"The request claims to come from device {request.Claims.Device}, but it is signed by device {device.Identifier}.");
    }

    /// <summary>Verifies the header with a given key (a device not yet in the profile); throws 401.</summary>
    public RequestNonce Verify(SignedRequest request, PublicKeyInfo key, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = clock.GetUtcNow();
        RequestSignature.Verify(request, key, body, options.Domain, now);
        // A nonce need be remembered only while its request could still be accepted.
        return new RequestNonce(request.KeyId, request.Claims.Nonce!, request.Claims.Time!.Value + RequestSignature.MaxSkew);
    }

    private static MeshException Unauthorized(string message) => new(MeshStatus.ClientUnauthorized, message);
}
