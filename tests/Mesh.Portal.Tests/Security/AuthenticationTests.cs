using Mesh.Cryptography;
using Mesh.Profiles;
using Mesh.Protocol;
using Mesh.Schema;
using Mesh.Schema.Json;

namespace Mesh.Portal.Tests.Security;

/// <summary>Every way a request signature can be wrong is refused with 401 and changes nothing.</summary>
public sealed class AuthenticationTests
{
    private static byte[] PendingBody(TestAccount account) =>
        TaggedJson.Serialize(new ConnectPendingRequest { AccountID = account.Account, Portal = TestPortal.Domain });

    private static async Task<(TestPortal Portal, TestAccount Alice)> StartAsync()
    {
        var portal = await TestPortal.StartAsync();
        var alice = new TestAccount("alice", devices: 2);
        using var client = portal.Client();
        await alice.CreateAsync(client);
        return (portal, alice);
    }

    [Fact]
    public async Task A_valid_signature_is_accepted_once_and_its_replay_refused()
    {
        var (portal, alice) = await StartAsync();
        await using var _ = portal;
        using var __ = alice;
        var body = PendingBody(alice);
        var header = RequestSignature.Sign(alice.Admin.AuthenticationKey, TestPortal.Domain, alice.Account, alice.Admin.Identifier, body, DateTimeOffset.UtcNow);

        Assert.Equal(200, (await RawHttp.PostAsync(portal, body, authorization: header)).Status);
        var replay = await RawHttp.PostAsync(portal, body, authorization: header);
        Assert.Equal(401, replay.Status);
        Assert.Contains("replay", replay.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_refused_for_its_content_does_not_burn_its_nonce()
    {
        var (portal, alice) = await StartAsync();
        await using var _ = portal;
        using var __ = alice;
        var body = TaggedJson.Serialize(new ConnectPendingRequest
        {
            AccountID = alice.Account,
            Portal = TestPortal.Domain,
            SearchConstraints = new SearchConstraints { PageKey = "not a page key" },
        });
        var header = RequestSignature.Sign(alice.Admin.AuthenticationKey, TestPortal.Domain, alice.Account, alice.Admin.Identifier, body, DateTimeOffset.UtcNow);

        Assert.Equal(400, (await RawHttp.PostAsync(portal, body, authorization: header)).Status);
        // Sent again, it is refused for the same reason, not as a replay: the first did not use the nonce.
        var again = await RawHttp.PostAsync(portal, body, authorization: header);
        Assert.Equal(400, again.Status);
        Assert.DoesNotContain("replay", again.Description, StringComparison.Ordinal);
    }

    public static TheoryData<string> Forgeries() => ["other portal", "old", "future", "other body", "unknown key", "other account's key", "bad signature", "garbage", "wrong scheme"];

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task A_wrong_signature_is_401_and_changes_nothing(string forgery)
    {
        var (portal, alice) = await StartAsync();
        await using var _ = portal;
        using var __ = alice;
        using var bob = new TestAccount("bob");
        using var stranger = KeyPair.Generate(KeyAlgorithm.Ed25519);
        var body = PendingBody(alice);
        var now = DateTimeOffset.UtcNow;
        var key = alice.Admin.AuthenticationKey;
        var header = forgery switch
        {
            "other portal" => RequestSignature.Sign(key, "other.example", alice.Account, alice.Admin.Identifier, body, now),
            "old" => RequestSignature.Sign(key, TestPortal.Domain, alice.Account, alice.Admin.Identifier, body, now.AddMinutes(-10)),
            "future" => RequestSignature.Sign(key, TestPortal.Domain, alice.Account, alice.Admin.Identifier, body, now.AddMinutes(10)),
            "other body" => RequestSignature.Sign(key, TestPortal.Domain, alice.Account, alice.Admin.Identifier, [.. body, 32], now),
            "unknown key" => RequestSignature.Sign(stranger, TestPortal.Domain, alice.Account, alice.Admin.Identifier, body, now),
            "other account's key" => RequestSignature.Sign(bob.Admin.AuthenticationKey, TestPortal.Domain, alice.Account, bob.Admin.Identifier, body, now),
            "bad signature" => RequestSignature.Sign(key, TestPortal.Domain, alice.Account, alice.Admin.Identifier, body, now)[..^4] + "AAAA",
            "garbage" => "Mesh not-a-jws",
            _ => "Bearer abc",
        };
        var before = portal.Store.ReadHead().Size;
        var answer = await RawHttp.PostAsync(portal, body, authorization: header);
        Assert.Equal(401, answer.Status);
        Assert.False(string.IsNullOrEmpty(answer.Description));
        Assert.Equal(before, portal.Store.ReadHead().Size);
    }

    [Fact]
    public async Task A_revoked_device_can_no_longer_sign()
    {
        var (portal, alice) = await StartAsync();
        await using var _ = portal;
        using var __ = alice;
        using var client = portal.Client();
        var revoked = alice.Devices[1];
        var next = PersonalProfiles.RemoveDevice(alice.Verified, revoked.Identifier, alice.Master.OnlineKeys[0], DateTimeOffset.UtcNow);
        await client.SendAsync<PublishResponse>(new PublishRequest { Entry = next, BasedOn = await alice.LatestAsync(client) });

        var entry = TestAccount.Escrow<OfflineEscrowEntry>("AAAA");
        var e = await Assert.ThrowsAsync<MeshException>(() => client.SendAsync<PublishResponse>(new PublishRequest { Entry = entry }, alice.Signer(1)));
        Assert.Equal(MeshStatus.ClientUnauthorized, e.Status);
        Assert.Contains("revoked", e.Message, StringComparison.Ordinal);
    }
}
