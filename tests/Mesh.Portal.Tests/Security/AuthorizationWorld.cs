using Mesh.Applications;
using Mesh.Client.Portal;
using Mesh.Profiles;
using Mesh.Schema;
using Mesh.Schema.Json;

namespace Mesh.Portal.Tests.Security;

/// <summary>
/// One portal with the accounts the authorization matrix attacks: Alice (device 0 administers,
/// device 1 was revoked; she has a password application, an escrow entry and a device waiting to
/// connect), Bob (another account) and Carol (whose profile the public Publish rows update).
/// </summary>
public sealed class AuthorizationWorld : IAsyncLifetime
{
    public const string AliceEscrow = "escrow-alice";

    private int _counter;

    public TestPortal Portal { get; private set; } = null!;
    public TestAccount Alice { get; } = new("alice", devices: 2);
    public TestAccount Bob { get; } = new("bob");
    public TestAccount Carol { get; } = new("carol");
    public DeviceSecrets Phone { get; } = DeviceSecrets.Create("phone", DateTimeOffset.UtcNow);
    public DeviceSecrets Revoked => Alice.Devices[1];
    public string ApplicationId { get; private set; } = "";
    private readonly List<IDisposable> _owned = [];

    public async Task InitializeAsync()
    {
        Portal = await TestPortal.StartAsync();
        using var client = Portal.Client();
        await Alice.CreateAsync(client);
        await Bob.CreateAsync(client);
        await Carol.CreateAsync(client);

        // Alice revokes device 1 and lists a password application that her administering device signs.
        var basedOn = await Alice.LatestAsync(client);
        Alice.Profile = PersonalProfiles.RemoveDevice(Alice.Verified, Revoked.Identifier, Alice.Master.OnlineKeys[0], DateTimeOffset.UtcNow);
        var application = ApplicationProfiles.NewEntry<PasswordProfile>([Alice.Admin.Identifier], [Alice.Admin.Identifier]);
        ApplicationId = application.Identifier!;
        Alice.Profile = PersonalProfiles.WithApplications(Alice.Verified, [.. Alice.Verified.Applications, application], Alice.Master.OnlineKeys[0], DateTimeOffset.UtcNow);
        await client.SendAsync<PublishResponse>(new PublishRequest { Entry = Alice.Profile, BasedOn = basedOn });
        await client.SendAsync<PublishResponse>(new PublishRequest { Entry = SealApplication() }, Alice.Signer());
        await client.SendAsync<PublishResponse>(new PublishRequest { Entry = Escrow(AliceEscrow) }, Alice.Signer());
        await client.SendAsync<ConnectStartResponse>(new ConnectStartRequest { AccountID = Alice.Account, SignedRequest = ConnectionRequest(Phone) });
    }

    /// <summary>A name no other request of the run uses.</summary>
    public string Unique(string prefix) => $"{prefix}{Interlocked.Increment(ref _counter)}";

    public SignedApplicationProfile SealApplication() =>
        ApplicationProfiles.Seal(Alice.Verified, ApplicationId, new PasswordProfile(), new PasswordProfilePrivate { AutoGenerate = true }, Alice.Admin, DateTimeOffset.UtcNow);

    public static OfflineEscrowEntry Escrow(string seed) => TestAccount.EscrowFor(seed);

    public SignedConnectionRequest ConnectionRequest(DeviceSecrets device) => new()
    {
        Identifier = device.Identifier,
        SignedData = SignedPayload.Sign(new ConnectionRequest { ParentUDF = Alice.Verified.Identifier, Device = device.Profile, DeviceNonce = Udf.Nonce() }, device.SignatureKey),
    };

    public SignedConnectionResult ConnectionResult(DeviceSecrets device, string result) => new()
    {
        Identifier = device.Identifier,
        SignedData = SignedPayload.Sign(new ConnectionResult { ParentUDF = Alice.Verified.Identifier, Device = device.Profile, Result = result }, Alice.Master.OnlineKeys[0]),
    };

    /// <summary>A new device with a connection request pending at Alice's account.</summary>
    public async Task<DeviceSecrets> NewPendingDeviceAsync()
    {
        var device = DeviceSecrets.Create(Unique("device "), DateTimeOffset.UtcNow);
        _owned.Add(device);
        using var client = Portal.Client();
        await client.SendAsync<ConnectStartResponse>(new ConnectStartRequest { AccountID = Alice.Account, SignedRequest = ConnectionRequest(device) });
        return device;
    }

    /// <summary>A new device that has not asked to connect yet.</summary>
    public DeviceSecrets NewDevice()
    {
        var device = DeviceSecrets.Create(Unique("device "), DateTimeOffset.UtcNow);
        _owned.Add(device);
        return device;
    }

    /// <summary>A new user with a valid profile and no account yet.</summary>
    public TestAccount NewUser()
    {
        var user = new TestAccount(Unique("user"));
        _owned.Add(user);
        return user;
    }

    /// <summary>The next version of Carol's profile, as the portal has it now, with its BasedOn.</summary>
    public async Task<PublishRequest> NextCarolProfileAsync()
    {
        using var client = Portal.Client();
        var item = (await client.SendAsync<GetResponse>(new GetRequest { Account = Carol.Account })).DataItems![0];
        var current = ProfileVerifier.Verify(TaggedJson.Serialize((SignedPersonalProfile)item.Entry!), null, DateTimeOffset.UtcNow);
        var next = PersonalProfiles.WithApplications(current, current.Applications, Carol.Master.OnlineKeys[0], DateTimeOffset.UtcNow);
        return new PublishRequest { Entry = next, BasedOn = item.TransactionID };
    }

    /// <summary>The latest transaction of an entry, for BasedOn.</summary>
    public async Task<string> LatestAsync(string identifier)
    {
        using var client = Portal.Client();
        return (await client.SendAsync<GetResponse>(new GetRequest { Identifier = identifier })).DataItems![0].TransactionID!;
    }

    public async Task DisposeAsync()
    {
        await Portal.DisposeAsync();
        foreach (var d in _owned) d.Dispose();
        Alice.Dispose();
        Bob.Dispose();
        Carol.Dispose();
        Phone.Dispose();
    }
}
