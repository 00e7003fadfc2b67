using Mesh.Client.Portal;
using Mesh.Profiles;
using Mesh.Schema;
using Mesh.Schema.Json;

namespace Mesh.LoadTest;

/// <summary>An account the load tool owns: it can publish signed updates of its profile and sign requests.</summary>
internal sealed class User(string account, MasterSecrets master, DeviceSecrets device, SignedPersonalProfile profile, string transaction)
{
    private SignedPersonalProfile _profile = profile;
    private string _transaction = transaction;
    private VerifiedPersonalProfile? _verified;

    public string Account { get; } = account;
    public RequestSigner Signer { get; } = new(account, device);

    /// <summary>Publishes a new version of the profile based on the last one; one at a time per user.</summary>
    public async Task PublishUpdateAsync(PortalClient client)
    {
        _verified ??= ProfileVerifier.Verify(TaggedJson.Serialize(_profile), null, DateTimeOffset.UtcNow);
        var next = PersonalProfiles.WithApplications(_verified, _verified.Applications, master.OnlineKeys[0], DateTimeOffset.UtcNow);
        var answer = await client.SendAsync<PublishResponse>(new PublishRequest { Entry = next, BasedOn = _transaction });
        _transaction = answer.TransactionID!;
        _profile = next;
        _verified = _verified with { Profile = _verified.Profile with { Updated = PersonalProfiles.NextUpdated(_verified.Updated, DateTimeOffset.UtcNow) }, Updated = DateTimeOffset.UtcNow };
    }
}

internal static class Users
{
    public static async Task<List<User>> CreateAsync(PortalClient client, int count, string domain)
    {
        var run = Guid.NewGuid().ToString("N")[..6];
        var users = new List<User>();
        for (var i = 0; i < count; i++)
        {
            var master = MasterSecrets.Create(DateTimeOffset.UtcNow);
            var device = DeviceSecrets.Create("load", DateTimeOffset.UtcNow);
            var profile = PersonalProfiles.Create(master, [device.Profile], DateTimeOffset.UtcNow, [Administration.Entry([device.Identifier])]);
            var account = $"load{run}{i}@{domain}";
            var created = await client.SendAsync<CreateResponse>(new CreateRequest { Account = account, Profile = profile }, new RequestSigner(account, device));
            users.Add(new User(account, master, device, profile, created.TransactionID!));
        }
        return users;
    }
}
