using Mesh.Applications;
using Mesh.Profiles;
using Mesh.Schema;
using static Mesh.Portal.Tests.MeshAssert;

namespace Mesh.Portal.Tests.Transactions;

public sealed class PublishTransactionTests
{
    [Fact]
    public async Task A_profile_update_based_on_the_latest_version_is_accepted()
    {
        await using var portal = await TestPortal.StartAsync();
        using var client = portal.Client();
        using var alice = new TestAccount("alice");
        await alice.CreateAsync(client);
        using var phone = DeviceSecrets.Create("phone", DateTimeOffset.UtcNow);

        var next = PersonalProfiles.AddDevice(alice.Verified, phone.Profile, alice.Master.OnlineKeys[0], DateTimeOffset.UtcNow);
        var answer = await client.SendAsync<PublishResponse>(new PublishRequest { Entry = next, BasedOn = await alice.LatestAsync(client) });

        Assert.Equal(202, answer.Status);
        var get = await client.SendAsync<GetResponse>(new GetRequest { Account = alice.Account });
        var served = ProfileVerifier.Verify(Schema.Json.TaggedJson.Serialize(get.DataItems![0].Entry!), null, DateTimeOffset.UtcNow);
        Assert.NotNull(served.FindDevice(phone.Identifier));
    }

    [Fact]
    public async Task Two_administering_devices_updating_from_the_same_version_never_overwrite_each_other()
    {
        await using var portal = await TestPortal.StartAsync();
        using var client = portal.Client();
        using var alice = new TestAccount("alice");
        await alice.CreateAsync(client);
        var basedOn = await alice.LatestAsync(client);
        using var phone = DeviceSecrets.Create("phone", DateTimeOffset.UtcNow);
        using var tablet = DeviceSecrets.Create("tablet", DateTimeOffset.UtcNow);
        var withPhone = PersonalProfiles.AddDevice(alice.Verified, phone.Profile, alice.Master.OnlineKeys[0], DateTimeOffset.UtcNow);
        var withTablet = PersonalProfiles.AddDevice(alice.Verified, tablet.Profile, alice.Master.OnlineKeys[0], DateTimeOffset.UtcNow.AddMilliseconds(1));

        var results = await Task.WhenAll(
            Outcome(client.SendAsync<PublishResponse>(new PublishRequest { Entry = withPhone, BasedOn = basedOn })),
            Outcome(client.SendAsync<PublishResponse>(new PublishRequest { Entry = withTablet, BasedOn = basedOn })));

        Assert.Single(results, r => r == MeshStatus.SuccessUpdated);
        Assert.Single(results, r => r == MeshStatus.AlreadyExists);
        Assert.Equal(2, portal.Store.ReadHead().Size);
    }

    [Fact]
    public async Task Stale_missing_or_rolled_back_updates_are_409_and_another_master_is_401()
    {
        await using var portal = await TestPortal.StartAsync();
        using var client = portal.Client();
        using var alice = new TestAccount("alice");
        await alice.CreateAsync(client);
        var v1 = await alice.LatestAsync(client);
        var older = PersonalProfiles.Sign(alice.Verified.Profile with { Updated = DateTimeOffset.UtcNow.AddDays(-1) }, alice.Master.OnlineKeys[0]);
        var next = PersonalProfiles.WithApplications(alice.Verified, alice.Verified.Applications, alice.Master.OnlineKeys[0], DateTimeOffset.UtcNow);

        await AssertRefused(MeshStatus.AlreadyExists, () => client.SendAsync<PublishResponse>(new PublishRequest { Entry = next }));
        await AssertRefused(MeshStatus.AlreadyExists, () => client.SendAsync<PublishResponse>(new PublishRequest { Entry = next, BasedOn = "999@example.com" }));
        await AssertRefused(MeshStatus.AlreadyExists, () => client.SendAsync<PublishResponse>(new PublishRequest { Entry = older, BasedOn = v1 }));

        // A profile of the same identifier under another master cannot exist (the identifier is
        // the master key's UDF), so an unknown profile is simply not bound to any account.
        using var bob = new TestAccount("bob");
        await AssertRefused(MeshStatus.NotFound, () => client.SendAsync<PublishResponse>(new PublishRequest { Entry = bob.Profile, BasedOn = v1 }));
        Assert.Equal(1, portal.Store.ReadHead().Size);
    }

