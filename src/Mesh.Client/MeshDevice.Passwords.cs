// Draft section 5.7: the account's passwords, one PasswordProfile application.
using Mesh.Applications;
using Mesh.Schema;

namespace Mesh.Client;

/// <summary>A login to store: the site pattern, the username and the password.</summary>
/// <param name="Site">a site pattern (<c>www.example.com</c>, <c>*.example.com</c>)</param>
/// <param name="Username">the username, case-sensitive (may be empty)</param>
/// <param name="Password">the password</param>
/// <param name="Notes">notes to keep with it, or null to keep those of the login it replaces</param>
/// <param name="OtpAuth">its authenticator secret (an otpauth://totp URI or base32), or null to keep the replaced login's</param>
public sealed record Login(string Site, string Username, string Password, string? Notes = null, string? OtpAuth = null);

/// <summary>The passwords as a device read them.</summary>
/// <param name="Vault">the entries and never-ask sites (empty when the account has none yet)</param>
/// <param name="StaleSince">when set, the portal could not be reached (since then) and the cache may be out of date</param>
public sealed record PasswordsRead(PasswordVault Vault, DateTimeOffset? StaleSince);

/// <summary>What a change to the passwords did.</summary>
/// <param name="Change">what was published, or null when nothing needed to change</param>
/// <param name="Count">how many entries the change touched (replaced, removed, or never-ask sites added/removed)</param>
public sealed record PasswordChange(ApplicationChange? Change, int Count);

public sealed partial class MeshDevice
{
    /// <summary>The friendly name of the password application.</summary>
    public const string PasswordsFriendly = "Passwords";

    /// <summary>
    /// The account's passwords: the first password application this device may read. Served from the
    /// cache without contacting the portal (so it is fast and works offline) unless
    /// <paramref name="refresh"/> is set or the cache has no copy yet.
    /// </summary>
    public async Task<PasswordsRead> ReadPasswordsAsync(bool refresh = false, CancellationToken cancel = default)
    {
        var read = await ReadApplicationsAsync<PasswordProfile, PasswordProfilePrivate>(refresh, cancel).ConfigureAwait(false);
        if (read.Applications.Count == 0) RequireNoHiddenPasswords();
        return new PasswordsRead(new PasswordVault(Primary(read.Applications)?.Private), read.StaleSince);
    }

    /// <summary>
    /// Stores logins, each replacing the entry with the same username that shares its site. All are
    /// published as one version: either all are stored or none. On the first password the password
    /// application is added to the profile, which needs an administering device.
    /// </summary>
    /// <exception cref="ArgumentException">a site pattern is invalid or a password empty</exception>
    public async Task<PasswordChange> AddPasswordsAsync(IReadOnlyList<Login> logins, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(logins);
        // Checked before any portal contact, so a bad login fails fast and alone.
        foreach (var login in logins) new PasswordVault().Set(login.Site, login.Username, login.Password, login.Notes, login.OtpAuth);
        var replaced = 0;
        var change = await ChangePasswordsAsync(vault =>
        {
            var now = Clock.GetUtcNow();
            replaced = logins.Count(l => vault.Set(l.Site, l.Username, l.Password, l.Notes, l.OtpAuth, now, Device.Identifier));
            return true;
        }, cancel).ConfigureAwait(false);
        return new PasswordChange(change, replaced);
    }

    /// <summary>
    /// Makes a previous version of a login the current one (1 the newest previous version); the
    /// current one goes into its history. 404 when there is no such login or version.
    /// </summary>
    public async Task<(PasswordEntry Entry, ApplicationChange Change)> RestorePasswordAsync(string site, string username, int version, CancellationToken cancel = default)
    {
        SitePattern.Normalize(site);
        PasswordEntry? restored = null;
        var change = await ChangePasswordsAsync(vault =>
        {
            try
            {
                restored = vault.Restore(site, username, version, Clock.GetUtcNow(), Device.Identifier);
                return true;
            }
            catch (ArgumentException e)
            {
                throw new MeshException(MeshStatus.NotFound, e.Message.Split(" (Parameter", 2)[0]);
            }
        }, cancel).ConfigureAwait(false);
        return (restored!, change!);
    }

    /// <summary>Removes the entries for a site pattern (only <paramref name="username"/>'s when given); 404 when there are none.</summary>
    public async Task<PasswordChange> DeletePasswordAsync(string site, string? username = null, CancellationToken cancel = default)
    {
        SitePattern.Normalize(site);
        var removed = 0;
        var change = await ChangePasswordsAsync(vault =>
        {
            removed = vault.Remove(site, username);
            return removed > 0 ? true : throw new MeshException(MeshStatus.NotFound,
                username is null ? $"No password is stored for {site}." : $"No password is stored for {username} at {site}.");
        }, cancel).ConfigureAwait(false);
        return new PasswordChange(change, removed);
    }

    /// <summary>Adds a site to the never-ask list; nothing is published when it is there already.</summary>
    public async Task<PasswordChange> AddNeverAskAsync(string site, CancellationToken cancel = default)
    {
        SitePattern.Normalize(site);
        var change = await ChangePasswordsAsync(vault => vault.AddNeverAsk(site), cancel).ConfigureAwait(false);
        return new PasswordChange(change, change is null ? 0 : 1);
    }

    /// <summary>Removes a site from the never-ask list; 404 when it is not there.</summary>
    public async Task<PasswordChange> DeleteNeverAskAsync(string site, CancellationToken cancel = default)
    {
        SitePattern.Normalize(site);
        var change = await ChangePasswordsAsync(vault => vault.RemoveNeverAsk(site)
            ? true
            : throw new MeshException(MeshStatus.NotFound, $"{site} is not on the never-ask list."), cancel).ConfigureAwait(false);
        return new PasswordChange(change, 1);
    }

    // The vault edit returns whether it changed anything; it is run again on the latest version after a 409.
    private Task<ApplicationChange?> ChangePasswordsAsync(Func<PasswordVault, bool> edit, CancellationToken cancel) =>
        ChangeApplicationAsync<PasswordProfile, PasswordProfilePrivate>(applications =>
        {
            if (applications.Count == 0) RequireNoHiddenPasswords();
            var target = Primary(applications);
            var vault = new PasswordVault(target?.Private);
            return edit(vault) ? new(target?.Identifier, new PasswordProfile(), vault.ToPrivate()) : null;
        }, PasswordsFriendly, cancel);

    // A password application this device is not a reader of: it must not look like "no passwords",
    // nor may this device start a second vault beside it.
    private void RequireNoHiddenPasswords()
    {
        if (Profile.Applications.FirstOrDefault(a => a.Type == nameof(PasswordProfile)) is { } hidden)
            throw new MeshException(MeshStatus.ClientUnauthorized,
                $"The account's passwords (application {hidden.Identifier}) do not list this device among their readers; an administering device must add it.");
    }

    // Normally there is one; should there be more (another client made one), the first published one
    // is used by every device. One this device cannot read stops reads and writes alike: showing it
    // as empty, or writing over it, would lose every password in it.
    private static StoredApplication<PasswordProfile, PasswordProfilePrivate>? Primary(
        IReadOnlyList<StoredApplication<PasswordProfile, PasswordProfilePrivate>> applications) =>
        applications.FirstOrDefault(a => !a.Missing) is { } published
            ? published.Unreadable is { } reason ? throw new MeshException(MeshStatus.ClientUnauthorized, reason) : published
            : applications.Count > 0 ? applications[0] : null;
}
