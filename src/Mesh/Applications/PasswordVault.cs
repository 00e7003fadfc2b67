// Draft section 5.7: the private part of a password profile: entries of site patterns, username
// and password, the sites never to ask about, and whether to offer generated passwords.
using Mesh.Schema;

namespace Mesh.Applications;

/// <summary>
/// Edits a <see cref="PasswordProfilePrivate"/>: the contents of a password profile. Not thread-safe.
/// Sites are <see cref="SitePattern"/>s, stored in normal form; usernames and passwords are kept
/// exactly as given and compared case-sensitively. Entries read from a stored profile are kept as
/// they are, and an invalid site pattern in one (which another client may have written) never matches.
/// </summary>
public sealed class PasswordVault
{
    private readonly List<PasswordEntry> _entries;
    private readonly List<string> _neverAsk;

    /// <summary>An empty vault, or the contents of an existing private part.</summary>
    public PasswordVault(PasswordProfilePrivate? contents = null)
    {
        _entries = [.. contents?.Entries ?? []];
        _neverAsk = [.. contents?.NeverAsk ?? []];
        AutoGenerate = contents?.AutoGenerate ?? false;
    }

    /// <summary>Whether clients may offer to generate strong passwords (draft 5.7.2).</summary>
    public bool AutoGenerate { get; set; }

    /// <summary>Every entry, in the order stored.</summary>
    public IReadOnlyList<PasswordEntry> Entries => _entries.AsReadOnly();

    /// <summary>The site patterns for which clients must not offer to store passwords.</summary>
    public IReadOnlyList<string> NeverAsk => _neverAsk.AsReadOnly();

    /// <summary>
    /// Adds an entry, replacing every entry with the same username (compared case-sensitively) that
    /// shares a site pattern with it. Notes and an authenticator secret not given are kept from the
    /// entry replaced, so changing a password never loses them; the entry replaced becomes the newest
    /// of the new one's previous versions (<see cref="PasswordEntry.History"/>, at most <see cref="PasswordHistory.Max"/>),
    /// unless nothing changed. Returns true when an entry was replaced.
    /// </summary>
    /// <param name="sites">the site patterns</param>
    /// <param name="username">the username</param>
    /// <param name="password">the password</param>
    /// <param name="notes">notes, or null to keep those of the entry replaced</param>
    /// <param name="otpAuth">an authenticator secret, or null to keep that of the entry replaced</param>
    /// <param name="time">when the change is made, kept as the entry's <see cref="PasswordEntry.Modified"/></param>
    /// <param name="device">the device making it, kept as the entry's <see cref="PasswordEntry.Device"/></param>
    /// <exception cref="ArgumentException">no site, an invalid site pattern, an empty password, or an authenticator secret that is not one</exception>
    public bool Set(IEnumerable<string> sites, string username, string password, string? notes = null, string? otpAuth = null,
        DateTimeOffset? time = null, string? device = null)
    {
        ArgumentNullException.ThrowIfNull(sites);
        ArgumentNullException.ThrowIfNull(username);
        ArgumentException.ThrowIfNullOrEmpty(password);
        var normalized = sites.Select(SitePattern.Normalize).Distinct(StringComparer.Ordinal).ToList();
        if (normalized.Count == 0) throw new ArgumentException("An entry needs at least one site.", nameof(sites));
        var otp = otpAuth is null ? null : Totp.ToUri(Totp.Parse(otpAuth));
        var replaced = Matching(normalized, username);
        var before = replaced.Count > 0 ? replaced[0] : null;
        _entries.RemoveAll(replaced.Contains);
        var entry = new PasswordEntry
        {
            Sites = normalized, Username = username, Password = password,
            Notes = notes ?? before?.Notes, OtpAuth = otp ?? before?.OtpAuth, Modified = time, Device = device,
        };
        _entries.Add(before is not null && PasswordHistory.SameContent(before, entry)
            ? entry with { Modified = before.Modified, Device = before.Device, History = before.History }
            : entry with { History = PasswordHistory.Order(replaced.SelectMany(PasswordHistory.Versions)) });
        return replaced.Count > 0;
    }

