using Mesh.Profiles;
using Mesh.Schema;
using static Mesh.Portal.Tests.MeshAssert;

namespace Mesh.Portal.Tests.Transactions;

public sealed class AccountTransactionTests
{
    [Fact]
    public async Task Hello_reports_the_version_and_encoding()
    {
        await using var portal = await TestPortal.StartAsync();
        using var client = portal.Client();
        var hello = await client.SendAsync<HelloResponse>(new HelloRequest());
        Assert.Equal(3, hello.Version!.Major);
        Assert.Equal("application/json", hello.Version.Encodings![0].ID![0]);
    }

    [Theory]
    [InlineData("alice", true, null)]
    [InlineData("alice@example.com", true, null)]
    [InlineData("Al!ce", false, "!")]
    [InlineData("al", false, null)]
    [InlineData("postmaster", false, null)]
    [InlineData("a..b", false, null)]
    [InlineData("alice@other.net", false, null)]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789", false, null)]
    public async Task Validate_says_whether_and_why(string name, bool valid, string? invalid)
    {
        await using var portal = await TestPortal.StartAsync();
        using var client = portal.Client();
        var answer = await client.SendAsync<ValidateResponse>(new ValidateRequest { Account = name });
        Assert.Equal(valid, answer.Valid);
        Assert.Equal(invalid, answer.InvalidCharacters);
        Assert.Equal(valid, answer.Reason is null);
        Assert.Equal(3, answer.Minimum);
        Assert.Equal(32, answer.Maximum);
    }

    [Fact]
    public async Task Create_binds_an_account_that_then_is_taken_and_found()
    {
        await using var portal = await TestPortal.StartAsync();
        using var client = portal.Client();
        using var alice = new TestAccount("alice");

        var created = await alice.CreateAsync(client);
        Assert.Equal(201, created.Status);

        var validate = await client.SendAsync<ValidateResponse>(new ValidateRequest { Account = "ALICE" });
        Assert.False(validate.Valid);
        Assert.Contains("taken", validate.Reason, StringComparison.Ordinal);

        var get = await client.SendAsync<GetResponse>(new GetRequest { Account = "Alice@Example.com" });
        var profile = Assert.IsType<SignedPersonalProfile>(get.DataItems![0].Entry);
        Assert.Equal(alice.Verified.Identifier, profile.Identifier);
        Assert.EndsWith("@example.com", get.DataItems[0].TransactionID, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_refuses_a_taken_name_a_bound_profile_a_forged_profile_and_a_bad_name()
    {
        await using var portal = await TestPortal.StartAsync();
        using var client = portal.Client();
        using var alice = new TestAccount("alice");
        using var bob = new TestAccount("bob");
        await alice.CreateAsync(client);

        await AssertRefused(MeshStatus.AlreadyExists, () => client.SendAsync<CreateResponse>(new CreateRequest { Account = "alice", Profile = bob.Profile }, new Client.Portal.RequestSigner(alice.Account, bob.Admin)));
        await AssertRefused(MeshStatus.AlreadyExists, () => client.SendAsync<CreateResponse>(new CreateRequest { Account = "alice2", Profile = alice.Profile }, new Client.Portal.RequestSigner("alice2@example.com", alice.Admin)));
        await AssertRefused(MeshStatus.BadRequest, () => client.SendAsync<CreateResponse>(new CreateRequest { Account = "b!", Profile = bob.Profile }, bob.Signer()));
        // Without proof of possession a copy of Bob's profile cannot be bound, signed or not.
        await AssertRefused(MeshStatus.ClientUnauthorized, () => client.SendAsync<CreateResponse>(new CreateRequest { Account = "bobby", Profile = bob.Profile }));
        await AssertRefused(MeshStatus.ClientUnauthorized, () => client.SendAsync<CreateResponse>(new CreateRequest { Account = "bobby", Profile = bob.Profile }, new Client.Portal.RequestSigner("bobby@example.com", alice.Admin)));

        using var mallory = Cryptography.KeyPair.Generate(Cryptography.KeyAlgorithm.Ed25519);
        var forged = PersonalProfiles.Sign(bob.Verified.Profile, mallory);
        await AssertRefused(MeshStatus.ClientUnauthorized, () => client.SendAsync<CreateResponse>(new CreateRequest { Account = "bob", Profile = forged }, bob.Signer()));
        Assert.Equal(1, portal.Store.ReadHead().Size);
    }

    [Fact]
    public async Task Get_finds_versions_newest_first_with_paging_and_constraints()
    {
        await using var portal = await TestPortal.StartAsync();
        using var client = portal.Client();
        using var alice = new TestAccount("alice");
        await alice.CreateAsync(client);
        for (var i = 0; i < 4; i++)
        {
            var next = PersonalProfiles.WithApplications(alice.Verified, alice.Verified.Applications, alice.Master.OnlineKeys[0], DateTimeOffset.UtcNow);
            await client.SendAsync<PublishResponse>(new PublishRequest { Entry = next, BasedOn = await alice.LatestAsync(client) });
            alice.Profile = next;
        }

        var latest = await client.SendAsync<GetResponse>(new GetRequest { Identifier = alice.Verified.Identifier });
        Assert.Single(latest.DataItems!);
        Assert.Null(latest.PageKey);

        var page1 = await client.SendAsync<GetResponse>(new GetRequest { Identifier = alice.Verified.Identifier, Multiple = true, SearchConstraints = new SearchConstraints { MaxEntries = 2 } });
        Assert.Equal(2, page1.DataItems!.Count);
        var page2 = await client.SendAsync<GetResponse>(new GetRequest { SearchConstraints = new SearchConstraints { PageKey = page1.PageKey, MaxEntries = 2 } });
        var page3 = await client.SendAsync<GetResponse>(new GetRequest { SearchConstraints = new SearchConstraints { PageKey = page2.PageKey, MaxEntries = 2 } });
        var all = page1.DataItems.Concat(page2.DataItems!).Concat(page3.DataItems!).Select(d => d.TransactionID).ToList();
        Assert.Equal(5, all.Count);
        Assert.Null(page3.PageKey);
        Assert.Equal(all.OrderByDescending(t => long.Parse(t!.Split('@')[0], System.Globalization.CultureInfo.InvariantCulture)), all);

        var none = client.SendAsync<GetResponse>(new GetRequest { Identifier = alice.Verified.Identifier, SearchConstraints = new SearchConstraints { NotBefore = DateTimeOffset.UtcNow.AddHours(1) } });
        await AssertRefused(MeshStatus.NotFound, () => none);

        var full = await client.SendAsync<GetResponse>(new GetRequest { Account = alice.Account, Full = true });
        Assert.Equal(4, full.DataItems![0].LogIndex);
        Assert.NotNull(full.DataItems[0].LogEntry);
    }

    [Theory]
    [InlineData("{\"GetRequest\":{}}")]
    [InlineData("{\"GetRequest\":{\"SearchConstraints\":{\"PageKey\":\"garbage!\"}}}")]
    [InlineData("{\"GetRequest\":{\"KeyValues\":[{\"Key\":\"Color\",\"Value\":\"red\"}]}}")]
    public async Task Malformed_gets_are_400(string body)
    {
        await using var portal = await TestPortal.StartAsync();
        var response = await RawHttp.PostAsync(portal, body);
        Assert.Equal(400, response.Status);
    }
}
