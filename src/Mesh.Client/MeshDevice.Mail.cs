// Draft section 5.8: mail accounts, one MailProfile application each.
using Mesh.Applications;
using Mesh.Schema;

namespace Mesh.Client;

/// <summary>A mail account of the profile.</summary>
/// <param name="ApplicationId">the application that holds it</param>
/// <param name="Profile">the public part (the keys correspondents encrypt to)</param>
/// <param name="Private">the private part (servers and private keys)</param>
public sealed record StoredMailAccount(string ApplicationId, MailProfile Profile, MailProfilePrivate Private)
{
    /// <summary>The account's address.</summary>
    public string Address => Private.EmailAddress!;
}

/// <summary>The mail accounts as a device read them.</summary>
/// <param name="Accounts">the accounts</param>
/// <param name="StaleSince">when set, the portal could not be reached (since then) and the cache may be out of date</param>
/// <param name="Unreadable">why each mail application this device cannot read is not shown</param>
public sealed record MailAccountsRead(IReadOnlyList<StoredMailAccount> Accounts, DateTimeOffset? StaleSince, IReadOnlyList<string> Unreadable);

public sealed partial class MeshDevice
{
    /// <summary>The friendly name of mail applications (not the address: the personal profile is public).</summary>
    public const string MailFriendly = "Mail account";

    /// <summary>The mail accounts this device may read (from the cache unless <paramref name="refresh"/>, as for passwords).</summary>
    public async Task<MailAccountsRead> ReadMailAccountsAsync(bool refresh = false, CancellationToken cancel = default)
    {
        var read = await ReadApplicationsAsync<MailProfile, MailProfilePrivate>(refresh, cancel).ConfigureAwait(false);
        return new MailAccountsRead([.. LiveMailAccounts(read.Applications)], read.StaleSince, [.. read.Applications.Select(a => a.Unreadable).OfType<string>()]);
    }

    /// <summary>The mail account for an address (compared ignoring case), or null.</summary>
    public static StoredMailAccount? FindMailAccount(IEnumerable<StoredMailAccount> accounts, string address) =>
        accounts.FirstOrDefault(a => string.Equals(a.Address, address, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Publishes a new mail account (made with <see cref="MailAccounts.Create"/>), in a deleted account's
    /// application when there is one, else in a new application (administering devices only).
    /// </summary>
    /// <exception cref="MeshException">409 when the profile already has an account for the address</exception>
    public async Task<ApplicationChange> AddMailAccountAsync(MailAccount account, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        var address = account.Private.EmailAddress ?? throw new ArgumentException("The mail account has no address.", nameof(account));
        var change = await ChangeApplicationAsync<MailProfile, MailProfilePrivate>(applications =>
        {
            if (FindMailAccount(LiveMailAccounts(applications), address) is not null)
                throw new MeshException(MeshStatus.AlreadyExists, $"The profile already has a mail account for {address}; delete it first with 'mesh mail delete {address}'.");
            return new(Reusable(applications)?.Identifier, account.Profile, account.Private);
        }, MailFriendly, cancel).ConfigureAwait(false);
        return change!;
    }

    /// <summary>
    /// Deletes a mail account: its application gets an empty version (the entry stays in the profile,
    /// to be reused by the next account added). 404 when there is no account for the address.
    /// </summary>
    public async Task<ApplicationChange> DeleteMailAccountAsync(string address, CancellationToken cancel = default)
    {
        var change = await ChangeApplicationAsync<MailProfile, MailProfilePrivate>(applications =>
        {
            var found = FindMailAccount(LiveMailAccounts(applications), address)
                ?? throw new MeshException(MeshStatus.NotFound, $"There is no mail account for {address}.");
            return new(found.ApplicationId, new MailProfile(), new MailProfilePrivate());
        }, MailFriendly, cancel).ConfigureAwait(false);
        return change!;
    }

    private static IEnumerable<StoredMailAccount> LiveMailAccounts(IEnumerable<StoredApplication<MailProfile, MailProfilePrivate>> applications) =>
        applications.Where(a => a.Version?.Private.EmailAddress is not null)
            .Select(a => new StoredMailAccount(a.Identifier, a.Version!.Profile, a.Version.Private));

    // A deleted account's application, or one listed but never published (never one this device cannot read).
    private static StoredApplication<MailProfile, MailProfilePrivate>? Reusable(
        IEnumerable<StoredApplication<MailProfile, MailProfilePrivate>> applications) =>
        applications.FirstOrDefault(a => a.Missing || (a.Version is { } v && v.Private.EmailAddress is null));
}
