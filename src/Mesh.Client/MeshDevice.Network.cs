// Draft section 5.9: network settings, one NetworkProfile application per set of site patterns.
using Mesh.Applications;
using Mesh.Schema;

namespace Mesh.Client;

/// <summary>Network settings of the profile.</summary>
/// <param name="ApplicationId">the application that holds them</param>
/// <param name="Settings">the settings, and the site patterns they apply to</param>
public sealed record StoredNetwork(string ApplicationId, NetworkProfilePrivate Settings);

/// <summary>The network settings as a device read them.</summary>
/// <param name="Networks">the settings</param>
/// <param name="StaleSince">when set, the portal could not be reached (since then) and the cache may be out of date</param>
/// <param name="Unreadable">why each network application this device cannot read is not shown</param>
public sealed record NetworksRead(IReadOnlyList<StoredNetwork> Networks, DateTimeOffset? StaleSince, IReadOnlyList<string> Unreadable);

public sealed partial class MeshDevice
{
    /// <summary>The friendly name of network applications (not the sites: the personal profile is public).</summary>
    public const string NetworkFriendly = "Network settings";

    /// <summary>The network settings this device may read (from the cache unless <paramref name="refresh"/>, as for passwords).</summary>
    public async Task<NetworksRead> ReadNetworksAsync(bool refresh = false, CancellationToken cancel = default)
    {
        var read = await ReadApplicationsAsync<NetworkProfile, NetworkProfilePrivate>(refresh, cancel).ConfigureAwait(false);
        return new NetworksRead([.. LiveNetworks(read.Applications)], read.StaleSince, [.. read.Applications.Select(a => a.Unreadable).OfType<string>()]);
    }

    /// <summary>The settings that list a site pattern (compared in normal form), or null.</summary>
    /// <exception cref="ArgumentException">the pattern is invalid</exception>
    public static StoredNetwork? FindNetwork(IEnumerable<StoredNetwork> networks, string sitePattern)
    {
        var pattern = SitePattern.Normalize(sitePattern);
        return networks.FirstOrDefault(n => (n.Settings.Sites ?? []).Any(s => SitePattern.TryNormalize(s, out var stored, out _) && stored == pattern));
    }

    /// <summary>
    /// Publishes settings (made with <see cref="NetworkSettings.Create"/>) for their site patterns.
    /// Settings that already list the first pattern are replaced, keeping every site they listed
    /// (the draft gives one set of settings to all of a profile's sites). Otherwise they go into a
    /// deleted application, or a new one (administering devices only).
    /// </summary>
    public async Task<ApplicationChange> SetNetworkAsync(NetworkProfilePrivate settings, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var site = settings.Sites is [var first, ..] ? first : throw new ArgumentException("The settings apply to no site.", nameof(settings));
        var change = await ChangeApplicationAsync<NetworkProfile, NetworkProfilePrivate>(applications =>
        {
            if (FindNetwork(LiveNetworks(applications), site) is { } existing)
                return new(existing.ApplicationId, new NetworkProfile(), settings with { Sites = [.. (existing.Settings.Sites ?? []).Union(settings.Sites, StringComparer.Ordinal)] });
            // A deleted application, or one never published; never one this device cannot read.
            var reusable = applications.FirstOrDefault(a => a.Missing || (a.Version is { } v && (v.Private.Sites ?? []).Count == 0 && (v.Private.WiFi ?? []).Count == 0));
            return new(reusable?.Identifier, new NetworkProfile(), settings);
        }, NetworkFriendly, cancel).ConfigureAwait(false);
        return change!;
    }

    /// <summary>
    /// Removes a site pattern from the settings that list it; settings left with no site stay as an
    /// empty version, to be reused. 404 when no settings list it.
    /// </summary>
    public async Task<ApplicationChange> DeleteNetworkAsync(string sitePattern, CancellationToken cancel = default)
    {
        SitePattern.Normalize(sitePattern);
        var change = await ChangeApplicationAsync<NetworkProfile, NetworkProfilePrivate>(applications =>
        {
            var found = FindNetwork(LiveNetworks(applications), sitePattern)
                ?? throw new MeshException(MeshStatus.NotFound, $"No network settings apply to {sitePattern}.");
            return new(found.ApplicationId, new NetworkProfile(), NetworkSettings.RemoveSite(found.Settings, sitePattern));
        }, NetworkFriendly, cancel).ConfigureAwait(false);
        return change!;
    }

    private static IEnumerable<StoredNetwork> LiveNetworks(IEnumerable<StoredApplication<NetworkProfile, NetworkProfilePrivate>> applications) =>
        applications.Where(a => (a.Version?.Private.Sites ?? []).Count > 0).Select(a => new StoredNetwork(a.Identifier, a.Version!.Private));
}
