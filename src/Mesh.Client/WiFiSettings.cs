// Wi-Fi networks, this implementation's addition to the network profile (draft 5.9): kept in one
// network application of their own, beside the per-site DNS settings, so that adding a network
// never touches another application's sites.
using Mesh.Schema;

namespace Mesh.Client;

/// <summary>The Wi-Fi networks as a device read them.</summary>
/// <param name="Networks">the networks, by SSID</param>
/// <param name="StaleSince">when set, the portal could not be reached (since then) and the cache may be out of date</param>
public sealed record WiFiRead(IReadOnlyList<WiFiNetwork> Networks, DateTimeOffset? StaleSince);

/// <summary>The Wi-Fi networks of the profile, read and changed through a device.</summary>
public sealed class WiFiSettings(MeshDevice device)
{
    /// <summary>The security types CXF names (any other name is kept as given).</summary>
    public static IReadOnlyList<string> SecurityTypes { get; } = ["unsecured", "wpa-personal", "wpa2-personal", "wpa3-personal", "wep"];

    /// <summary>The networks of every network application this device may read (from the cache unless <paramref name="refresh"/>).</summary>
    public async Task<WiFiRead> ReadAsync(bool refresh = false, CancellationToken cancel = default)
    {
        var read = await device.ReadApplicationsAsync<NetworkProfile, NetworkProfilePrivate>(refresh, cancel).ConfigureAwait(false);
        return new WiFiRead([.. read.Applications.SelectMany(a => a.Private?.WiFi ?? []).DistinctBy(n => n.SSID, StringComparer.Ordinal)], read.StaleSince);
    }

    /// <summary>
    /// Adds networks, replacing those of the same SSID, in one change; returns how many replaced one
    /// (no change is published when every network is already there as given).
    /// </summary>
    /// <exception cref="ArgumentException">an SSID that is empty or longer than 32 bytes</exception>
    public async Task<(int Replaced, ApplicationChange? Change)> SetAsync(IReadOnlyList<WiFiNetwork> networks, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(networks);
        foreach (var network in networks) Validate(network);
        var replaced = 0;
        var change = await ChangeAsync(current =>
        {
            var fresh = networks.Where(n => !current.Contains(n)).ToList();
            replaced = fresh.Count(n => current.Any(c => c.SSID == n.SSID));
            return fresh.Count == 0 ? null : [.. current.Where(c => !fresh.Any(n => n.SSID == c.SSID)), .. fresh];
        }, cancel).ConfigureAwait(false);
        return (replaced, change);
    }

    /// <summary>Removes a network; 404 when no network has the SSID.</summary>
    public async Task<ApplicationChange> DeleteAsync(string ssid, CancellationToken cancel = default)
    {
        var change = await ChangeAsync(current => current.Any(c => c.SSID == ssid)
            ? [.. current.Where(c => c.SSID != ssid)]
            : throw new MeshException(MeshStatus.NotFound, $"No Wi-Fi network '{ssid}' is stored."), cancel).ConfigureAwait(false);
        return change!;
    }

    /// <summary>Throws <see cref="ArgumentException"/> for a network whose SSID is empty or longer than 802.11's 32 bytes.</summary>
    public static void Validate(WiFiNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (string.IsNullOrEmpty(network.SSID) || System.Text.Encoding.UTF8.GetByteCount(network.SSID) > 32)
            throw new ArgumentException($"'{network.SSID}' is not a Wi-Fi network name (1 to 32 bytes).", nameof(network));
    }

    // The networks live in the first network application that has some; else in one with nothing
    // (deleted, or never published); else in a new one. Never in one this device cannot read.
    private Task<ApplicationChange?> ChangeAsync(Func<IReadOnlyList<WiFiNetwork>, IReadOnlyList<WiFiNetwork>?> edit, CancellationToken cancel) =>
        device.ChangeApplicationAsync<NetworkProfile, NetworkProfilePrivate>(applications =>
        {
            var target = applications.FirstOrDefault(a => (a.Private?.WiFi ?? []).Count > 0)
                ?? applications.FirstOrDefault(a => a.Missing || (a.Private is { } p && (p.Sites ?? []).Count == 0 && (p.WiFi ?? []).Count == 0));
            var settings = target?.Private ?? new NetworkProfilePrivate();
            return edit(settings.WiFi ?? []) is { } networks ? new(target?.Identifier, new NetworkProfile(), settings with { WiFi = networks }) : null;
        }, MeshDevice.NetworkFriendly, cancel);
}
