using Mesh.Schema;

namespace Mesh.Client;

public sealed partial class MeshDevice
{
    /// <summary>Asks the portal whether an account name is acceptable (draft 7.6).</summary>
    public async Task<ValidateResponse> ValidateAccountAsync(string account, CancellationToken cancel = default)
    {
        using var client = await ConnectAsync(account, cancel).ConfigureAwait(false);
        return await client.SendAsync<ValidateResponse>(new ValidateRequest { Account = account, Language = [System.Globalization.CultureInfo.CurrentUICulture.Name] }, cancel).ConfigureAwait(false);
    }

    /// <summary>
    /// Creates the account at its portal, bound to this device's personal profile, after checking
    /// the name with ValidateAccount; remembers the account and portal. Throws <see cref="MeshException"/>
    /// with the portal's reason when the name is refused.
    /// </summary>
    public async Task CreateAccountAsync(string account, CancellationToken cancel = default)
    {
        var validation = await ValidateAccountAsync(account, cancel).ConfigureAwait(false);
        if (validation.Valid != true)
            throw new MeshException(MeshStatus.BadRequest, $"The portal refuses the name {account}: {validation.Reason ?? "no reason given"}");
        var signed = Home.ReadProfile() ?? throw new MeshException(MeshStatus.NotFound, "This device has no profile; run 'mesh profile create' first.");
        using var client = await ConnectAsync(account, cancel).ConfigureAwait(false);
        // Signed by this device: the portal binds a profile only for a device of that profile.
        await client.SendAsync<CreateResponse>(new CreateRequest { Account = account, Profile = signed }, new Portal.RequestSigner(account, Device), cancel).ConfigureAwait(false);
        Home.WriteState(Home.ReadState() with { Account = account.ToLowerInvariant(), PortalUrl = PortalUrl });
        await SyncAsync(cancel).ConfigureAwait(false);
    }
}
