// OpenSSH's known_hosts format (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"): host patterns, key type,
// base64 key, optional comment; host names optionally hashed as |1|salt|HMAC-SHA1(salt, host).
using System.Security.Cryptography;

namespace Mesh.Ssh;

/// <summary>A line of a known_hosts file: the host names it is for and the host key.</summary>
/// <param name="Hosts">the host names (plain, <c>[host]:port</c>, or hashed <c>|1|…|…</c>)</param>
/// <param name="Key">the host key</param>
public sealed record KnownHostLine(IReadOnlyList<string> Hosts, SshPublicKey Key);

/// <summary>A line of a known_hosts file that was not read, and why.</summary>
/// <param name="Line">its 1-based line number</param>
/// <param name="Reason">why it was not read</param>
public sealed record KnownHostProblem(int Line, string Reason);

/// <summary>Reads and writes OpenSSH known_hosts lines.</summary>
public static class KnownHosts
{
    /// <summary>
    /// The host name as known_hosts writes it: lower case, and <c>[host]:port</c> for a port other than 22.
    /// Throws <see cref="ArgumentException"/> for a name with spaces, commas or wildcard characters, or a bad port.
    /// </summary>
    public static string Normalize(string host, int port = 22)
    {
        ArgumentNullException.ThrowIfNull(host);
        var name = host.Trim().ToLowerInvariant();
        if (name.StartsWith('[') && name.IndexOf("]:", StringComparison.Ordinal) is var close and > 0
            && int.TryParse(name[(close + 2)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var given))
            (name, port) = (name[1..close], given);
        if (name.Length == 0 || name.Length > 253 || name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is ',' or '*' or '?' or '!' or '[' or ']' or '|' or '#'))
            throw new ArgumentException($"'{host}' is not a host name or address.", nameof(host));
        if (port is < 1 or > 65535) throw new ArgumentException($"{port} is not a TCP port.", nameof(port));
        return port == 22 ? name : $"[{name}]:{port}";
    }

    /// <summary>Whether a known_hosts host entry (plain or hashed) names the host (in <see cref="Normalize"/>d form).</summary>
    public static bool Names(string entry, string normalizedHost)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!entry.StartsWith("|1|", StringComparison.Ordinal)) return string.Equals(entry, normalizedHost, StringComparison.OrdinalIgnoreCase);
        var parts = entry.Split('|');
        try
        {
            return parts.Length == 4 && CryptographicOperations.FixedTimeEquals(
                HostHash(Convert.FromBase64String(parts[2]), System.Text.Encoding.UTF8.GetBytes(normalizedHost)), Convert.FromBase64String(parts[3]));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The lines of a known_hosts file that hold a plain host key, and every other line (markers, bad keys) as a problem; blank lines and comments are skipped.</summary>
    public static (IReadOnlyList<KnownHostLine> Lines, IReadOnlyList<KnownHostProblem> Problems) Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = new List<KnownHostLine>();
        var problems = new List<KnownHostProblem>();
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (line.StartsWith('@'))
            {
                problems.Add(new(number, $"{line.Split(' ')[0]} lines are not kept (only plain host keys are)."));
                continue;
            }
            var fields = line.Split([' ', '\t'], 2, StringSplitOptions.RemoveEmptyEntries);
            string? error = "A known_hosts line is HOSTS TYPE KEY.";
            SshPublicKey? key = null;
            if (fields.Length < 2 || !SshPublicKey.TryParseLine(fields[1], out key, out _, out error))
            {
                problems.Add(new(number, error!));
                continue;
            }
            var hosts = fields[0].Split(',', StringSplitOptions.RemoveEmptyEntries);
            if (hosts.Any(h => h.StartsWith('!') || h.Contains('*', StringComparison.Ordinal) || h.Contains('?', StringComparison.Ordinal)))
            {
                problems.Add(new(number, "Host patterns with wildcards or negation are not kept."));
                continue;
            }
            try
            {
                lines.Add(new([.. hosts.Select(h => h.StartsWith('|') ? h : Normalize(h))], key!));
            }
            catch (ArgumentException e)
            {
                problems.Add(new(number, e.Reason()));
            }
        }
        return (lines, problems);
    }

    // OpenSSH's hashed host names are HMAC-SHA1: fixed by the file format, not chosen here.
#pragma warning disable CA5350
    private static byte[] HostHash(byte[] salt, byte[] host) => HMACSHA1.HashData(salt, host);
#pragma warning restore CA5350

    /// <summary>
    /// The known_hosts line for a host key: its hosts comma-separated, or with <paramref name="hashed"/>
    /// one line per host with the name hashed under a fresh salt (as <c>ssh-keygen -H</c>).
    /// </summary>
    public static IEnumerable<string> Format(KnownHostLine entry, bool hashed)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!hashed)
        {
            yield return $"{string.Join(',', entry.Hosts)} {entry.Key.ToLine()}";
            yield break;
        }
        foreach (var host in entry.Hosts)
        {
            if (host.StartsWith("|1|", StringComparison.Ordinal))
            {
                yield return $"{host} {entry.Key.ToLine()}";
                continue;
            }
            var salt = RandomNumberGenerator.GetBytes(20);
            var hash = HostHash(salt, System.Text.Encoding.UTF8.GetBytes(host));
            yield return $"|1|{Convert.ToBase64String(salt)}|{Convert.ToBase64String(hash)} {entry.Key.ToLine()}";
        }
    }
}
