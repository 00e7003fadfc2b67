using Mesh.Client.Portal;
using Mesh.Profiles;
using Mesh.Schema;

namespace Mesh.Portal.Tests;

/// <summary>A user with a master profile and an administering device, and helpers to use a portal as them.</summary>
public sealed class TestAccount : IDisposable
{
    public TestAccount(string name, int devices = 1)
    {
        Account = $"{name}@{TestPortal.Domain}";
        Master = MasterSecrets.Create(DateTimeOffset.UtcNow);
        for (var i = 0; i < devices; i++) Devices.Add(DeviceSecrets.Create($"{name} device {i}", DateTimeOffset.UtcNow));
        Profile = PersonalProfiles.Create(Master, Devices.Select(d => d.Profile), DateTimeOffset.UtcNow,
            [Administration.Entry([Devices[0].Identifier])]);
    }

    public string Account { get; }
    public MasterSecrets Master { get; }
    public List<DeviceSecrets> Devices { get; } = [];
    public SignedPersonalProfile Profile { get; set; }
    public DeviceSecrets Admin => Devices[0];
    public RequestSigner Signer(int device = 0) => new(Account, Devices[device]);

    public VerifiedPersonalProfile Verified => ProfileVerifier.Verify(Schema.Json.TaggedJson.Serialize(Profile), null, DateTimeOffset.UtcNow);

    public Task<CreateResponse> CreateAsync(PortalClient client) =>
        client.SendAsync<CreateResponse>(new CreateRequest { Account = Account, Profile = Profile }, Signer());

    /// <summary>The latest transaction id of the account's profile, for BasedOn.</summary>
    public async Task<string> LatestAsync(PortalClient client) =>
        (await client.SendAsync<GetResponse>(new GetRequest { Account = Account })).DataItems![0].TransactionID!;

    /// <summary>An escrow entry made from a seed: the same seed gives the same entry and content-derived identifier.</summary>
    public static OfflineEscrowEntry EscrowFor(string seed) =>
        Escrow<OfflineEscrowEntry>(Mesh.Encoding.Base64Url.Encode(System.Text.Encoding.UTF8.GetBytes(seed)));

    /// <summary>An escrow entry with its content-derived identifier, as the portal requires.</summary>
    public static T Escrow<T>(string ciphertext) where T : EscrowEntry, new()
    {
        var jwe = new JoseWebEncryption { Ciphertext = ciphertext };
        return new T { Identifier = Mesh.Escrow.OfflineEscrow.EscrowIdentifier(jwe), EncryptedData = jwe };
    }

    public void Dispose()
    {
        Master.Dispose();
        foreach (var d in Devices) d.Dispose();
    }
}
