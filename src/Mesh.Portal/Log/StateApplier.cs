using Mesh.Portal.Storage;
using Mesh.Profiles;
using Mesh.Schema;

namespace Mesh.Portal.Log;

/// <summary>
/// Derives the portal's state (draft section 8: accounts, their profiles, published entries,
/// pending connections) from one log record. The same code runs when a record is appended and
/// when the state is rebuilt from the log, so the two cannot differ.
/// </summary>
public static class StateApplier
{
    /// <summary>Applies the record at <paramref name="index"/> to the derived state.</summary>
    public static void Apply(IWriteTransaction tx, long index, LogRecord record)
    {
        ArgumentNullException.ThrowIfNull(tx);
        ArgumentNullException.ThrowIfNull(record);
        var published = record.Published ?? throw new InvalidOperationException($"Log record {index} has no time.");
        switch (record.Entry)
        {
            case AccountProfile account:
                tx.PutAccount(new AccountRow(account.AccountID!, account.UserProfileUDF!, account.Status!, index, account.Created ?? published));
                if (account.Profile is { } profile)
                {
                    tx.PutEntryVersion(new EntryVersionRow(profile.Identifier!, account.AccountID, nameof(SignedPersonalProfile), index, published));
                    IndexNames(tx, profile.Identifier!, SignedPayload.ReadUnverified<PersonalProfile>(profile.SignedData).Names);
                }
                break;
            case SignedConnectionRequest request:
                var asking = SignedPayload.ReadUnverified<ConnectionRequest>(request.SignedData).Device!.Identifier!;
                tx.PutConnection(new ConnectionRow(record.Account!, asking, index, null, published));
                break;
            case SignedConnectionResult result:
                var answered = SignedPayload.ReadUnverified<ConnectionResult>(result.SignedData).Device!.Identifier!;
                var connection = tx.FindConnection(record.Account!, answered)
                    ?? throw new InvalidOperationException($"Log record {index} answers a request that is not in the log.");
                tx.PutConnection(connection with { ResultIndex = index });
                break;
            case Entry entry:
                tx.PutEntryVersion(new EntryVersionRow(entry.Identifier!, record.Account, entry.GetType().Name, index, published));
                if (entry is SignedApplicationProfile application)
                    IndexNames(tx, entry.Identifier!, SignedPayload.ReadUnverified<Profile>(application.SignedData).Names);
                break;
            default:
                throw new InvalidOperationException($"Log record {index} holds a {record.Entry?.GetType().Name ?? "nothing"}.");
        }
    }

    private static void IndexNames(IWriteTransaction tx, string identifier, IReadOnlyList<string>? names)
    {
        foreach (var name in names ?? []) tx.PutTerm(name, identifier);
    }
}
