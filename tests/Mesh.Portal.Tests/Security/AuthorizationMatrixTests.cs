using Mesh.Encoding;
using Mesh.Protocol;
using Mesh.Schema;
using Mesh.Schema.Json;

namespace Mesh.Portal.Tests.Security;

/// <summary>
/// For every transaction, every way of sending it without the right to: no credential, another
/// account's key claiming this account, another account acting as itself on this account's data, a
/// revoked device, a replay, a signature for another portal, a forged signature and a request
/// addressed to another portal. Each is refused with the status of the matrix below and changes
/// neither the log nor the derived state; the transactions that are public by design (their
/// authority is the signed content, or they only read public data) accept whatever credential
/// comes along, and docs/security.md says why.
/// </summary>
public sealed class AuthorizationMatrixTests(AuthorizationWorld world) : IClassFixture<AuthorizationWorld>
{
    /// <summary>The ways of sending a request, in the order of the matrix's columns.</summary>
    public static readonly string[] Attacks =
        ["valid", "no credential", "other account's key", "other account as itself", "revoked device", "replay", "signed for another portal", "forged signature", "addressed to another portal"];

    // The expected status of each transaction under each attack (columns as Attacks). Writes
    // marks the transactions whose accepted requests change the log.
    private static readonly (string Transaction, bool Writes, int[] Expected)[] Matrix =
    [
        ("Hello", false, [200, 200, 200, 200, 200, 200, 200, 200, 400]),
        ("Validate", false, [200, 200, 200, 200, 200, 200, 200, 200, 400]),
        ("Create", true, [201, 401, 401, 401, 401, 409, 401, 401, 400]),
        ("Get", false, [200, 200, 200, 200, 200, 200, 200, 200, 400]),
        ("Publish personal profile", true, [202, 202, 202, 202, 202, 409, 202, 202, 400]),
        ("Publish application profile", true, [202, 401, 401, 404, 401, 409, 401, 401, 400]),
        ("Publish escrow", true, [201, 401, 401, 409, 401, 409, 401, 401, 400]),
        ("Status", false, [200, 200, 200, 200, 200, 200, 200, 200, 400]),
        ("Transfer", false, [200, 200, 200, 200, 200, 200, 200, 200, 400]),
        ("ConnectStart", true, [201, 201, 201, 201, 201, 409, 201, 201, 400]),
        ("ConnectStatus", false, [200, 401, 401, 401, 401, 401, 401, 401, 400]),
        ("ConnectPending", false, [200, 401, 401, 401, 401, 401, 401, 401, 400]),
        ("ConnectComplete", true, [201, 401, 401, 401, 401, 409, 401, 401, 400]),
    ];

