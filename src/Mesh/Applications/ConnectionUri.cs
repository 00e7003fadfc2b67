// Draft section 5.6.1: connection parameters, here read from a URI such as imaps://mail.example.com.
// Service names and ports are IANA's (RFC 6335), the prefix the SRV label "_service._proto" of
// RFC 2782; TLS for mail as RFC 8314 (implicit TLS, "Direct") and RFC 3207/2595 (STARTTLS, "Upgrade").
using System.Diagnostics.CodeAnalysis;
using Mesh.Schema;

namespace Mesh.Applications;

/// <summary>The kind of service a connection URI must name.</summary>
public enum ConnectionKind
{
    /// <summary>Receiving mail: <c>imap</c>, <c>imaps</c>, <c>pop3</c>, <c>pop3s</c>.</summary>
    MailInbound,
    /// <summary>Sending mail: <c>submission</c>, <c>submissions</c>, <c>smtp</c>.</summary>
    MailOutbound,
    /// <summary>DNS resolution: <c>udp</c>, <c>tcp</c> (plain DNS), <c>tls</c> (DNS over TLS), <c>https</c> (DNS over HTTPS).</summary>
    Dns,
}

/// <summary>
/// Reads a service URI into a <see cref="Connection"/>: ServiceName is the host, Port the given or
/// default port, Prefix the SRV prefix of the scheme's IANA service, Security "Direct" (TLS from the
/// start), "Upgrade" (STARTTLS) or "None", and URI the URI in normal form. A user name may be given
/// as <c>user@host</c>; a password in the URI is refused (RFC 3986 section 3.2.1 deprecates it) and
/// belongs in <see cref="Connection.Password"/>.
/// </summary>
/// <remarks>
/// A mail URI with a STARTTLS scheme but the implicit-TLS port (<c>imap://host:993</c>,
/// <c>pop3://host:995</c>, <c>smtp://host:465</c>) means implicit TLS, as every mail client reads
/// it, so its Security is "Direct". Plain-text mail (no TLS) is never produced.
/// </remarks>
public static class ConnectionUri
{
    private sealed record Scheme(string Service, string Protocol, int Port, string Security, int? TlsPort = null, bool HasPath = false);

    private static readonly Dictionary<string, Scheme> MailInbound = new(StringComparer.Ordinal)
    {
        ["imap"] = new("imap", "tcp", 143, "Upgrade", TlsPort: 993),
        ["imaps"] = new("imaps", "tcp", 993, "Direct"),
        ["pop3"] = new("pop3", "tcp", 110, "Upgrade", TlsPort: 995),
        ["pop"] = new("pop3", "tcp", 110, "Upgrade", TlsPort: 995),
        ["pop3s"] = new("pop3s", "tcp", 995, "Direct"),
    };

    private static readonly Dictionary<string, Scheme> MailOutbound = new(StringComparer.Ordinal)
    {
        ["submission"] = new("submission", "tcp", 587, "Upgrade", TlsPort: 465),
        ["submissions"] = new("submissions", "tcp", 465, "Direct"),
        ["smtp"] = new("smtp", "tcp", 25, "Upgrade", TlsPort: 465),
    };

    private static readonly Dictionary<string, Scheme> Dns = new(StringComparer.Ordinal)
    {
        ["udp"] = new("domain", "udp", 53, "None"),
        ["tcp"] = new("domain", "tcp", 53, "None"),
        ["tls"] = new("domain-s", "tcp", 853, "Direct"),
        ["https"] = new("https", "tcp", 443, "Direct", HasPath: true),
    };

    /// <summary>The connection a URI describes; false with the reason when it is not a valid URI of that kind.</summary>
    public static bool TryParse([NotNullWhen(true)] string? uri, ConnectionKind kind, [NotNullWhen(true)] out Connection? connection, [NotNullWhen(false)] out string? error)
    {
        connection = null;
        var schemes = kind switch
        {
            ConnectionKind.MailInbound => MailInbound,
            ConnectionKind.MailOutbound => MailOutbound,
            ConnectionKind.Dns => Dns,
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        if (string.IsNullOrWhiteSpace(uri) || !System.Text.Ascii.IsValid(uri) || !Uri.TryCreate(uri, UriKind.Absolute, out var parsed))
        {
            error = $"'{uri}' is not an absolute URI in ASCII (write an internationalized host in punycode).";
            return false;
        }
        if (!schemes.TryGetValue(parsed.Scheme, out var scheme))
        {
            error = $"'{uri}': the scheme '{parsed.Scheme}' is not one of {string.Join(", ", schemes.Keys)}.";
            return false;
        }
        if (!CheckHost(parsed, out var host, out error) || !CheckRest(parsed, scheme, out error))
        {
            error = $"'{uri}': {error}";
            return false;
        }
        var user = parsed.UserInfo.Length == 0 ? null : Uri.UnescapeDataString(parsed.UserInfo);
        if (parsed.UserInfo.Contains(':', StringComparison.Ordinal))
        {
            error = $"'{uri}': a password does not belong in a URI; give it separately.";
            return false;
        }
        var port = parsed.Port == -1 ? scheme.Port : parsed.Port;
        var security = scheme.TlsPort == port ? "Direct" : scheme.Security;
        var authority = (user is null ? "" : parsed.UserInfo + "@") + (parsed.HostNameType == UriHostNameType.IPv6 ? $"[{host}]" : host);
        var path = scheme.HasPath ? parsed.AbsolutePath : "";
        connection = new Connection
        {
            ServiceName = host,
            Port = port,
            Prefix = $"_{scheme.Service}._{scheme.Protocol}",
            Security = [security],
            UserName = user,
            URI = $"{parsed.Scheme}://{authority}:{port}{path}",
        };
        return true;
    }

    /// <summary>The connection a URI describes; throws <see cref="ArgumentException"/> with the reason when it is not valid.</summary>
    public static Connection Parse(string uri, ConnectionKind kind) =>
        TryParse(uri, kind, out var connection, out var error) ? connection : throw new ArgumentException(error, nameof(uri));

    private static bool CheckHost(Uri uri, [NotNullWhen(true)] out string? host, [NotNullWhen(false)] out string? error)
    {
        host = null;
        error = null;
        switch (uri.HostNameType)
        {
            case UriHostNameType.IPv6:
                host = uri.IdnHost.Trim('[', ']');
                return true;
            case UriHostNameType.IPv4 or UriHostNameType.Dns:
                if (!SitePattern.TryNormalize(uri.Host, out host, out error) || SitePattern.IsWildcard(host))
                {
                    host = null;
                    error ??= "the host cannot be a wildcard.";
                    return false;
                }
                return true;
            default:
                error = "it names no valid host.";
                return false;
        }
    }

    private static bool CheckRest(Uri uri, Scheme scheme, [NotNullWhen(false)] out string? error)
    {
        error = null;
        if (uri.Port == 0) error = "port 0 is not a service port.";
        else if (uri.Query.Length > 0 || uri.Fragment.Length > 0) error = "a connection URI has no query or fragment.";
        else if (!scheme.HasPath && uri.AbsolutePath is not ("/" or "")) error = "this kind of URI has no path.";
        return error is null;
    }
}
