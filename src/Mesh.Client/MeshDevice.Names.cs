// Draft 5.1.3 Names: index terms as fingerprints.
using Mesh.Profiles;
using Mesh.Schema;
using Mesh.Schema.Json;

namespace Mesh.Client;

public sealed partial class MeshDevice
{
    /// <summary>
    /// Lists the fingerprint of <paramref name="term"/> (say a mail address) in the profile's Names,
    /// so that people who know the term can find the profile; the portal never sees the term.
    /// An administering device only. Returns the fingerprint.
    /// </summary>
    public async Task<string> AddNameAsync(string term, CancellationToken cancel = default)
    {
        var fingerprint = IndexTerms.Fingerprint(term);
        using var client = await ConnectAsync(Account, cancel).ConfigureAwait(false);
        await SyncAsync(cancel).ConfigureAwait(false);
        await UpdateProfileAsync(client, current =>
            (current.Profile.Names ?? []).Contains(fingerprint)
                ? null
                : PersonalProfiles.Sign(current.Profile with
                {
                    Names = [.. current.Profile.Names ?? [], fingerprint],
                    Updated = PersonalProfiles.NextUpdated(current.Updated, Clock.GetUtcNow()),
                }, OnlineKey), cancel).ConfigureAwait(false);
        return fingerprint;
    }

    /// <summary>
    /// Finds the profile listing a term at a portal, given as <paramref name="termAtPortal"/>
    /// (TERM@PORTAL: the term is everything before the last '@'), verifies its chain of trust and returns it.
    /// </summary>
    public async Task<VerifiedPersonalProfile> FindAsync(string termAtPortal, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(termAtPortal);
        var at = termAtPortal.LastIndexOf('@');
        if (at <= 0) throw new MeshException($"'{termAtPortal}' must be TERM@PORTAL, e.g. alice@example.com@example.com or alice@example.com for the portal example.com.");
        var term = termAtPortal[..at];
        using var client = await ConnectAsync(termAtPortal, cancel).ConfigureAwait(false);
        var get = await client.SendAsync<GetResponse>(new GetRequest { KeyValues = [new KeyValue { Key = "Name", Value = IndexTerms.Fingerprint(term) }] }, cancel).ConfigureAwait(false);
        var found = get.DataItems?.Select(d => d.Entry).OfType<SignedPersonalProfile>().FirstOrDefault()
            ?? throw new MeshException(MeshStatus.NotFound, $"No profile at {client.Portal} lists '{term}'.");
        return ProfileVerifier.Verify(TaggedJson.Serialize(found), null, Clock.GetUtcNow());
    }
}
