using System.Text.Json;
using Mesh.Client.Portal;
using Mesh.Profiles;
using Mesh.Schema;
using Mesh.Schema.Json;

namespace Mesh.LoadTest;

/// <summary>
/// An account the load tool owns. Its profile updates are signed before the run (the online key
/// signs on the user's device, not on the portal), each later than the one before; the run sends
/// them in order, each BasedOn the transaction of the previous one.
/// </summary>
internal sealed class User(string account, MasterSecrets master, DeviceSecrets device, SignedPersonalProfile profile, string transaction)
{
    private readonly Queue<byte[]> _signed = new();
    private SignedPersonalProfile _last = profile;
    private string _transaction = transaction;
    private int _published;

    public string Account { get; } = account;
    public RequestSigner Signer { get; } = new(account, device);

    /// <summary>Signs <paramref name="count"/> more updates of the profile, each later than the last.</summary>
    public void SignUpdates(int count)
    {
        var verified = ProfileVerifier.Verify(TaggedJson.Serialize(_last), null, DateTimeOffset.UtcNow);
        for (var i = 0; i < count; i++)
        {
            var next = PersonalProfiles.WithApplications(verified, verified.Applications, master.OnlineKeys[0], DateTimeOffset.UtcNow);
            var updated = SignedPayload.ReadUnverified<PersonalProfile>(next.SignedData).Updated!.Value;
            verified = verified with { Profile = verified.Profile with { Updated = updated }, Updated = updated };
            _signed.Enqueue(TaggedJson.Serialize<Entry>(next));
            _last = next;
        }
    }

    /// <summary>
    /// Publishes the next signed update, BasedOn the last one; one at a time per user, to <paramref name="portals"/>[<paramref name="home"/>]
    /// (a device's keep-alive connection stays with one process), or with <paramref name="alternate"/> to each process
    /// in turn (so that each must load what another just wrote).
    /// </summary>
    public async Task PublishUpdateAsync(IReadOnlyList<RawPortal> portals, int home, bool alternate, string domain)
    {
        if (_signed.Count == 0) SignUpdates(1);
        var portal = portals[(alternate ? _published++ : home) % portals.Count];
        var answer = await portal.PostAsync(PublishBody(_signed.Dequeue(), _transaction, domain), 202).ConfigureAwait(false);
        _transaction = TaggedJson.Deserialize<PublishResponse>(answer).TransactionID!;
    }

    // {"PublishRequest":{"Portal":…,"Entry":<signed profile>,"BasedOn":…}}, with the profile's bytes as they were signed.
    private static byte[] PublishBody(byte[] entry, string basedOn, string domain)
    {
        using var buffer = new MemoryStream(entry.Length + 200);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("PublishRequest");
            writer.WriteString("Portal", domain);
            writer.WritePropertyName("Entry");
            writer.WriteRawValue(entry, skipInputValidation: true);
            writer.WriteString("BasedOn", basedOn);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return buffer.ToArray();
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
