

namespace Mesh.Portal.Tests.Security;

/// <summary>Malformed, oversized and unexpected requests get a 4xx Mesh answer, change nothing, and the portal keeps serving.</summary>
public sealed class HostileInputTests
{
    public static TheoryData<string, int> Bodies() => new()
    {
        { "", 400 },
        { "{", 400 },
        { "null", 400 },
        { "[]", 400 },
        { "{}", 400 },
        { "{\"HelloRequest\":{},\"GetRequest\":{}}", 400 },
        { "{\"NoSuchRequest\":{}}", 400 },
        { "{\"DeviceProfile\":{}}", 400 },
        { "{\"MeshResponse\":{}}", 400 },
        { "{\"GetRequest\":{\"Account\":5}}", 400 },
        { "{\"GetRequest\":{\"Account\":\"a\",\"Account\":\"b\"}}", 400 },
        { "{\"GetRequest\":{\"Multiple\":\"yes\"}}", 400 },
        { "{\"GetRequest\":{\"SearchConstraints\":{\"MaxEntries\":1e400}}}", 400 },
        { "{\"GetRequest\":{\"SearchConstraints\":{\"NotBefore\":\"tomorrow\"}}}", 400 },
        { "{\"CreateRequest\":{\"Account\":\"alice\"}}", 400 },
        { "{\"CreateRequest\":{\"Account\":\"alice\",\"Profile\":{\"SignedData\":{\"payload\":\"!!\"}}}}", 400 },
        { "{\"CreateRequest\":{\"Account\":\"alice\",\"Profile\":{\"SignedData\":{\"payload\":\"e30\",\"signatures\":[{\"protected\":\"e30\",\"signature\":\"AA\"}]}}}}", 400 },
        { "{\"PublishRequest\":{\"Entry\":{\"SignedPersonalProfile\":{\"Identifier\":\"x\"}}}}", 400 },
        { "{\"PublishRequest\":{\"Entry\":{\"OfflineEscrowEntry\":{\"Identifier\":\"x\"}}}}", 400 },
        { "{\"ConnectStartRequest\":{\"AccountID\":\"alice\"}}", 400 },
        { "{\"ConnectStatusRequest\":{\"AccountID\":\"alice\",\"DeviceID\":\"MAAA\"}}", 404 },
        { "{\"ConnectCompleteRequest\":{}}", 401 },
        { "{\"TransferRequest\":{\"SearchConstraints\":{\"PageKey\":\"-1\"}}}", 400 },
        { "{\"PublishRequest\":{\"Entry\":{\"DeviceProfile\":{\"Names\":[" + string.Join(',', Enumerable.Repeat("\"x\"", 10000)) + "]}}}}", 400 },
        { "{\"GetRequest\":{\"X\":" + new string('[', 100) + new string(']', 100) + "}}", 400 },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task A_malformed_request_is_answered_with_a_4xx_and_changes_nothing(string body, int status)
    {
        await using var portal = await TestPortal.StartAsync();
        var answer = await RawHttp.PostAsync(portal, body);
        Assert.Equal(status, answer.Status);
        Assert.False(string.IsNullOrEmpty(answer.Description));
        Assert.Equal(0, portal.Store.ReadHead().Size);
        Assert.Equal(200, (await RawHttp.PostAsync(portal, "{\"HelloRequest\":{}}")).Status);
    }

    [Fact]
    public async Task Invalid_utf8_a_wrong_host_and_a_huge_body_are_refused()
    {
        await using var portal = await TestPortal.StartAsync();
        Assert.Equal(400, (await RawHttp.PostAsync(portal, [.. "{\"GetRequest\":{\"Account\":\""u8, 0xC3, 0x28, .. "\"}}"u8])).Status);
        Assert.Equal(400, (await RawHttp.PostAsync(portal, "{\"HelloRequest\":{}}", host: "evil.example")).Status);
        var huge = System.Text.Encoding.UTF8.GetBytes("{\"GetRequest\":{\"Account\":\"" + new string('a', 2 * 1024 * 1024) + "\"}}");
        Assert.Equal(413, (await RawHttp.PostAsync(portal, huge)).Status);
        Assert.Equal(200, (await RawHttp.PostAsync(portal, "{\"HelloRequest\":{}}")).Status);
    }

    [Fact]
    public async Task Only_a_signed_publication_may_be_larger_than_a_mebibyte()
    {
        await using var portal = await TestPortal.StartAsync();
        static byte[] Body(string tag, int pad) => System.Text.Encoding.UTF8.GetBytes($"{{\"{tag}\":{{\"Pad\":\"{new string('A', pad)}\"}}}}");
        const string header = "Mesh-Signature account=\"a@example.com\"";
        Assert.Equal(413, (await RawHttp.PostAsync(portal, Body("PublishRequest", 2 * 1024 * 1024))).Status);
        Assert.Equal(413, (await RawHttp.PostAsync(portal, Body("GetRequest", 2 * 1024 * 1024), authorization: header)).Status);
        // Read whole, then refused for what it is (its signature), not for its size.
        var signed = await RawHttp.PostAsync(portal, Body("PublishRequest", 2 * 1024 * 1024), authorization: header);
        Assert.True(signed.Status is >= 400 and < 500 and not 413, $"{signed.Status} {signed.Description}");
        Assert.Equal(413, (await RawHttp.PostAsync(portal, Body("PublishRequest", 9 * 1024 * 1024), authorization: header)).Status);
        Assert.Equal(200, (await RawHttp.PostAsync(portal, "{\"HelloRequest\":{}}")).Status);
    }

    [Fact]
    public async Task A_body_far_beyond_the_limit_is_cut_off_with_413()
    {
        await using var portal = await TestPortal.StartAsync();
        var enormous = new byte[9 * 1024 * 1024];
        try
        {
            var answer = await RawHttp.PostAsync(portal, enormous);
            Assert.Equal(413, answer.Status);
        }
        catch (HttpRequestException)
        {
            // Kestrel may close the connection before the client has sent it all; either way no 500.
        }
        Assert.Equal(200, (await RawHttp.PostAsync(portal, "{\"HelloRequest\":{}}")).Status);
    }

    [Fact]
    public async Task Random_mutations_of_a_valid_request_never_produce_a_500()
    {
        await using var portal = await TestPortal.StartAsync();
        using var alice = new TestAccount("alice");
        var valid = Schema.Json.TaggedJson.Serialize(new Schema.CreateRequest { Account = "alice", Profile = alice.Profile });
        var random = new Random(1234);
        for (var i = 0; i < 150; i++)
        {
            var mutated = (byte[])valid.Clone();
            for (var j = 0; j < 1 + random.Next(4); j++)
                mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            var answer = await RawHttp.PostAsync(portal, mutated);
            Assert.InRange(answer.Status!.Value, 200, 499);
        }
        Assert.Equal(200, (await RawHttp.PostAsync(portal, "{\"HelloRequest\":{}}")).Status);
    }
}
