// Draft section 5.9: the private part of a network profile: the sites it applies to, the DNS
// resolvers (5.6.1 connections), search prefixes, and the Web PKI roots to trust.
using System.Diagnostics.CodeAnalysis;
using Mesh.Schema;

namespace Mesh.Applications;

/// <summary>
/// Makes and edits <see cref="NetworkProfilePrivate"/> values, and finds the one that applies to a
/// site. Sites are <see cref="SitePattern"/>s in normal form; DNS resolvers are given as URIs
/// (<c>udp://1.1.1.1:53</c>, <c>tls://dns.example:853</c>, <c>https://dns.example/dns-query</c>, see
/// <see cref="ConnectionUri"/>); prefixes are exact DNS names; WebPKI entries must be content-digest
/// UDFs (of key or certificate fingerprints). The CTL is carried as opaque bytes: the draft does not
/// define its format.
/// </summary>
public static class NetworkSettings
{
    /// <summary>Network settings for the sites; throws <see cref="ArgumentException"/> when a value is invalid.</summary>
    public static NetworkProfilePrivate Create(IEnumerable<string> sites, IEnumerable<string> dns,
        IEnumerable<string>? prefixes = null, IEnumerable<string>? webPki = null, byte[]? ctl = null)
    {
        ArgumentNullException.ThrowIfNull(sites);
        ArgumentNullException.ThrowIfNull(dns);
        var settings = new NetworkProfilePrivate
        {
            Sites = [.. sites.Select(SitePattern.Normalize).Distinct(StringComparer.Ordinal)],
            DNS = [.. dns.Select(u => ConnectionUri.Parse(u, ConnectionKind.Dns))],
            Prefix = [.. (prefixes ?? []).Select(NormalizePrefix)],
            WebPKI = [.. (webPki ?? []).Select(CheckFingerprint)],
            CTL = ctl is null ? null : (byte[])ctl.Clone(),
        };
        if (settings.Sites.Count == 0) throw new ArgumentException("Network settings apply to at least one site.", nameof(sites));
        return settings;
    }

    /// <summary>The settings with one more site pattern (unchanged when it is there already).</summary>
    /// <exception cref="ArgumentException">the pattern is invalid</exception>
    public static NetworkProfilePrivate AddSite(NetworkProfilePrivate settings, string site)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var pattern = SitePattern.Normalize(site);
        return SitePattern.Lists(settings.Sites, pattern) ? settings : settings with { Sites = [.. settings.Sites ?? [], pattern] };
    }

    /// <summary>The settings without a site pattern (compared in normal form).</summary>
    /// <exception cref="ArgumentException">the pattern is invalid</exception>
    public static NetworkProfilePrivate RemoveSite(NetworkProfilePrivate settings, string site)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var pattern = SitePattern.Normalize(site);
        return settings with { Sites = [.. (settings.Sites ?? []).Where(s => !SitePattern.IsSame(s, pattern))] };
    }

    /// <summary>Whether one of the settings' site patterns matches the host name.</summary>
    public static bool AppliesTo(NetworkProfilePrivate settings, string host)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return SitePattern.BestMatch(settings.Sites, host) >= 0;
    }

    /// <summary>
    /// Of several network settings, the one for a host name: the one with an exact pattern for it,
    /// else the one whose matching wildcard has the longest base name; null when none applies.
    /// Among equally specific ones, the first given wins.
    /// </summary>
    public static NetworkProfilePrivate? Find(IEnumerable<NetworkProfilePrivate> candidates, string host)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        NetworkProfilePrivate? best = null;
        var bestScore = -1;
        foreach (var settings in candidates)
        {
            var score = SitePattern.BestMatch(settings.Sites, host);
            if (score > bestScore) (best, bestScore) = (settings, score);
        }
        return best;
    }

    /// <summary>
    /// Checks settings read from a stored profile: every site pattern, DNS connection port and name,
    /// prefix and WebPKI fingerprint; false with the first problem.
    /// </summary>
    public static bool TryValidate(NetworkProfilePrivate settings, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(settings);
        error = (settings.Sites ?? []).Where(s => !SitePattern.IsValid(s)).Select(s => $"'{s}' is not a valid site pattern.")
            .Concat((settings.DNS ?? []).Where(c => c.Port is not (> 0 and <= 65535) || !IsHost(c.ServiceName))
                .Select(c => $"The DNS service '{c.ServiceName}' port {c.Port} is not a valid host and port."))
            .Concat((settings.Prefix ?? []).Where(p => !IsHost(p)).Select(p => $"The prefix '{p}' is not a DNS name."))
            .Concat((settings.WebPKI ?? []).Where(f => !IsFingerprint(f)).Select(f => $"The WebPKI entry '{f}' is not a UDF fingerprint."))
            .FirstOrDefault();
        return error is null;
    }

    private static string NormalizePrefix(string prefix) =>
        SitePattern.TryNormalize(prefix, out var name, out var error) && !SitePattern.IsWildcard(name)
            ? name
            : throw new ArgumentException(error ?? $"The prefix '{prefix}' cannot be a wildcard.", nameof(prefix));

    private static string CheckFingerprint(string fingerprint) => IsFingerprint(fingerprint)
        ? fingerprint
        : throw new ArgumentException($"'{fingerprint}' is not a UDF fingerprint (an M- or K-type UDF).", nameof(fingerprint));

    private static bool IsFingerprint(string? text) => Udf.TryParse(text, out var udf) && udf.Type is UdfType.DigestSha2 or UdfType.DigestSha3;

    private static bool IsHost(string? name) =>
        System.Net.IPAddress.TryParse(name, out _) || (SitePattern.TryNormalize(name, out var n, out _) && !SitePattern.IsWildcard(n));
}
