using Mesh.Profiles;
using Mesh.Schema;

namespace Mesh.Portal.Tests.Transactions;

/// <summary>Draft 5.1.3: profiles are found by the fingerprints of their index terms, and the portal never holds the terms.</summary>
public sealed class IndexTermTests
{
    [Fact]
    public async Task A_Get_with_more_KeyValues_than_a_page_is_refused_before_any_lookup()
    {
        await using var portal = await TestPortal.StartAsync();
        using var client = portal.Client();
        var pairs = Enumerable.Range(0, 101).Select(i => new KeyValue { Key = "Name", Value = IndexTerms.Fingerprint($"n{i}@example.com") }).ToList();

        var e = await Assert.ThrowsAsync<MeshException>(() => client.SendAsync<GetResponse>(new GetRequest { KeyValues = pairs }));
        Assert.Equal(MeshStatus.BadRequest, e.Status);
        Assert.Contains("at most 100 KeyValues", e.Message, StringComparison.Ordinal);
        var hundred = await Assert.ThrowsAsync<MeshException>(() => client.SendAsync<GetResponse>(new GetRequest { KeyValues = pairs[..100] }));
        Assert.Equal(MeshStatus.NotFound, hundred.Status);
    }

    [Fact]
    public async Task A_profile_is_found_by_the_fingerprint_of_an_address_the_portal_never_sees()
    {
        const string address = "Alice.Liddell@Wonderland.example";
        var data = Path.Combine(Path.GetTempPath(), "mesh-names-" + Guid.NewGuid().ToString("N"));
        await using (var portal = await TestPortal.StartAsync(data))
        {
            using var client = portal.Client();
            using var alice = new TestAccount("alice");
            await alice.CreateAsync(client);
            var named = PersonalProfiles.Sign(alice.Verified.Profile with
            {
                Names = [IndexTerms.Fingerprint(address)],
                Updated = DateTimeOffset.UtcNow,
            }, alice.Master.OnlineKeys[0]);
            await client.SendAsync<PublishResponse>(new PublishRequest { Entry = named, BasedOn = await alice.LatestAsync(client) });

            // Case and surrounding space do not matter: the term is normalized before it is fingerprinted.
            var found = await client.SendAsync<GetResponse>(new GetRequest { KeyValues = [new KeyValue { Key = "Name", Value = IndexTerms.Fingerprint("  alice.liddell@wonderland.EXAMPLE ") }] });
            Assert.Equal(alice.Verified.Identifier, found.DataItems![0].Entry!.Identifier);
            var e = await Assert.ThrowsAsync<MeshException>(() => client.SendAsync<GetResponse>(new GetRequest { KeyValues = [new KeyValue { Key = "Name", Value = IndexTerms.Fingerprint("bob@wonderland.example") }] }));
            Assert.Equal(MeshStatus.NotFound, e.Status);

            // Nothing the portal stored (database, write-ahead log, keys) holds the address, in any case.
            var files = Directory.GetFiles(data);
            Assert.NotEmpty(files);
            foreach (var file in files)
            {
                var bytes = System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(file));
                Assert.DoesNotContain("liddell", bytes, StringComparison.OrdinalIgnoreCase);
            }
        }
    }
}