    public static TheoryData<string, string, int> Cases()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var (transaction, _, expected) in Matrix)
            for (var i = 0; i < Attacks.Length; i++) data.Add(transaction, Attacks[i], expected[i]);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_transaction_answers_each_credential_as_the_matrix_says_and_a_refusal_changes_nothing(string transaction, string attack, int expected)
    {
        var (request, signer) = await BuildAsync(transaction, attack);
        var body = TaggedJson.Serialize(request with { Portal = TestPortal.Domain });
        var header = Header(attack, body, signer);
        var host = attack == "addressed to another portal" ? "other.example" : TestPortal.Domain;
        if (attack == "replay")
        {
            var first = await RawHttp.PostAsync(world.Portal, body, host, header);
            Assert.InRange(first.Status!.Value, 200, 299);
        }

        var (state, size) = (world.Portal.Store.DumpDerivedState(), world.Portal.Store.ReadHead().Size);
        var answer = await RawHttp.PostAsync(world.Portal, body, host, header);

        Assert.True(expected == answer.Status, $"{transaction}, {attack}: expected {expected}, got {answer.Status} ({answer.Description})");
        Assert.False(string.IsNullOrEmpty(answer.Description));
        var writes = Matrix.Single(m => m.Transaction == transaction).Writes;
        if (expected >= 300 || !writes)
        {
            Assert.Equal(size, world.Portal.Store.ReadHead().Size);
            Assert.Equal(state, world.Portal.Store.DumpDerivedState());
        }
        else
        {
            Assert.Equal(size + 1, world.Portal.Store.ReadHead().Size);
        }
    }

    [Fact]
    public void The_matrix_covers_every_transaction_the_dispatcher_handles()
    {
        var requests = typeof(MeshRequest).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(MeshRequest)) && !t.IsAbstract)
            .Select(t => t.Name[..^"Request".Length]).Order(StringComparer.Ordinal);
        var covered = Matrix.Select(m => m.Transaction.Split(' ')[0]).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(requests, covered);
    }

    /// <summary>The request of a row, fresh where an accepted one would change what the next row sees, and the device entitled to sign it (null: public).</summary>
    private async Task<(MeshRequest Request, Signer? Signer)> BuildAsync(string transaction, string attack)
    {
        var alice = world.Alice;
        var admin = new Signer(alice.Account, alice.Admin);
        switch (transaction)
        {
            case "Hello": return (new HelloRequest(), null);
            case "Validate": return (new ValidateRequest { Account = world.Unique("name") }, null);
            case "Create":
                var user = world.NewUser();
                // Proof of possession: a device of the profile being bound signs its creation.
                return (new CreateRequest { Account = user.Account, Profile = user.Profile }, new Signer(user.Account, user.Admin));
            case "Get": return (new GetRequest { Account = alice.Account }, null);
            case "Publish personal profile": return (await world.NextCarolProfileAsync(), null);
            case "Publish application profile":
                return (new PublishRequest { Entry = world.SealApplication(), BasedOn = await world.LatestAsync(world.ApplicationId) }, admin);
            case "Publish escrow":
                // Bob, acting as himself, aims at Alice's existing entry; the others at a new one.
                var escrow = attack == "other account as itself" ? AuthorizationWorld.AliceEscrow : world.Unique("escrow-");
                return (new PublishRequest { Entry = AuthorizationWorld.Escrow(escrow) }, admin);
            case "Status": return (new StatusRequest(), null);
            case "Transfer": return (new TransferRequest(), null);
            case "ConnectStart":
                return (new ConnectStartRequest { AccountID = alice.Account, SignedRequest = world.ConnectionRequest(world.NewDevice()) }, null);
            case "ConnectStatus":
                return (new ConnectStatusRequest { AccountID = alice.Account, DeviceID = world.Phone.Identifier }, new Signer(alice.Account, world.Phone));
            case "ConnectPending": return (new ConnectPendingRequest { AccountID = alice.Account }, admin);
            case "ConnectComplete":
                var device = await world.NewPendingDeviceAsync();
                return (new ConnectCompleteRequest { AccountID = alice.Account, Result = world.ConnectionResult(device, "Accepted") }, admin);
            default: throw new ArgumentException(transaction, nameof(transaction));
        }
    }

    private sealed record Signer(string Account, Profiles.DeviceSecrets Device);

    /// <summary>The Authorization header of an attack. Public transactions get Alice's administrator's signature where the attack needs one.</summary>
    private string? Header(string attack, byte[] body, Signer? entitled)
    {
        var now = DateTimeOffset.UtcNow;
        var own = entitled ?? new Signer(world.Alice.Account, world.Alice.Admin);
        string Sign(Signer s, string portal = TestPortal.Domain) =>
            RequestSignature.Sign(s.Device.AuthenticationKey, portal, s.Account, s.Device.Identifier, body, now);
        return attack switch
        {
            "valid" or "replay" or "addressed to another portal" => entitled is null ? null : Sign(entitled),
            "no credential" => null,
            "other account's key" => Sign(new Signer(own.Account, world.Bob.Admin)),
            "other account as itself" => Sign(new Signer(world.Bob.Account, world.Bob.Admin)),
            "revoked device" => Sign(new Signer(own.Account, world.Revoked)),
            "signed for another portal" => Sign(own, "other.example"),
            "forged signature" => Forge(Sign(own)),
            _ => throw new ArgumentException(attack, nameof(attack)),
        };
    }

    /// <summary>The same header with one bit of its signature flipped: well-formed, but not a signature.</summary>
    private static string Forge(string header)
    {
        var parts = header.Split('.');
        var signature = Base64Url.Decode(parts[2]);
        signature[0] ^= 1;
        return $"{parts[0]}.{parts[1]}.{Base64Url.Encode(signature)}";
    }
}
