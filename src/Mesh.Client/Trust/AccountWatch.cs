using Mesh.Client.Home;
using Mesh.Client.Portal;
using Mesh.Cryptography;
using Mesh.Merkle;
using Mesh.Profiles;
using Mesh.Protocol;
using Mesh.Schema;
using Mesh.Schema.Json;

namespace Mesh.Client.Trust;

/// <summary>One change to an account found in the portal's log.</summary>
/// <param name="Index">its log index</param>
/// <param name="Transaction">the transaction that logged it</param>
/// <param name="Published">when the portal says it accepted it</param>
/// <param name="Kind">profile, application, escrow, connection-request, connection-result or entry</param>
/// <param name="Description">what changed, in a sentence</param>
public sealed record WatchedChange(long Index, string Transaction, DateTimeOffset? Published, string Kind, string Description);

/// <summary>What one read of the log for an account found.</summary>
/// <param name="Checkpoint">the verified checkpoint read to</param>
/// <param name="From">the log index the read started at</param>
/// <param name="Changes">the account's changes in between, in log order</param>
public sealed record WatchReport(Checkpoint Checkpoint, long From, IReadOnlyList<WatchedChange> Changes);

/// <summary>
/// A monitor of one account (the use of a Certificate Transparency monitor: know when someone changes your profile): reads
/// the portal's log from where the last read stopped to its latest checkpoint, proving that the entries add up to it
/// (<see cref="LogAudit"/>), checks every entry of the account against its chain of trust (<see cref="AccountHistory"/>),
/// and reports each: a new version of the profile and which devices it adds or removes, an application version and
/// which device signed it, an escrow entry, a connection request or its answer. Anyone can watch any account: the log is
/// public. Where it stopped is kept in the home's <c>state.json</c>.
/// </summary>
public sealed class AccountWatch(DeviceHome home, DeviceTrust trust, VerificationCache cache, TimeProvider clock)
{
    /// <summary>Reads the log of <paramref name="client"/>'s portal for <paramref name="account"/> from where the last read stopped.</summary>
    /// <exception cref="MeshException">the portal's misbehaviour: entries that do not add up, an entry its owner did not sign</exception>
    public async Task<WatchReport> ReadAsync(PortalClient client, string account, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(account);
        account = account.ToLowerInvariant();
        var now = clock.GetUtcNow();
        var point = home.ReadState().Watches?.GetValueOrDefault(account);
        var history = new AccountHistory(client.Portal, account, now, cache);
        if (point?.Profile is { } kept) history.Resume(ProfileVerifier.Verify(System.Text.Encoding.UTF8.GetBytes(kept), null, now, cache), point.Removed);
        var frontier = point is null ? new MerkleFrontier() : new MerkleFrontier(point.Size, point.Frontier);
        var changes = new List<WatchedChange>();
        var audit = await LogAudit.WalkAsync(client, trust, account, frontier, cancel, (index, leaf) =>
        {
            var before = history.Profile;
            history.Add(index, leaf);
            if (Describe(client.Portal, account, index, leaf, before, history.Profile) is { } change) changes.Add(change);
        }).ConfigureAwait(false);

        var state = home.ReadState();
        var watches = state.Watches ?? new Dictionary<string, WatchPoint>(StringComparer.OrdinalIgnoreCase);
        watches[account] = new WatchPoint(audit.Frontier.Size, [.. audit.Frontier.Hashes()],
            history.Profile is null ? null : System.Text.Encoding.UTF8.GetString(TaggedJson.Serialize(history.Profile.SignedForm)), [.. history.Removed]);
        home.WriteState(state with { Watches = watches });
        return new WatchReport(audit.Checkpoint, frontier.Size, changes);
    }

    // The change an entry of the account makes, or null for another account's entry.
    private static WatchedChange? Describe(string portal, string account, long index, byte[] leaf, VerifiedPersonalProfile? before, VerifiedPersonalProfile? after)
    {
        LogRecord record;
        try
        {
            record = TaggedJson.Deserialize<LogRecord>(leaf);
        }
        catch (MeshException)
        {
            return null;
        }
        if (!string.Equals(record.Account, account, StringComparison.OrdinalIgnoreCase)) return null;
        var (kind, what) = record.Entry switch
        {
            AccountProfile { Profile: not null } when after is not null => ("profile", ProfileChange(before, after)),
            AccountProfile bound => ("profile", $"the account's status is now {bound.Status ?? "unset"}"),
            SignedApplicationProfile application => ("application", $"a new version of application {application.Identifier}"
                + (after?.FindApplication(application.Identifier) is null ? " (not in the profile)" : "")),
            EscrowEntry escrow => ("escrow", $"an escrow entry {escrow.Identifier}: the master key's shares can recover the account"),
            SignedConnectionRequest request => ("connection-request", $"a device asked to connect ({request.Identifier})"),
            SignedConnectionResult result => ("connection-result", $"an administering device answered a connection request ({result.Identifier})"),
            Entry entry => ("entry", $"{entry.GetType().Name} {entry.Identifier}"),
            _ => ("entry", "an entry of a kind this client does not read"),
        };
        return new WatchedChange(index, TransactionIds.Format(index, portal), record.Published, kind, what);
    }

    private static string ProfileChange(VerifiedPersonalProfile? before, VerifiedPersonalProfile after)
    {
        if (before is null) return $"the account's first profile, master key {after.Identifier}, with {Devices(after.Devices)}";
        var added = after.Devices.Where(d => before.FindDevice(d.Identifier) is null).ToList();
        var removed = before.Devices.Where(d => after.FindDevice(d.Identifier) is null).ToList();
        var parts = new List<string>();
        if (added.Count > 0) parts.Add($"adds {Devices(added)}");
        if (removed.Count > 0) parts.Add($"removes {Devices(removed)}");
        var apps = after.Applications.Count - before.Applications.Count;
        if (apps != 0) parts.Add(apps > 0 ? $"adds {apps} application(s)" : $"removes {-apps} application(s)");
        return $"a new version of the profile, signed by online key {after.Signer.Udf()}" + (parts.Count == 0 ? "" : ": " + string.Join(", ", parts));
    }

    private static string Devices(IEnumerable<VerifiedDevice> devices) =>
        string.Join(", ", devices.Select(d => $"device {d.Identifier} ({d.Profile.Description ?? "no description"})"));
}