    [Fact]
    public async Task Escrow_entries_need_a_signed_request_and_belong_to_their_account()
    {
        await using var portal = await TestPortal.StartAsync();
        using var client = portal.Client();
        using var alice = new TestAccount("alice");
        using var bob = new TestAccount("bob");
        await alice.CreateAsync(client);
        await bob.CreateAsync(client);
        var entry = TestAccount.Escrow<OfflineEscrowEntry>("AAAA");

        await AssertRefused(MeshStatus.ClientUnauthorized, () => client.SendAsync<PublishResponse>(new PublishRequest { Entry = entry }));
        var created = await client.SendAsync<PublishResponse>(new PublishRequest { Entry = entry }, alice.Signer());
        Assert.Equal(201, created.Status);
        await AssertRefused(MeshStatus.AlreadyExists, () => client.SendAsync<PublishResponse>(new PublishRequest { Entry = entry }, bob.Signer()));
    }

    [Fact]
    public async Task Entries_that_cannot_be_published_are_400()
    {
        await using var portal = await TestPortal.StartAsync();
        using var client = portal.Client();
        using var alice = new TestAccount("alice");
        await AssertRefused(MeshStatus.BadRequest, () => client.SendAsync<PublishResponse>(new PublishRequest { Entry = alice.Devices[0].Profile }));
        await AssertRefused(MeshStatus.BadRequest, () => client.SendAsync<PublishResponse>(new PublishRequest()));
    }

    [Theory]
    [InlineData(-1000)] // earlier than the current version
    [InlineData(0)] // the same time
    public async Task An_application_update_that_is_not_later_than_the_current_version_is_refused_and_nothing_is_logged(int offsetMs)
    {
        await using var portal = await TestPortal.StartAsync();
        using var client = portal.Client();
        using var alice = new TestAccount("alice");
        await alice.CreateAsync(client);
        var entry = ApplicationProfiles.NewEntry<PasswordProfile>([alice.Admin.Identifier], [alice.Admin.Identifier]);
        alice.Profile = PersonalProfiles.WithApplications(alice.Verified, [.. alice.Verified.Applications, entry], alice.Master.OnlineKeys[0], DateTimeOffset.UtcNow);
        await client.SendAsync<PublishResponse>(new PublishRequest { Entry = alice.Profile, BasedOn = await alice.LatestAsync(client) });
        var first = DateTimeOffset.UtcNow;
        SignedApplicationProfile Version(DateTimeOffset updated) =>
            ApplicationProfiles.Seal(alice.Verified, entry.Identifier!, new PasswordProfile(), new PasswordProfilePrivate(), alice.Admin, updated);
        var created = await client.SendAsync<PublishResponse>(new PublishRequest { Entry = Version(first) }, alice.Signer());
        var size = portal.Store.ReadHead().Size;

        await AssertRefused(MeshStatus.AlreadyExists, () => client.SendAsync<PublishResponse>(
            new PublishRequest { Entry = Version(first.AddMilliseconds(offsetMs)), BasedOn = created.TransactionID }, alice.Signer()));
        Assert.Equal(size, portal.Store.ReadHead().Size);

        // A BasedOn naming no version of the log, or another entry's, is a conflict, not a failure.
        foreach (var wrong in new[] { "999999999999@example.com", "0@example.com", "not a transaction" })
            await AssertRefused(MeshStatus.AlreadyExists, () => client.SendAsync<PublishResponse>(
                new PublishRequest { Entry = Version(first.AddMilliseconds(1)), BasedOn = wrong }, alice.Signer()));
        Assert.Equal(size, portal.Store.ReadHead().Size);

        // A later one, based on the same version, is accepted.
        var next = await client.SendAsync<PublishResponse>(
            new PublishRequest { Entry = Version(first.AddMilliseconds(1)), BasedOn = created.TransactionID }, alice.Signer());
        Assert.Equal(202, next.Status);
    }
}
