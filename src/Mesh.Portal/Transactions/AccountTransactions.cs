using Mesh.Portal.Accounts;
using Mesh.Portal.Log;
using Mesh.Profiles;
using Mesh.Schema;

namespace Mesh.Portal.Transactions;

/// <summary>Draft 7.6 and 7.7: validating and creating accounts.</summary>
public static class AccountTransactions
{
    /// <summary>Says whether a name is acceptable and, if not, why.</summary>
    public static ValidateResponse Validate(RequestContext context, ValidateRequest request)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var services = context.Services;
        var languages = request.Language;
        var id = AccountNames.Check(request.Account, services.Options.Domain, out var reason, out var invalid, languages);
        if (id is not null && services.Store.FindAccount(id) is not null)
            (id, reason) = (null, Messages.Text(languages, "NameTaken", id!));
        return AccountNames.Limits(new ValidateResponse
        {
            Status = (int)MeshStatus.SuccessOK,
            StatusDescription = id is null ? Messages.Text(languages, "NameNotAcceptable") : Messages.Text(languages, "NameAvailable", id),
            Valid = id is not null,
            Reason = reason,
            InvalidCharacters = invalid,
        });
    }

    /// <summary>Creates an account bound to a personal profile that verifies.</summary>
    public static async Task<MeshResponse> CreateAsync(RequestContext context, CreateRequest request)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var services = context.Services;
        var id = AccountNames.Require(request.Account, services.Options.Domain);
        var signed = request.Profile ?? throw new MeshException("The request has no Profile to bind to the account.");
        if (!ProfileVerifier.TryVerify(signed, null, services.Clock.GetUtcNow(), out var profile, out var problem, services.Accounts.Verification))
            throw new MeshException(problem!.Status, $"The profile does not verify: {problem.Message}");
        // Proof of possession: only a device of the profile may bind it, so a copy of someone's
        // public profile cannot be taken to squat a name with it.
        if (context.Signature is null)
            throw new MeshException(MeshStatus.ClientUnauthorized, "CreateAccount must be signed by a device of the profile being bound (Authorization: Mesh …).");
        var device = profile!.FindDeviceByAuthenticationKey(context.Signature.KeyId)
            ?? throw new MeshException(MeshStatus.ClientUnauthorized, "The request is not signed by a device of the profile being bound.");
        if (!string.Equals(AccountNames.Normalize(context.Signature.Claims.Account, services.Options.Domain), id, StringComparison.Ordinal))
            throw new MeshException(MeshStatus.ClientUnauthorized, $"The request is signed for account {context.Signature.Claims.Account}, not {id}.");
        var nonce = services.Authenticator.Verify(context.Signature, device.AuthenticationKey, context.Body);

        AccountProfile? entry = null;
        var appended = await services.Log.WriteAsync(tx =>
        {
            if (tx.FindAccount(id) is not null) throw new MeshException(MeshStatus.AlreadyExists, $"The account {id} is already taken.");
            if (tx.FindLatestEntry(profile!.Identifier) is { Type: nameof(SignedPersonalProfile) } bound)
                throw new MeshException(MeshStatus.AlreadyExists, $"This profile is already bound to account {bound.Account}.");
            var now = services.Clock.GetUtcNow();
            entry = new AccountProfile { AccountID = id, UserProfileUDF = profile.Identifier, Status = "Open", Created = now, Modified = now, Profile = signed };
            return new WriteDecision(new LogRecord { Account = id, Entry = entry }, nonce);
        }).ConfigureAwait(false);
        services.Accounts.Remember(id, appended.Index, entry!, profile!);
        return new CreateResponse
        {
            Status = (int)MeshStatus.SuccessCreated,
            StatusDescription = $"Created account {id} (transaction {appended.TransactionId}).",
            TransactionID = appended.TransactionId,
        };
    }
}
