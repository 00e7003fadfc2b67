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
public sealed record PasswordsRead(PasswordVault Vault, DateTimeOffset? StaleSince)
{
    /// <summary>How many changes made offline on this device the vault includes that are not yet published.</summary>
    public int Pending { get; init; }
}

/// <summary>What a change to the passwords did.</summary>
/// <param name="Change">what was published, or null when nothing needed to change (or the change is pending)</param>
/// <param name="Count">how many entries the change touched (replaced, removed, or never-ask sites added/removed)</param>
public sealed record PasswordChange(ApplicationChange? Change, int Count)
{
    /// <summary>Whether the portal could not be reached, so the change is kept in this device's journal until the next sync.</summary>
    public bool Pending { get; init; }

    /// <summary>How each change published in this version merged: those made offline before, then this one's.</summary>
    public IReadOnlyList<MergeResult> Merged { get; init; } = [];
}

public sealed partial class MeshDevice
{
    /// <summary>The friendly name of the password application.</summary>
    public const string PasswordsFriendly = "Passwords";

    /// <summary>The changes made on this device while the portal could not be reached, not yet published.</summary>
    public OfflineJournal Journal => _journal ??= new(Home);

    private OfflineJournal? _journal;

    /// <summary>
    /// The account's passwords: the first password application this device may read, with the changes
    /// this device made offline and has not yet published. Served from the cache without contacting
    /// the portal (so it is fast and works offline) unless <paramref name="refresh"/> is set or the
    /// cache has no copy yet.
    /// </summary>
    public async Task<PasswordsRead> ReadPasswordsAsync(bool refresh = false, CancellationToken cancel = default)
    {
        var read = await ReadApplicationsAsync<PasswordProfile, PasswordProfilePrivate>(refresh, cancel).ConfigureAwait(false);
        if (read.Applications.Count == 0) RequireNoHiddenPasswords();
        var vault = new PasswordVault(Primary(read.Applications)?.Private);
        var pending = Journal.Passwords;
        PasswordMerge.Apply(vault, pending.Select(r => r.Operation));
        return new PasswordsRead(vault, read.StaleSince) { Pending = pending.Count };
    }

    /// <summary>
    /// Stores logins, each replacing the entry with the same username that shares its site. All are
    /// published as one version: either all are stored or none. On the first password the password
    /// application is added to the profile, which needs an administering device. When the portal
    /// cannot be reached the change is kept in the journal (<see cref="PasswordChange.Pending"/>).
    /// </summary>
    /// <exception cref="ArgumentException">a site pattern is invalid or a password empty</exception>
    public async Task<PasswordChange> AddPasswordsAsync(IReadOnlyList<Login> logins, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(logins);
        var view = View();
        var now = Clock.GetUtcNow();
        var operations = new List<PasswordOperation>();
        foreach (var login in logins)
        {
            // Each made on the vault as the ones before it left it, so that a login given twice keeps the later.
            var operation = PasswordOperation.Set(view, [login.Site], login.Username, login.Password, login.Notes, login.OtpAuth, now, Device.Identifier);
            PasswordMerge.Apply(view, [operation]);
            operations.Add(operation);
        }
        return await ChangePasswordsAsync(operations, operations.Count(o => o.Base.Count > 0), cancel).ConfigureAwait(false);
    }

    /// <summary>
    /// Makes a previous version of a login the current one (1 the newest previous version); the
    /// current one goes into its history. 404 when there is no such login or version.
    /// </summary>
    public async Task<(PasswordEntry Entry, PasswordChange Change)> RestorePasswordAsync(string site, string username, int version, CancellationToken cancel = default)
    {
        var pattern = SitePattern.Normalize(site);
        var view = await ViewWithAsync(v => v.Matching([pattern], username).Count > 0, cancel).ConfigureAwait(false);
        PasswordOperation operation;
        try
        {
            operation = PasswordOperation.Restore(view, site, username, version, Clock.GetUtcNow(), Device.Identifier);
        }
        catch (ArgumentException e)
        {
            throw new MeshException(MeshStatus.NotFound, e.Reason());
        }
        return (operation.Entry(), await ChangePasswordsAsync([operation], 1, cancel).ConfigureAwait(false));
    }

