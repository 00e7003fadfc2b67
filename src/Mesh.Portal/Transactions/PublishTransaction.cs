using Mesh.Protocol;
using Mesh.Portal.Accounts;
using Mesh.Portal.Http;
using Mesh.Portal.Log;
using Mesh.Portal.Storage;
using Mesh.Profiles;
using Mesh.Schema;
using Mesh.Schema.Json;

namespace Mesh.Portal.Transactions;

/// <summary>
/// Draft 7.9: publishing a new version of a personal profile, an application profile or an escrow
/// entry. Who may publish what:
/// <list type="bullet">
/// <item>a personal profile: anyone holding it, when it verifies, is signed by an online key of the
/// same master profile, is later than the current version and is based on it (BasedOn);</item>
/// <item>an application profile: a device of the account (signed request) that is listed in the
/// application's SignID and signed the profile;</item>
/// <item>an escrow entry: a device of the account (signed request).</item>
/// </list>
/// An update based on a version that is no longer the latest is refused with 409.
/// </summary>
public static class PublishTransaction
{
    /// <summary>Publishes the entry.</summary>
    public static async Task<MeshResponse> HandleAsync(RequestContext context, PublishRequest request)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var entry = request.Entry ?? throw new MeshException("The request has no Entry to publish.");
        if (string.IsNullOrEmpty(entry.Identifier)) throw new MeshException("The entry to publish has no Identifier.");
        var appended = entry switch
        {
            SignedPersonalProfile profile => await PersonalAsync(context, profile, request.BasedOn).ConfigureAwait(false),
            SignedApplicationProfile application => await ApplicationAsync(context, application, request.BasedOn).ConfigureAwait(false),
            EscrowEntry escrow => await EscrowAsync(context, escrow, request.BasedOn).ConfigureAwait(false),
            _ => throw new MeshException($"A {entry.GetType().Name} cannot be published; publish a personal profile, an application profile or an escrow entry."),
        };
        return new PublishResponse
        {
            Status = (int)(request.BasedOn is null ? MeshStatus.SuccessCreated : MeshStatus.SuccessUpdated),
            StatusDescription = $"Published {entry.Identifier} (transaction {appended.TransactionId}).",
            TransactionID = appended.TransactionId,
        };
    }

    private static async Task<Appended> PersonalAsync(RequestContext context, SignedPersonalProfile signed, string? basedOn)
    {
        var services = context.Services;
        if (!ProfileVerifier.TryVerify(signed, null, services.Clock.GetUtcNow(), out var profile, out var problem, services.Accounts.Verification))
            throw new MeshException(problem!.Status, $"The profile does not verify: {problem.Message}");
        // The account's current version is verified before the write when this process has not seen it (another
        // process wrote it), so that the writers' lock is not held meanwhile. (When the latest version held in
        // memory lags another process's commit by moments, the write verifies the newer one itself.)
        if (services.Store.FindLatestEntry(profile!.Identifier) is { Account: { } owner } latest)
            services.Accounts.Prepare(owner, latest.LogIndex);
        (string Account, AccountProfile Entry)? written = null;
        var appended = await services.Log.WriteAsync(tx =>
        {
            var owner = tx.FindLatestEntry(profile!.Identifier)?.Account
                ?? throw new MeshException(MeshStatus.NotFound, $"No account here is bound to profile {profile.Identifier}; create one first.");
            var current = services.Accounts.Find(tx, owner)!;
            if (!current.Profile.Master.SigningKey.Equals(profile.Master.SigningKey))
                throw new MeshException(MeshStatus.ClientUnauthorized, "The profile is bound to another master key than the account's.");
            RequireBasedOnLatest(basedOn, current.TransactionId, profile.Identifier);
            if (profile.Updated <= current.Profile.Updated)
                throw new MeshException(MeshStatus.AlreadyExists, "The profile is not later than the version it replaces (its Updated time must increase).");
            var entry = current.Entry with { Modified = services.Clock.GetUtcNow(), Profile = signed };
            written = (owner, entry);
            return new WriteDecision(new LogRecord { Account = owner, Entry = entry });
        }).ConfigureAwait(false);
        services.Accounts.Remember(written!.Value.Account, appended.Index, written.Value.Entry, profile!);
        return appended;
    }

    private static async Task<Appended> ApplicationAsync(RequestContext context, SignedApplicationProfile signed, string? basedOn)
    {
        var caller = context.RequireCaller();
        var profile = caller.Account.Profile;
        var application = profile.FindApplication(signed.Identifier)
            ?? throw new MeshException(MeshStatus.NotFound, $"The profile lists no application {signed.Identifier}; publish the personal profile that lists it first.");
        var signer = profile.FindDevice(SignedPayload.SignerKeyId(signed.SignedData))
            ?? throw new MeshException(MeshStatus.ClientUnauthorized, "The application profile is not signed by a device of the profile.");
        if (!(application.SignID ?? []).Any(id => Udf.AreEqual(id, signer.Identifier)))
            throw new MeshException(MeshStatus.ClientUnauthorized, $"Device {signer.Identifier} may not sign application {application.Identifier}.");
        var payload = SignedPayload.Verify<ApplicationProfile>(signed.SignedData, signer.SignatureKey, "application profile");
        // Application identifiers are random nonces (N-type UDFs), apart from profile identifiers (key fingerprints).
        if (!Udf.TryParse(signed.Identifier, out var id) || id!.Type != UdfType.Nonce)
            throw new MeshException($"An application profile's Identifier must be a nonce UDF (N…), not {signed.Identifier}.");
        if (payload.Identifier != signed.Identifier || payload.GetType().Name != application.Type)
            throw new MeshException($"The application profile is not the {application.Type} {application.Identifier} the profile lists.");
        var updated = payload.Updated ?? throw new MeshException("The application profile has no Updated time.");
        RequireLaterThanBase(context.Services, signed.Identifier!, basedOn, updated);
        return await OwnedAsync(context, caller, signed, basedOn).ConfigureAwait(false);
    }

    private static Task<Appended> EscrowAsync(RequestContext context, EscrowEntry escrow, string? basedOn)
    {
        // Content-derived identifiers keep escrow entries out of every other entry's namespace:
        // no one can publish one under a profile's or an application's identifier.
        var expected = escrow.EncryptedData is null ? null : Escrow.OfflineEscrow.EscrowIdentifier(escrow.EncryptedData);
        if (expected is null || !Udf.AreEqual(expected, escrow.Identifier))
            throw new MeshException($"An escrow entry's Identifier must be the content digest of its EncryptedData ({expected ?? "it has none"}).");
        return OwnedAsync(context, context.RequireCaller(), escrow, basedOn);
    }

    private static Task<Appended> OwnedAsync(RequestContext context, Caller caller, Entry entry, string? basedOn) =>
        context.Services.Log.WriteAsync(tx =>
        {
            var account = caller.Account.Row.AccountId;
            if (tx.FindLatestEntry(entry.Identifier!) is { } latest)
            {
                if (latest.Account != account)
                    throw new MeshException(MeshStatus.AlreadyExists, $"{entry.Identifier} belongs to another account.");
                RequireBasedOnLatest(basedOn, TransactionIds.Format(latest.LogIndex, context.Services.Options.Domain), entry.Identifier!);
            }
            else if (basedOn is not null)
                throw new MeshException(MeshStatus.AlreadyExists, $"{entry.Identifier} has no version {basedOn} to replace.");
            return new WriteDecision(new LogRecord { Account = account, Entry = entry }, caller.Nonce);
        });

    /// <summary>
    /// Clients refuse a version older than one they have seen; the portal refuses to log one, so that no device is offered it.
    /// The version replaced is the one <paramref name="basedOn"/> names: it is read here, before the write, because the
    /// write then requires it to be the latest (<see cref="RequireBasedOnLatest"/>) and refuses the update otherwise.
    /// </summary>
    private static void RequireLaterThanBase(PortalServices services, string identifier, string? basedOn, DateTimeOffset updated)
    {
        // A BasedOn that names no entry of the log, or another entry, is refused by the write.
        if (!TransactionIds.TryParse(basedOn, services.Options.Domain, out var index) || services.Store.ReadLog(index, 1) is not [{ } row]) return;
        var replaced = TaggedJson.Deserialize<LogRecord>(row.Leaf).Entry as SignedApplicationProfile;
        if (replaced?.Identifier != identifier) return;
        var before = SignedPayload.ReadUnverified<ApplicationProfile>(replaced.SignedData).Updated;
        if (before is { } previous && updated <= previous)
            throw new MeshException(MeshStatus.AlreadyExists,
                $"{identifier} is not later than the version it replaces: its Updated time ({Rfc3339Converter.Format(updated)}) must be after {Rfc3339Converter.Format(previous)}.");
    }

    private static void RequireBasedOnLatest(string? basedOn, string latest, string identifier)
    {
        if (basedOn != latest)
            throw new MeshException(MeshStatus.AlreadyExists,
                basedOn is null
                    ? $"{identifier} already exists (latest transaction {latest}); an update must say which version it is BasedOn."
                    : $"{identifier} has changed since version {basedOn} (latest transaction {latest}); fetch it again and reapply the change.");
    }
}
