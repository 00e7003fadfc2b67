// A change to a password vault kept as data (what was asked, and the entries it was made on), so
// that it can be applied again to a later version: offline changes are journaled as these and
// merged when the portal answers again (PasswordMerge).
using Mesh.Schema;

namespace Mesh.Applications;

/// <summary>What a <see cref="PasswordOperation"/> does.</summary>
public enum PasswordOperationKind
{
    /// <summary>Store a login (<see cref="PasswordOperation.Sites"/>, username, password, notes, secret), replacing the user's entry on those sites.</summary>
    Set,

    /// <summary>Remove the entries listing <see cref="PasswordOperation.Sites"/>[0] (only <see cref="PasswordOperation.Username"/>'s when given).</summary>
    Remove,

    /// <summary>Add <see cref="PasswordOperation.Sites"/>[0] to the never-ask sites.</summary>
    AddNeverAsk,

    /// <summary>Take <see cref="PasswordOperation.Sites"/>[0] off the never-ask sites.</summary>
    RemoveNeverAsk,
}

/// <summary>One change to a password vault, with the entries it was made on (its three-way merge base).</summary>
public sealed record PasswordOperation
{
    /// <summary>What it does.</summary>
    public PasswordOperationKind Kind { get; init; }

    /// <summary>The site patterns (normal form).</summary>
    public IReadOnlyList<string> Sites { get; init; } = [];

    /// <summary>The username (for <see cref="PasswordOperationKind.Remove"/>, null removes every user's entry).</summary>
    public string? Username { get; init; }

    /// <summary>For Set: the password.</summary>
    public string? Password { get; init; }

    /// <summary>For Set: the notes, resolved against the base (the base's when the change gave none).</summary>
    public string? Notes { get; init; }

    /// <summary>For Set: the authenticator secret, resolved against the base as the notes are.</summary>
    public string? OtpAuth { get; init; }

    /// <summary>When the change was made (the device's clock): the later of two conflicting changes wins.</summary>
    public DateTimeOffset Time { get; init; }

    /// <summary>The device that made it.</summary>
    public string? Device { get; init; }

    /// <summary>The entries the change touched, as they were when it was made (empty: none).</summary>
    public IReadOnlyList<PasswordEntry> Base { get; init; } = [];

    /// <summary>The entry a Set makes.</summary>
    public PasswordEntry Entry() => new()
    {
        Sites = Sites, Username = Username, Password = Password, Notes = Notes, OtpAuth = OtpAuth, Modified = Time, Device = Device,
    };

    /// <summary>
    /// A Set of a login on the vault as it is now: notes and secret not given are those of the entry
    /// it replaces, so that the operation means the same whatever version it is later applied to.
    /// </summary>
    /// <exception cref="ArgumentException">as <see cref="PasswordVault.Set(IEnumerable{string}, string, string, string?, string?, DateTimeOffset?, string?)"/></exception>
    public static PasswordOperation Set(PasswordVault now, IEnumerable<string> sites, string username, string password, string? notes, string? otpAuth,
        DateTimeOffset time, string? device)
    {
        ArgumentNullException.ThrowIfNull(now);
        // Validates as the vault does.
        new PasswordVault().Set(sites, username, password, notes, otpAuth);
        var normalized = sites.Select(SitePattern.Normalize).Distinct(StringComparer.Ordinal).ToList();
        var touched = now.Matching(normalized, username);
        var before = touched.Count > 0 ? touched[0] : null;
        return new()
        {
            Kind = PasswordOperationKind.Set, Sites = normalized, Username = username, Password = password,
            Notes = notes ?? before?.Notes, OtpAuth = otpAuth is null ? before?.OtpAuth : Totp.ToUri(Totp.Parse(otpAuth)),
            Time = time, Device = device, Base = touched,
        };
    }

    /// <summary>A Set that brings back a previous version of a login (1 the newest), exactly as it was.</summary>
    /// <exception cref="ArgumentException">no entry for the site and username, or no such version</exception>
    public static PasswordOperation Restore(PasswordVault now, string site, string username, int version, DateTimeOffset time, string? device)
    {
        ArgumentNullException.ThrowIfNull(now);
        var pattern = SitePattern.Normalize(site);
        var entry = now.Matching([pattern], username) is [var listed, ..] ? listed : now.Find(pattern, username)
            ?? throw new ArgumentException($"No password is stored for {username} at {site}.", nameof(site));
        var history = entry.History ?? [];
        if (version < 1 || version > history.Count)
            throw new ArgumentException($"The login of {username} at {site} has {history.Count} previous version(s); there is no version {version}.", nameof(version));
        var old = history[version - 1];
        return new()
        {
            Kind = PasswordOperationKind.Set, Sites = entry.Sites ?? [pattern], Username = username, Password = old.Password,
            Notes = old.Notes, OtpAuth = old.OtpAuth, Time = time, Device = device, Base = [entry],
        };
    }

    /// <summary>A Remove on the vault as it is now.</summary>
    public static PasswordOperation Remove(PasswordVault now, string site, string? username, DateTimeOffset time, string? device)
    {
        ArgumentNullException.ThrowIfNull(now);
        var pattern = SitePattern.Normalize(site);
        return new()
        {
            Kind = PasswordOperationKind.Remove, Sites = [pattern], Username = username, Time = time, Device = device,
            Base = [.. now.Entries.Where(e => (username is null || e.Username == username) && SitePattern.Lists(e.Sites, pattern))],
        };
    }

    /// <summary>An addition to, or removal from, the never-ask sites.</summary>
    public static PasswordOperation NeverAsk(bool add, string site, DateTimeOffset time, string? device) => new()
    {
        Kind = add ? PasswordOperationKind.AddNeverAsk : PasswordOperationKind.RemoveNeverAsk, Sites = [SitePattern.Normalize(site)], Time = time, Device = device,
    };
}
