// Draft sections 5.7.3 and 5.9.2: site names, where "*.example.com matches www.example.com etc.".
using System.Diagnostics.CodeAnalysis;

namespace Mesh.Applications;

/// <summary>
/// Site patterns of password and network profiles: an exact DNS name (<c>www.example.com</c>) or a
/// wildcard (<c>*.example.com</c>) that matches every name below the base name, at any depth, but
/// not the base name itself. Names are compared case-insensitively (DNS names are) after one
/// trailing dot is dropped.
/// </summary>
/// <remarks>
/// Accepted: names of LDH labels (letters, digits, hyphen; 1 to 63 characters, no hyphen at either
/// end; 253 characters in all), an internationalized name written in punycode (<c>xn--</c> labels),
/// and a dotted-quad IPv4 address as an exact name. Refused: any other character, a <c>*</c>
/// anywhere but as the whole first label, and a wildcard over a single label (<c>*</c>, <c>*.com</c>),
/// which would match every site under a top-level domain. A wildcard over a public suffix such as
/// <c>*.co.uk</c> cannot be told apart without the Public Suffix List, which this code does not carry.
/// </remarks>
public static class SitePattern
{
    /// <summary>The longest DNS name (RFC 1035 section 2.3.4, without the final dot).</summary>
    public const int MaxLength = 253;

    private const int MaxLabelLength = 63;
    private const string WildcardPrefix = "*.";

    /// <summary>The normal form of a pattern (lower case, no trailing dot); false with the reason when it is invalid.</summary>
    public static bool TryNormalize([NotNullWhen(true)] string? pattern, [NotNullWhen(true)] out string? normalized, [NotNullWhen(false)] out string? error)
    {
        normalized = null;
        if (string.IsNullOrEmpty(pattern))
        {
            error = "A site name is empty.";
            return false;
        }
        if (!System.Text.Ascii.IsValid(pattern))
        {
            error = $"'{pattern}' has characters outside ASCII; write an internationalized name in punycode (xn--...).";
            return false;
        }
        var text = pattern.ToLowerInvariant();
        if (text.EndsWith('.')) text = text[..^1];
        var wildcard = text.StartsWith(WildcardPrefix, StringComparison.Ordinal);
        var name = wildcard ? text[WildcardPrefix.Length..] : text;
        if (!CheckName(name, wildcard, out error))
        {
            error = $"'{pattern}' is not a valid site name: {error}";
            return false;
        }
        normalized = text;
        return true;
    }

    /// <summary>The normal form of a pattern; throws <see cref="ArgumentException"/> when it is invalid.</summary>
    public static string Normalize(string pattern) =>
        TryNormalize(pattern, out var normalized, out var error) ? normalized : throw new ArgumentException(error, nameof(pattern));

    /// <summary>Whether the pattern is valid.</summary>
    public static bool IsValid([NotNullWhen(true)] string? pattern) => TryNormalize(pattern, out _, out _);

    /// <summary>Whether the pattern is a wildcard (<c>*.</c> followed by a name).</summary>
    public static bool IsWildcard(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return pattern.StartsWith(WildcardPrefix, StringComparison.Ordinal);
    }

    /// <summary>
    /// Whether <paramref name="pattern"/> matches the exact name <paramref name="host"/> (a name, not a
    /// pattern, without scheme or port). False when either is invalid.
    /// </summary>
    public static bool Matches(string? pattern, string? host)
    {
        return TryNormalizeHost(host, out var h) && TryNormalize(pattern, out var p, out _) && MatchesNormalized(p, h);
    }

    /// <summary>
    /// How specific the most specific of <paramref name="patterns"/> that matches <paramref name="host"/>
    /// is, for ordering matches (an exact name beats any wildcard, a longer base beats a shorter one);
    /// -1 when none matches or the host is invalid. Invalid patterns (stored by another client) never match.
    /// </summary>
    internal static int BestMatch(IEnumerable<string>? patterns, string? host)
    {
        if (patterns is null || !TryNormalizeHost(host, out var h)) return -1;
        var best = -1;
        foreach (var pattern in patterns)
            if (TryNormalize(pattern, out var p, out _) && MatchesNormalized(p, h))
                best = Math.Max(best, IsWildcard(p) ? p.Length : int.MaxValue);
        return best;
    }

    /// <summary>Whether a stored pattern, which may not be in normal form, is <paramref name="normalized"/>.</summary>
    internal static bool IsSame(string? stored, string normalized) => TryNormalize(stored, out var s, out _) && s == normalized;

    /// <summary>Whether one of the stored patterns is <paramref name="normalized"/>.</summary>
    internal static bool Lists(IEnumerable<string>? patterns, string normalized) => patterns?.Any(p => IsSame(p, normalized)) == true;

    private static bool TryNormalizeHost(string? host, [NotNullWhen(true)] out string? normalized)
    {
        if (TryNormalize(host, out normalized, out _) && !IsWildcard(normalized)) return true;
        normalized = null;
        return false;
    }

    private static bool MatchesNormalized(string pattern, string host)
    {
        if (!IsWildcard(pattern)) return pattern == host;
        var suffix = pattern[1..]; // ".example.com"
        return host.Length > suffix.Length && host.EndsWith(suffix, StringComparison.Ordinal);
    }

    private static bool CheckName(string name, bool wildcard, [NotNullWhen(false)] out string? error)
    {
        error = null;
        if (name.Length == 0) error = "it has no name.";
        else if (name.Length > MaxLength) error = $"it is longer than {MaxLength} characters.";
        else if (name.Contains('*', StringComparison.Ordinal)) error = "'*' is allowed only as the whole first label, as in *.example.com.";
        if (error is not null) return false;

        var labels = name.Split('.');
        foreach (var label in labels)
        {
            if (label.Length is 0 or > MaxLabelLength) error = $"each label has 1 to {MaxLabelLength} characters.";
            else if (!label.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')) error = $"the label '{label}' has a character other than a letter, digit or hyphen.";
            else if (label[0] == '-' || label[^1] == '-') error = $"the label '{label}' starts or ends with a hyphen.";
            if (error is not null) return false;
        }
        if (labels[^1].All(char.IsAsciiDigit))
        {
            if (wildcard) error = "a wildcard cannot stand for part of an IP address.";
            else if (!IsIPv4(labels)) error = "the last label of a host name cannot be all digits, and it is not a dotted-quad IPv4 address.";
            return error is null;
        }
        if (wildcard && labels.Length < 2)
        {
            error = "a wildcard needs a base name of at least two labels: *.com would match every site in a top-level domain.";
            return false;
        }
        return true;
    }

    private static bool IsIPv4(string[] labels) =>
        labels.Length == 4 && labels.All(l => l.Length <= 3 && l.All(char.IsAsciiDigit) && (l.Length == 1 || l[0] != '0') && int.Parse(l, System.Globalization.CultureInfo.InvariantCulture) <= 255);
}
