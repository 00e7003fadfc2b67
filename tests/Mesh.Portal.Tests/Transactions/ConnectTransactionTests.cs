using System.Security.Cryptography;
using Mesh.Client.Portal;
using Mesh.Jose;
using Mesh.Protocol;
using Mesh.Schema.Json;
using Mesh.Profiles;
using Mesh.Schema;
using static Mesh.Portal.Tests.MeshAssert;

namespace Mesh.Portal.Tests.Transactions;

public sealed class ConnectTransactionTests
{
    private static SignedConnectionRequest Request(TestAccount account, DeviceSecrets device) => new()
    {
        Identifier = device.Identifier,
        SignedData = SignedPayload.Sign(new ConnectionRequest { ParentUDF = account.Verified.Identifier, Device = device.Profile, DeviceNonce = Udf.Nonce() }, device.SignatureKey),
    };

    private static SignedConnectionResult Result(TestAccount account, DeviceSecrets device, string result) => new()
    {
        Identifier = device.Identifier,
        SignedData = SignedPayload.Sign(new ConnectionResult { ParentUDF = account.Verified.Identifier, Device = device.Profile, Result = result }, account.Master.OnlineKeys[0]),
    };

    [Fact]
    public async Task A_device_asks_an_administrator_answers_once_and_only_the_device_sees_the_answer()
    {
        await using var portal = await TestPortal.StartAsync();
        using var client = portal.Client();
        using var alice = new TestAccount("alice", devices: 2);
        await alice.CreateAsync(client);
        using var phone = DeviceSecrets.Create("phone", DateTimeOffset.UtcNow);
        var phoneSigner = new RequestSigner(alice.Account, phone);

        await client.SendAsync<ConnectStartResponse>(new ConnectStartRequest { AccountID = alice.Account, SignedRequest = Request(alice, phone) });
        await AssertRefused(MeshStatus.AlreadyExists, () => client.SendAsync<ConnectStartResponse>(new ConnectStartRequest { AccountID = alice.Account, SignedRequest = Request(alice, phone) }));

        var status = await client.SendAsync<ConnectStatusResponse>(new ConnectStatusRequest { AccountID = alice.Account, DeviceID = phone.Identifier }, phoneSigner);
        Assert.Null(status.Result);

        // Only an administering device lists and answers; the account's other device does not administer.
        await AssertRefused(MeshStatus.ClientUnauthorized, () => client.SendAsync<ConnectPendingResponse>(new ConnectPendingRequest { AccountID = alice.Account }, alice.Signer(1)));
        await AssertRefused(MeshStatus.ClientUnauthorized, () => client.SendAsync<ConnectPendingResponse>(new ConnectPendingRequest { AccountID = alice.Account }));
        var pending = await client.SendAsync<ConnectPendingResponse>(new ConnectPendingRequest { AccountID = alice.Account }, alice.Signer());
        Assert.Equal(phone.Identifier, Assert.Single(pending.Pending!).Identifier);

        await client.SendAsync<ConnectCompleteResponse>(new ConnectCompleteRequest { AccountID = alice.Account, Result = Result(alice, phone, "Accepted") }, alice.Signer());
        await AssertRefused(MeshStatus.AlreadyExists, () => client.SendAsync<ConnectCompleteResponse>(
            new ConnectCompleteRequest { AccountID = alice.Account, Result = Result(alice, phone, "Refused") }, alice.Signer()));

        // Another device cannot read the answer meant for the phone.
        await AssertRefused(MeshStatus.ClientUnauthorized, () => client.SendAsync<ConnectStatusResponse>(
            new ConnectStatusRequest { AccountID = alice.Account, DeviceID = phone.Identifier }, alice.Signer()));
        var answered = await client.SendAsync<ConnectStatusResponse>(new ConnectStatusRequest { AccountID = alice.Account, DeviceID = phone.Identifier }, phoneSigner);
        var result = SignedPayload.Verify<ConnectionResult>(answered.Result!.SignedData, alice.Master.OnlineKeys[0].PublicKey, "result");
        Assert.Equal("Accepted", result.Result);

        var none = await client.SendAsync<ConnectPendingResponse>(new ConnectPendingRequest { AccountID = alice.Account }, alice.Signer());
        Assert.Empty(none.Pending!);
    }

    public static TheoryData<string?> NotNonces => new()
    {
        null,
        "",
        "not a udf",
        Udf.RandomSymmetricKey(), // a well-formed UDF of another type ('E')
        Udf.ContentDigest("text/plain", "hello"u8), // a fingerprint, not random
        Udf.Nonce()[..^5], // cut short: the trailing bits are no longer zero or the length is wrong
    };