    /// <summary>Removes the entries for a site pattern (only <paramref name="username"/>'s when given); 404 when there are none.</summary>
    public async Task<PasswordChange> DeletePasswordAsync(string site, string? username = null, CancellationToken cancel = default)
    {
        var view = await ViewWithAsync(v => PasswordOperation.Remove(v, site, username, default, null).Base.Count > 0, cancel).ConfigureAwait(false);
        var operation = PasswordOperation.Remove(view, site, username, Clock.GetUtcNow(), Device.Identifier);
        if (operation.Base.Count == 0)
            throw new MeshException(MeshStatus.NotFound, username is null ? $"No password is stored for {site}." : $"No password is stored for {username} at {site}.");
        return await ChangePasswordsAsync([operation], operation.Base.Count, cancel).ConfigureAwait(false);
    }

    /// <summary>Adds a site to the never-ask list; nothing is published when it is there already.</summary>
    public async Task<PasswordChange> AddNeverAskAsync(string site, CancellationToken cancel = default)
    {
        var operation = PasswordOperation.NeverAsk(add: true, site, Clock.GetUtcNow(), Device.Identifier);
        if (View().IsNeverAskListed(operation.Sites[0])) return new PasswordChange(null, 0);
        return await ChangePasswordsAsync([operation], 1, cancel).ConfigureAwait(false);
    }

    /// <summary>Removes a site from the never-ask list; 404 when it is not there.</summary>
    public async Task<PasswordChange> DeleteNeverAskAsync(string site, CancellationToken cancel = default)
    {
        var operation = PasswordOperation.NeverAsk(add: false, site, Clock.GetUtcNow(), Device.Identifier);
        var view = await ViewWithAsync(v => v.IsNeverAskListed(operation.Sites[0]), cancel).ConfigureAwait(false);
        if (!view.IsNeverAskListed(operation.Sites[0])) throw new MeshException(MeshStatus.NotFound, $"{site} is not on the never-ask list.");
        return await ChangePasswordsAsync([operation], 1, cancel).ConfigureAwait(false);
    }

    /// <summary>
    /// Publishes the password changes made offline (if any), merged into the latest version; null when
    /// there were none. Still unreachable: they stay in the journal, and the result says Pending.
    /// </summary>
    public async Task<PasswordChange?> PublishPendingAsync(CancellationToken cancel = default) =>
        Journal.Passwords.Count == 0 ? null : await ChangePasswordsAsync([], 0, cancel).ConfigureAwait(false);

    // The view, synced first when it lacks what a change is about: another device may have just added it.
    private async Task<PasswordVault> ViewWithAsync(Func<PasswordVault, bool> has, CancellationToken cancel)
    {
        var view = View();
        if (has(view) || _offline) return view;
        await TryRefreshAsync(cancel).ConfigureAwait(false);
        return View();
    }

    // The vault as this device sees it: the cache, with its pending changes.
    private PasswordVault View()
    {
        var applications = ReadCachedApplications<PasswordProfile, PasswordProfilePrivate>();
        if (applications.Count == 0) RequireNoHiddenPasswords();
        var vault = new PasswordVault(Primary(applications)?.Private);
        PasswordMerge.Apply(vault, Journal.Passwords.Select(r => r.Operation));
        return vault;
    }

    // Publishes the journal's changes and these as one version, merged into the latest one (again after
    // a 409); the journal's are then removed from it. When the portal cannot be reached, these join the journal.
    private async Task<PasswordChange> ChangePasswordsAsync(List<PasswordOperation> operations, int count, CancellationToken cancel)
    {
        var pending = Journal.Passwords;
        IReadOnlyList<MergeResult> merged = [];
        ApplicationChange? change;
        try
        {
            change = await ChangeApplicationAsync<PasswordProfile, PasswordProfilePrivate>(applications =>
            {
                if (applications.Count == 0) RequireNoHiddenPasswords();
                var target = Primary(applications);
                var vault = new PasswordVault(target?.Private);
                merged = PasswordMerge.Apply(vault, [.. pending.Select(r => r.Operation), .. operations]);
                return merged.Any(m => m.Outcome != MergeOutcome.AlreadyThere) ? new(target?.Identifier, new PasswordProfile(), vault.ToPrivate()) : null;
            }, PasswordsFriendly, cancel).ConfigureAwait(false);
        }
        catch (Exception e) when (IsOffline(e))
        {
            Home.MarkPortalUnreachable(Clock.GetUtcNow());
            _offline = true;
            if (operations.Count > 0) Journal.Append(operations);
            return new PasswordChange(null, count) { Pending = true };
        }
        Journal.Remove(pending);
        return new PasswordChange(change, count) { Merged = merged };
    }

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
