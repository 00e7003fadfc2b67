using Mesh.Portal.Storage;
using Mesh.Portal.Transactions;
using Mesh.Profiles;
using Mesh.Schema;
using Mesh.Schema.Json;

namespace Mesh.Portal.Tests.Transactions;

public sealed class GetTransactionTests
{
    [Fact]
    public async Task The_latest_version_is_answered_with_the_same_bytes_until_an_update_replaces_it()
    {
        await using var portal = await TestPortal.StartAsync();
        using var client = portal.Client();
        using var alice = new TestAccount("alice");
        await alice.CreateAsync(client);

        var first = await GetBytesAsync(portal, alice.Account);
        Assert.Equal(first, await GetBytesAsync(portal, alice.Account));
        var next = PersonalProfiles.WithApplications(alice.Verified, alice.Verified.Applications, alice.Master.OnlineKeys[0], DateTimeOffset.UtcNow);
        await client.SendAsync<PublishResponse>(new PublishRequest { Entry = next, BasedOn = await alice.LatestAsync(client) });

        var after = TaggedJson.Deserialize<GetResponse>(await GetBytesAsync(portal, alice.Account));
        Assert.Equal(TaggedJson.SerializeToString(next), TaggedJson.SerializeToString(after.DataItems![0].Entry!));
        // The rendered answer is exactly what serializing the response gives.
        Assert.Equal(TaggedJson.Serialize<MeshResponse>(after), await GetBytesAsync(portal, alice.Account));
        // Multiple still lists every version, newest first.
        var all = await client.SendAsync<GetResponse>(new GetRequest { Account = alice.Account, Multiple = true });
        Assert.Equal(2, all.DataItems!.Count);
    }

    [Fact]
    public void Rendered_answers_stay_right_when_the_budget_evicts_them()
    {
        using var rendered = new RenderedGets(maxBytes: 1);
        var reads = 0;
        LogRow Read(long index)
        {
            reads++;
            var record = new LogRecord { Account = "a@example.com", Published = DateTimeOffset.UnixEpoch, Entry = new OfflineEscrowEntry { Identifier = $"E{index}" } };
            return new LogRow(index, TaggedJson.Serialize(record), DateTimeOffset.UnixEpoch);
        }

        for (var i = 0; i < 3; i++)
        {
            var reply = rendered.Get(i % 2, "example.com", Read);
            var response = TaggedJson.Deserialize<GetResponse>(reply.Json!);
            Assert.Equal($"E{i % 2}", response.DataItems![0].Entry!.Identifier);
            Assert.Equal($"{i % 2}@example.com", response.DataItems[0].TransactionID);
        }
        Assert.True(reads >= 2);
    }

    private static async Task<byte[]> GetBytesAsync(TestPortal portal, string account)
    {
        using var http = new HttpClient();
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(portal.Address, "/.well-known/mmm/"))
        {
            Content = new ByteArrayContent(TaggedJson.Serialize<MeshRequest>(new GetRequest { Account = account })),
        };
        message.Headers.Host = TestPortal.Domain;
        using var response = await http.SendAsync(message);
        Assert.Equal(200, (int)response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }
}
