using Mesh.Client.Portal;
using Mesh.Schema;

namespace Mesh.Portal.Tests.Transactions;

/// <summary>Draft 7.2.3 moved portals, 7.4.1 versions, 7.2.5 overload.</summary>
public sealed class MovedAndVersionTests
{
    [Theory]
    [InlineData(true, 303)]
    [InlineData(false, 307)]
    public async Task A_moved_portal_answers_every_request_with_the_new_address(bool permanent, int status)
    {
        await using var portal = await TestPortal.StartAsync(null, "--moved-to", "https://new.example.com/", "--moved-permanently", permanent ? "true" : "false");
        var answer = await RawHttp.PostAsync(portal, "{\"GetRequest\":{\"Account\":\"alice\"}}");
        Assert.Equal(status, answer.Status);
        Assert.Equal("https://new.example.com/", answer.Description);
    }

    [Fact]
    public async Task A_client_follows_a_move_only_when_it_is_approved()
    {
        await using var target = await TestPortal.StartAsync();
        await using var moved = await TestPortal.StartAsync(null, "--moved-to", target.Address.ToString(), "--moved-permanently", "true");
        using var alice = new TestAccount("alice");
        using (var direct = target.Client()) await alice.CreateAsync(direct);

        using var refusing = moved.Client();
        var e = await Assert.ThrowsAsync<MeshException>(() => refusing.SendAsync<GetResponse>(new GetRequest { Account = alice.Account }));
        Assert.Contains("moved permanently", e.Message, StringComparison.Ordinal);

        var notices = new List<string>();
        using var following = moved.Client();
        following.ApproveMove = (uri, permanent) => Task.FromResult(permanent && uri.Port == target.Address.Port);
        following.Notice = notices.Add;
        var found = await following.SendAsync<GetResponse>(new GetRequest { Account = alice.Account });
        Assert.Equal(alice.Profile.Identifier, found.DataItems![0].Entry!.Identifier);
        Assert.Equal(target.Address.Port, following.BaseAddress.Port);
        Assert.Contains(notices, n => n.Contains("moved permanently", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_request_in_another_major_version_is_refused_saying_both_versions()
    {
        await using var portal = await TestPortal.StartAsync();
        var answer = await RawHttp.PostAsync(portal, "{\"HelloRequest\":{\"Version\":{\"Major\":4,\"Minor\":1}}}");
        Assert.Equal(400, answer.Status);
        Assert.Contains("version 3.0", answer.Description, StringComparison.Ordinal);
        Assert.Contains("version 4.1", answer.Description, StringComparison.Ordinal);
        Assert.Equal(200, (await RawHttp.PostAsync(portal, "{\"HelloRequest\":{\"Version\":{\"Major\":3,\"Minor\":7}}}")).Status);
    }

    [Fact]
    public async Task An_overloaded_portal_answers_503_with_a_retry_hint_and_the_client_retries()
    {
        await using var portal = await TestPortal.StartAsync(null, "--rate-limit", "1");
        using var client = portal.Client();
        var notices = new List<string>();
        client.Notice = notices.Add;
        // Over the rate limit, the client backs off and retries rather than failing at once.
        for (var i = 0; i < 4; i++) await client.SendAsync<HelloResponse>(new HelloRequest());
        Assert.Contains(notices, n => n.Contains("busy (429)", StringComparison.Ordinal));
    }
}