    [Theory]
    [MemberData(nameof(NotNonces))]
    public async Task A_request_without_a_nonce_UDF_is_refused_and_nothing_is_recorded(string? nonce)
    {
        await using var portal = await TestPortal.StartAsync();
        using var client = portal.Client();
        using var alice = new TestAccount("alice");
        await alice.CreateAsync(client);
        using var phone = DeviceSecrets.Create("phone", DateTimeOffset.UtcNow);
        var size = portal.Store.ReadHead().Size;
        var request = new SignedConnectionRequest
        {
            Identifier = phone.Identifier,
            SignedData = SignedPayload.Sign(new ConnectionRequest { ParentUDF = alice.Verified.Identifier, Device = phone.Profile, DeviceNonce = nonce }, phone.SignatureKey),
        };

        var refusal = await AssertRefused(MeshStatus.BadRequest, () => client.SendAsync<ConnectStartResponse>(new ConnectStartRequest { AccountID = alice.Account, SignedRequest = request }));
        Assert.Contains("DeviceNonce", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(size, portal.Store.ReadHead().Size);
        Assert.Empty((await client.SendAsync<ConnectPendingResponse>(new ConnectPendingRequest { AccountID = alice.Account }, alice.Signer())).Pending!);
        // The same device may then ask properly.
        await client.SendAsync<ConnectStartResponse>(new ConnectStartRequest { AccountID = alice.Account, SignedRequest = Request(alice, phone) });
    }

    [Theory]
    [InlineData(false, false, 200)]
    [InlineData(true, true, 200)]
    [InlineData(true, false, 200)]
    [InlineData(false, true, 200)]
    [InlineData(null, false, 401)] // claims naming another account
    [InlineData(false, null, 401)] // claims naming another device
    public async Task ConnectStatus_claims_may_leave_out_Account_and_Device_but_never_name_others(bool? account, bool? device, int expected)
    {
        await using var world = await PendingWorld.StartAsync();
        var (portal, client, alice, phone) = (world.Portal, world.Client, world.Alice, world.Phone);
        var body = TaggedJson.Serialize<MeshRequest>(new ConnectStatusRequest { AccountID = alice.Account, DeviceID = phone.Identifier, Portal = TestPortal.Domain });
        var claims = new RequestClaims
        {
            Portal = TestPortal.Domain,
            Account = account switch { true => alice.Account, false => null, null => "bob@" + TestPortal.Domain },
            Device = device switch { true => phone.Identifier, false => null, null => alice.Devices[0].Identifier },
            Time = DateTimeOffset.UtcNow,
            Nonce = Udf.Nonce(),
            Digest = SHA256.HashData(body),
        };
        var jws = JwsCompact.Sign(TaggedJson.Serialize(claims), phone.AuthenticationKey, keyId: phone.AuthenticationKey.PublicKey.Udf(), contentType: nameof(RequestClaims));

        var answer = await RawHttp.PostAsync(portal, body, authorization: $"{RequestSignature.Scheme} {jws}");

        Assert.True(expected == answer.Status, answer.Description);
    }

    [Fact]
    public async Task A_request_left_unanswered_expires_and_the_device_may_ask_again()
    {
        // 0.001 h is 3.6 s: long enough to list the request, short enough to wait out.
        await using var portal = await TestPortal.StartAsync(null, "--connection-request-hours", "0.001");
        using var client = portal.Client();
        using var alice = new TestAccount("alice");
        await alice.CreateAsync(client);
        using var phone = DeviceSecrets.Create("phone", DateTimeOffset.UtcNow);
        await client.SendAsync<ConnectStartResponse>(new ConnectStartRequest { AccountID = alice.Account, SignedRequest = Request(alice, phone) });
        Assert.Single((await client.SendAsync<ConnectPendingResponse>(new ConnectPendingRequest { AccountID = alice.Account }, alice.Signer())).Pending!);

        await Task.Delay(TimeSpan.FromSeconds(4.5));
        Assert.Empty((await client.SendAsync<ConnectPendingResponse>(new ConnectPendingRequest { AccountID = alice.Account }, alice.Signer())).Pending!);
        await AssertRefused(MeshStatus.NotFound, () => client.SendAsync<ConnectCompleteResponse>(
            new ConnectCompleteRequest { AccountID = alice.Account, Result = Result(alice, phone, "Accepted") }, alice.Signer()));
        await AssertRefused(MeshStatus.NotFound, () => client.SendAsync<ConnectStatusResponse>(
            new ConnectStatusRequest { AccountID = alice.Account, DeviceID = phone.Identifier }, new RequestSigner(alice.Account, phone)));

        // Asking again replaces the expired request, which can then be answered.
        await client.SendAsync<ConnectStartResponse>(new ConnectStartRequest { AccountID = alice.Account, SignedRequest = Request(alice, phone) });
        Assert.Equal(phone.Identifier, Assert.Single((await client.SendAsync<ConnectPendingResponse>(new ConnectPendingRequest { AccountID = alice.Account }, alice.Signer())).Pending!).Identifier);
        await client.SendAsync<ConnectCompleteResponse>(new ConnectCompleteRequest { AccountID = alice.Account, Result = Result(alice, phone, "Accepted") }, alice.Signer());
    }

    [Fact]
    public async Task Concurrent_answers_to_one_request_are_decided_once()
    {
        await using var world = await PendingWorld.StartAsync();
        var (client, alice, phone) = (world.Client, world.Alice, world.Phone);

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            Outcome(client.SendAsync<ConnectCompleteResponse>(new ConnectCompleteRequest { AccountID = alice.Account, Result = Result(alice, phone, i % 2 == 0 ? "Accepted" : "Refused") }, alice.Signer()))));
        Assert.Single(answers, a => a == MeshStatus.SuccessCreated);
        Assert.Equal(3, answers.Count(a => a == MeshStatus.AlreadyExists));
    }

    [Fact]
    public async Task Forged_requests_and_results_are_refused()
    {
        await using var portal = await TestPortal.StartAsync();
        using var client = portal.Client();
        using var alice = new TestAccount("alice");
        using var bob = new TestAccount("bob");
        await alice.CreateAsync(client);
        await bob.CreateAsync(client);
        using var phone = DeviceSecrets.Create("phone", DateTimeOffset.UtcNow);
        using var other = DeviceSecrets.Create("other", DateTimeOffset.UtcNow);

        // A request signed by another device than the one it carries.
        var forged = new SignedConnectionRequest { SignedData = SignedPayload.Sign(new ConnectionRequest { ParentUDF = alice.Verified.Identifier, Device = phone.Profile, DeviceNonce = Udf.Nonce() }, other.SignatureKey) };
        await AssertRefused(MeshStatus.ClientUnauthorized, () => client.SendAsync<ConnectStartResponse>(new ConnectStartRequest { AccountID = alice.Account, SignedRequest = forged }));
        // A request for Bob's profile sent to Alice's account.
        await AssertRefused(MeshStatus.BadRequest, () => client.SendAsync<ConnectStartResponse>(new ConnectStartRequest { AccountID = alice.Account, SignedRequest = Request(bob, phone) }));

        await client.SendAsync<ConnectStartResponse>(new ConnectStartRequest { AccountID = alice.Account, SignedRequest = Request(alice, phone) });
        // Bob's administrator cannot answer Alice's request, nor sign a result with Bob's key.
        await AssertRefused(MeshStatus.ClientUnauthorized, () => client.SendAsync<ConnectCompleteResponse>(new ConnectCompleteRequest { AccountID = alice.Account, Result = Result(alice, phone, "Accepted") }, bob.Signer()));
        await AssertRefused(MeshStatus.ClientUnauthorized, () => client.SendAsync<ConnectCompleteResponse>(new ConnectCompleteRequest { AccountID = alice.Account, Result = Result(bob, phone, "Accepted") }, alice.Signer()));
    }

    /// <summary>A portal with Alice's account and a pending request of her new phone.</summary>
    private sealed class PendingWorld : IAsyncDisposable
    {
        private PendingWorld(TestPortal portal) => (Portal, Client) = (portal, portal.Client());

        public TestPortal Portal { get; }
        public PortalClient Client { get; }
        public TestAccount Alice { get; } = new("alice");
        public DeviceSecrets Phone { get; } = DeviceSecrets.Create("phone", DateTimeOffset.UtcNow);

        public static async Task<PendingWorld> StartAsync()
        {
            var world = new PendingWorld(await TestPortal.StartAsync());
            await world.Alice.CreateAsync(world.Client);
            await world.Client.SendAsync<ConnectStartResponse>(new ConnectStartRequest { AccountID = world.Alice.Account, SignedRequest = Request(world.Alice, world.Phone) });
            return world;
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            Alice.Dispose();
            Phone.Dispose();
            await Portal.DisposeAsync();
        }
    }
}
