// Publishes the changes to mail, network and SSH settings that this device made while the portal
// could not be reached (OfflineJournal.Applications), each application's merged onto its latest
// version, when the portal answers again (mesh sync).
using Mesh.Schema;
using Mesh.Schema.Json;

namespace Mesh.Client;

/// <summary>The journaled changes of applications other than passwords, published.</summary>
public sealed class OfflineApplications(MeshDevice device)
{
    /// <summary>
    /// Publishes every application's journaled changes, one version per application; returns what
    /// each published (none when the latest version already held them). Unreachable again: they stay.
    /// </summary>
    public async Task<IReadOnlyList<ApplicationChange>> PublishAsync(CancellationToken cancel = default)
    {
        var published = new List<ApplicationChange>();
        foreach (var records in device.Journal.Applications.GroupBy(r => (r.Type, r.ApplicationId)).Select(g => g.ToList()).ToList())
        {
            var change = records[0].Type switch
            {
                nameof(NetworkProfile) => await ReplayAsync(records, () => new NetworkProfile(), (Func<string, NetworkProfilePrivate>)Parse<NetworkProfilePrivate>, cancel).ConfigureAwait(false),
                nameof(MailProfile) => await ReplayAsync(records, () => new MailProfile(), (Func<string, MailProfilePrivate>)Parse<MailProfilePrivate>, cancel).ConfigureAwait(false),
                nameof(SshProfile) => await ReplayAsync(records, () => new SshProfile(), (Func<string, SshProfilePrivate>)Parse<SshProfilePrivate>, cancel).ConfigureAwait(false),
                var type => throw new MeshException($"The journal holds a change to a {type}, which this version of mesh cannot publish."),
            };
            if (change is not null) published.Add(change);
        }
        return published;
    }

    private async Task<ApplicationChange?> ReplayAsync<TProfile, TPrivate>(List<ApplicationRecord> records, Func<TProfile> make, Func<string, TPrivate> parse,
        CancellationToken cancel)
        where TProfile : ApplicationProfile
        where TPrivate : class
    {
        var id = records[0].ApplicationId;
        var change = await device.ChangeOrJournalAsync<TProfile, TPrivate>(_ =>
        {
            // From the latest version as published, not as this device shows it with the journal applied.
            var latest = id is null ? null : device.ReadCachedApplications<TProfile, TPrivate>(withJournal: false).FirstOrDefault(a => a.Identifier == id);
            if (latest?.Unreadable is { } reason) throw new MeshException(MeshStatus.ClientUnauthorized, reason);
            var current = latest?.Private is { } p ? TaggedJson.SerializeToString(p) : null;
            var merged = OfflineJournal.Overlay(current, records)!;
            return merged == current ? null : new ApplicationEdit<TProfile, TPrivate>(id, make(), parse(merged));
        }, records[0].Friendly, keepOffline: false, cancel).ConfigureAwait(false);
        device.Journal.Remove(records);
        return change;
    }

    private static T Parse<T>(string json) where T : class => TaggedJson.Deserialize<T>(json);
}