    /// <summary>As the other overload, for one site pattern.</summary>
    public bool Set(string site, string username, string password, string? notes = null, string? otpAuth = null,
        DateTimeOffset? time = null, string? device = null) =>
        Set([site], username, password, notes, otpAuth, time, device);

    /// <summary>The entries of <paramref name="username"/> that list one of the site patterns (in normal form).</summary>
    public IReadOnlyList<PasswordEntry> Matching(IEnumerable<string> sites, string username)
    {
        ArgumentNullException.ThrowIfNull(sites);
        var patterns = sites.ToList();
        return [.. _entries.Where(e => e.Username == username && patterns.Any(n => SitePattern.Lists(e.Sites, n)))];
    }

    // Replaces an entry in place.
    internal void Replace(PasswordEntry before, PasswordEntry after) => _entries[_entries.IndexOf(before)] = after;

    // Removes entries and adds one (at the end), as a merged change does.
    internal void Put(PasswordEntry? entry, IReadOnlyList<PasswordEntry> replacing)
    {
        _entries.RemoveAll(e => replacing.Contains(e));
        if (entry is not null) _entries.Add(entry);
    }

    /// <summary>
    /// The entries for a host name, the most specific first: entries with an exact pattern for it,
    /// then those whose wildcard matches it, longest base name first. Empty when none, or when the host is invalid.
    /// </summary>
    public IReadOnlyList<PasswordEntry> Find(string host) =>
        [.. _entries
            .Select(e => (Entry: e, Best: SitePattern.BestMatch(e.Sites, host)))
            .Where(m => m.Best >= 0)
            .OrderByDescending(m => m.Best)
            .Select(m => m.Entry)];

    /// <summary>The most specific entry for a host name and username (case-sensitive), or null.</summary>
    public PasswordEntry? Find(string host, string username) => Find(host).FirstOrDefault(e => e.Username == username);

    /// <summary>
    /// Removes every entry that lists the site pattern (compared in normal form), only those with
    /// <paramref name="username"/> when it is given. Returns how many were removed.
    /// </summary>
    /// <exception cref="ArgumentException">the site pattern is invalid</exception>
    public int Remove(string site, string? username = null)
    {
        var pattern = SitePattern.Normalize(site);
        return _entries.RemoveAll(e => (username is null || e.Username == username) && SitePattern.Lists(e.Sites, pattern));
    }

    /// <summary>Adds a site pattern to <see cref="NeverAsk"/>; false when it is there already.</summary>
    /// <exception cref="ArgumentException">the site pattern is invalid</exception>
    public bool AddNeverAsk(string site)
    {
        var pattern = SitePattern.Normalize(site);
        if (SitePattern.Lists(_neverAsk, pattern)) return false;
        _neverAsk.Add(pattern);
        return true;
    }

    /// <summary>Removes a site pattern from <see cref="NeverAsk"/>; false when it was not there.</summary>
    /// <exception cref="ArgumentException">the site pattern is invalid</exception>
    public bool RemoveNeverAsk(string site)
    {
        var pattern = SitePattern.Normalize(site);
        return _neverAsk.RemoveAll(p => SitePattern.IsSame(p, pattern)) > 0;
    }

    /// <summary>Whether the site pattern itself is on the <see cref="NeverAsk"/> list (compared in normal form).</summary>
    public bool IsNeverAskListed(string site) => SitePattern.Lists(_neverAsk, SitePattern.Normalize(site));

    /// <summary>Whether a pattern in <see cref="NeverAsk"/> matches the host name, so a client must not offer to store a password for it.</summary>
    public bool IsNeverAsk(string host) => SitePattern.BestMatch(_neverAsk, host) >= 0;

    /// <summary>The vault's contents, to seal into a password profile.</summary>
    public PasswordProfilePrivate ToPrivate() => new()
    {
        AutoGenerate = AutoGenerate,
        Entries = [.. _entries],
        NeverAsk = [.. _neverAsk],
    };
}
