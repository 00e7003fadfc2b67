using Mesh.Applications;
using Mesh.Profiles;
using Mesh.Protocol;
using Mesh.Schema;
using Mesh.Schema.Json;

namespace Mesh.Client.Trust;

/// <summary>
/// The chain of trust of every entry of an account in a copy of the portal's log, in log order: each version
/// of its personal profile follows from the one before (same master key, later, signed by an online key,
/// never listing a device an earlier version removed), and each application version is signed by a device
/// that the profile of that moment allows to sign it. A portal can append only what the owner signed.
/// </summary>
public sealed class AccountHistory(string portal, string account, DateTimeOffset now, VerificationCache cache)
{
    private readonly HashSet<string> _removed = new(StringComparer.OrdinalIgnoreCase);
    private VerifiedPersonalProfile? _profile;

    /// <summary>The profile versions and application versions checked so far.</summary>
    public int Verified { get; private set; }

    /// <summary>The account's latest profile as checked, or null before its first version.</summary>
    public VerifiedPersonalProfile? Profile => _profile;

    /// <summary>The devices a checked version of the profile removed: no later version may list them.</summary>
    public IReadOnlyCollection<string> Removed => _removed;

    /// <summary>Continues the history from a version of the profile checked before, and the devices removed up to it.</summary>
    public void Resume(VerifiedPersonalProfile profile, IEnumerable<string> removed)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(removed);
        _profile = profile;
        _removed.UnionWith(removed);
    }

    /// <summary>Checks the log entry at <paramref name="index"/> (its exact leaf) when it is the account's; others are skipped.</summary>
    /// <exception cref="MeshException">the portal's misbehaviour: an entry of the account that its owner did not sign in order</exception>
    public void Add(long index, byte[] leaf)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        LogRecord record;
        try
        {
            record = TaggedJson.Deserialize<LogRecord>(leaf);
        }
        catch (MeshException)
        {
            return;
        }
        if (!string.Equals(record.Account, account, StringComparison.OrdinalIgnoreCase)) return;
        var transaction = TransactionIds.Format(index, portal);
        switch (record.Entry)
        {
            case AccountProfile { Profile: { } signed }:
                VerifiedPersonalProfile next;
                try
                {
                    next = ProfileVerifier.Verify(TaggedJson.Serialize(signed), _profile, now, cache);
                }
                catch (MeshException e)
                {
                    throw PortalMisbehavior.Error(portal, $"Its log entry {transaction}, a version of {account}'s profile, does not follow from the one before: {e.Message}");
                }
                if (next.Devices.FirstOrDefault(d => _removed.Contains(d.Identifier)) is { } back)
                    throw PortalMisbehavior.Error(portal, $"Its log entry {transaction}, a version of {account}'s profile, lists device {back.Identifier}, which an earlier version removed.");
                foreach (var gone in _profile?.Devices.Where(d => next.FindDevice(d.Identifier) is null) ?? []) _removed.Add(gone.Identifier);
                _profile = next;
                Verified++;
                break;
            case SignedApplicationProfile application:
                try
                {
                    ApplicationProfiles.VerifySigned(_profile ?? throw new MeshException("No version of the profile comes before it."), application);
                }
                catch (MeshException e)
                {
                    throw PortalMisbehavior.Error(portal, $"Its log entry {transaction}, a version of {account}'s application {application.Identifier}, was not signed by a device allowed to: {e.Message}");
                }
                Verified++;
                break;
        }
    }
}
