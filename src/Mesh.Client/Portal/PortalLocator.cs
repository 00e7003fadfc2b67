using System.Net;
using DnsClient;

namespace Mesh.Client.Portal;

/// <summary>
/// Finds a portal's address (NOTES.md section 6): an explicit URL (<c>--portal-url</c> or
/// <c>MESH_PORTAL_URL</c>) wins; else the SRV record <c>_mmm._tcp.PORTAL</c>; else
/// <c>https://PORTAL/</c>. Plain HTTP is refused unless the host is a loopback address or the
/// URL was named explicitly.
/// </summary>
public static class PortalLocator
{
    /// <summary>The environment variable that overrides discovery.</summary>
    public const string UrlVariable = "MESH_PORTAL_URL";

    /// <summary>The portal part of an account, NAME@PORTAL; throws <see cref="MeshException"/> when there is none.</summary>
    public static string PortalOf(string account)
    {
        ArgumentNullException.ThrowIfNull(account);
        var at = account.LastIndexOf('@');
        return at > 0 && at < account.Length - 1
            ? account[(at + 1)..].ToLowerInvariant()
            : throw new MeshException($"'{account}' is not an account: write it NAME@PORTAL, e.g. alice@example.com.");
    }

    /// <summary>The base URL of <paramref name="portal"/>.</summary>
    public static async Task<Uri> LocateAsync(string portal, string? explicitUrl, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(portal);
        var named = !string.IsNullOrEmpty(explicitUrl) ? explicitUrl : Environment.GetEnvironmentVariable(UrlVariable);
        if (!string.IsNullOrEmpty(named)) return Check(named, explicitlyNamed: true);
        try
        {
            var dns = new LookupClient(new LookupClientOptions { Timeout = TimeSpan.FromSeconds(3), Retries = 1, UseCache = true });
            var answer = await dns.QueryAsync($"_mmm._tcp.{portal}", QueryType.SRV, cancellationToken: cancel).ConfigureAwait(false);
            var srv = answer.Answers.SrvRecords().OrderBy(r => r.Priority).ThenByDescending(r => r.Weight).FirstOrDefault();
            if (srv is not null) return Check($"https://{srv.Target.Value.TrimEnd('.')}:{srv.Port}/", explicitlyNamed: false);
        }
        catch (DnsResponseException)
        {
            // No SRV record reachable: fall back to the well-known address.
        }
        return Check($"https://{portal}/", explicitlyNamed: false);
    }

    /// <summary>Checks a portal URL: absolute http(s); plain http only to loopback or when named explicitly.</summary>
    public static Uri Check(string url, bool explicitlyNamed)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            throw new MeshException($"'{url}' is not an http or https URL.");
        if (uri.Scheme == Uri.UriSchemeHttp && !explicitlyNamed && !IsLoopback(uri))
            throw new MeshException($"Refusing plain HTTP to {uri.Host}: only loopback addresses, or a URL you name with --portal-url, may use http.");
        return uri;
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var address) && IPAddress.IsLoopback(address));
}
