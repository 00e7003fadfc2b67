// The previous versions of a password entry (this implementation's addition to draft 5.7.3), kept
// so that a change made on one device never silently loses what another device wrote.
using Mesh.Schema;

namespace Mesh.Applications;

/// <summary>Orders and bounds the previous versions of password entries.</summary>
public static class PasswordHistory
{
    /// <summary>The most previous versions an entry keeps.</summary>
    public const int Max = 10;

    /// <summary>An entry as a previous version.</summary>
    public static PasswordVersion Of(PasswordEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new() { Password = entry.Password, Notes = entry.Notes, OtpAuth = entry.OtpAuth, Modified = entry.Modified, Device = entry.Device };
    }

    /// <summary>The entry as a previous version, then its own previous versions.</summary>
    public static IEnumerable<PasswordVersion> Versions(PasswordEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return [Of(entry), .. entry.History ?? []];
    }

    /// <summary>
    /// The versions without repeats, newest first (by <see cref="PasswordVersion.Modified"/>, then device
    /// and password, so that every device orders them alike), at most <see cref="Max"/>; null when none.
    /// </summary>
    public static IReadOnlyList<PasswordVersion>? Order(IEnumerable<PasswordVersion> versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        var ordered = versions.Distinct()
            .OrderByDescending(v => v.Modified ?? DateTimeOffset.MinValue)
            .ThenBy(v => v.Device, StringComparer.Ordinal)
            .ThenBy(v => v.Password, StringComparer.Ordinal)
            .ThenBy(v => v.Notes, StringComparer.Ordinal)
            .ThenBy(v => v.OtpAuth, StringComparer.Ordinal)
            .Take(Max).ToList();
        return ordered.Count == 0 ? null : ordered;
    }

    /// <summary>Whether two entries hold the same login: sites, username, password, notes and secret (not when or where made).</summary>
    public static bool SameContent(PasswordEntry a, PasswordEntry b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a.Username == b.Username && a.Password == b.Password && a.Notes == b.Notes && a.OtpAuth == b.OtpAuth
            && (a.Sites ?? []).SequenceEqual(b.Sites ?? [], StringComparer.Ordinal);
    }
}
