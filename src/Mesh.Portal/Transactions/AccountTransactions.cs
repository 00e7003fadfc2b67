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

        AccountProfile? entry = null;
        var appended = await services.Log.WriteAsync(tx =>
        {
            if (tx.FindAccount(id) is not null) throw new MeshException(MeshStatus.AlreadyExists, $"The account {id} is already taken.");
            if (tx.FindLatestEntry(profile!.Identifier) is { } bound)
                throw new MeshException(MeshStatus.AlreadyExists, $"This profile is already bound to account {bound.Account}.");
            var now = services.Clock.GetUtcNow();
            entry = new AccountProfile { AccountID = id, UserProfileUDF = profile.Identifier, Status = "Open", Created = now, Modified = now, Profile = signed };
            return new WriteDecision(new LogRecord { Account = id, Entry = entry });
        }).ConfigureAwait(false);
        services.Accounts.Remember(id, appended.Index, entry!, profile!, entry!.Created!.Value);
        return new CreateResponse
        {
            Status = (int)MeshStatus.SuccessCreated,
            StatusDescription = $"Created account {id} (transaction {appended.TransactionId}).",
            TransactionID = appended.TransactionId,
        };
    }
}
