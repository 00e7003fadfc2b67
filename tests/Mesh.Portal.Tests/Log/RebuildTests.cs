using Mesh.Portal.Log;
using Mesh.Profiles;
using Mesh.Schema;

namespace Mesh.Portal.Tests.Log;

public sealed class RebuildTests
{
    [Fact]
    public async Task The_state_rebuilt_from_the_log_equals_the_live_state()
    {
        await using var portal = await TestPortal.StartAsync();
        using var client = portal.Client();
        using var alice = new TestAccount("alice");
        using var bob = new TestAccount("bob");
        await alice.CreateAsync(client);
        await bob.CreateAsync(client);
        using var phone = DeviceSecrets.Create("phone", DateTimeOffset.UtcNow);
        await client.SendAsync<ConnectStartResponse>(new ConnectStartRequest
        {
            AccountID = alice.Account,
            SignedRequest = new SignedConnectionRequest { SignedData = SignedPayload.Sign(new ConnectionRequest { ParentUDF = alice.Verified.Identifier, Device = phone.Profile, DeviceNonce = Udf.Nonce() }, phone.SignatureKey) },
        });
        var next = PersonalProfiles.AddDevice(alice.Verified, phone.Profile, alice.Master.OnlineKeys[0], DateTimeOffset.UtcNow);
        await client.SendAsync<PublishResponse>(new PublishRequest { Entry = next, BasedOn = await alice.LatestAsync(client) });
        await client.SendAsync<PublishResponse>(new PublishRequest { Entry = TestAccount.Escrow<OnlineEscrowEntry>("AA") }, bob.Signer());

        var live = portal.Store.DumpDerivedState();
        Assert.NotEmpty(live);
        Assert.Equal(portal.Store.ReadHead().Size, StateRebuilder.Rebuild(portal.Store));
        Assert.Equal(live, portal.Store.DumpDerivedState());
    }
}
