using Mesh.Portal.Tests.Storage;
using Mesh.Profiles;
using Mesh.Schema;

namespace Mesh.Portal.Tests.Security;

/// <summary>
/// Input that only PostgreSQL objects to: text holding U+0000, which the server refuses as a
/// parameter. A lookup by it finds nothing (404, not 500), and a profile that signed such a Name is
/// published without failing the group commit it shares with other writes.
/// </summary>
[RequiresPostgres]
public sealed class PostgresHostileInputTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static readonly string[] Lookups =
    [
        "{\"GetRequest\":{\"Identifier\":\"a\\u0000b\"}}",
        "{\"GetRequest\":{\"Account\":\"a\\u0000b\"}}",
        "{\"GetRequest\":{\"KeyValues\":[{\"Key\":\"Name\",\"Value\":\"a\\u0000b\"}]}}",
        "{\"ConnectStatusRequest\":{\"AccountID\":\"alice\",\"DeviceID\":\"a\\u0000b\"}}",
    ];

    private async Task<TestPortal> StartAsync() =>
        await TestPortal.StartAsync(Directory.CreateTempSubdirectory("mesh-portal-test-").FullName, "--database", database.NewSchema());

    [StoreFact]
    public async Task A_lookup_by_text_holding_U0000_is_404_and_changes_nothing()
    {
        await using var portal = await StartAsync();
        using var alice = new TestAccount("alice");
        await alice.CreateAsync(portal.Client());
        var state = portal.Store.DumpDerivedState();
        foreach (var body in Lookups)
        {
            var answer = await RawHttp.PostAsync(portal, body);
            Assert.Equal(404, answer.Status);
        }
        Assert.Equal(1, portal.Store.ReadHead().Size);
        Assert.Equal(state, portal.Store.DumpDerivedState());
        Assert.Equal(200, (await RawHttp.PostAsync(portal, "{\"HelloRequest\":{}}")).Status);
    }

    [StoreFact]
    public async Task A_profile_naming_a_term_holding_U0000_is_published()
    {
        await using var portal = await StartAsync();
        using var client = portal.Client();
        using var alice = new TestAccount("alice");
        await alice.CreateAsync(client);
        var named = PersonalProfiles.Sign(alice.Verified.Profile with { Names = ["a\0b"], Updated = DateTimeOffset.UtcNow }, alice.Master.OnlineKeys[0]);

        var answer = await client.SendAsync<PublishResponse>(new PublishRequest { Entry = named, BasedOn = await alice.LatestAsync(client) });

        Assert.Equal((int)MeshStatus.SuccessUpdated, answer.Status);
        Assert.Equal(2, portal.Store.ReadHead().Size);
    }
}
