using Mesh.Client;

namespace Mesh.Client.Tests.Applications;

/// <summary>A command that finds the portal unreachable tries it once, not once per step, so it never waits for the connect timeout twice.</summary>
public class OfflineOnceTests
{
    private sealed class Unreachable : HttpMessageHandler
    {
        public int Attempts { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Attempts++;
            throw new HttpRequestException("Connection timed out (simulated)");
        }
    }

    [Fact]
    public async Task A_write_and_the_reads_after_it_try_the_portal_once()
    {
        using var test = new TestHome();
        test.AddPasswords(new Mesh.Applications.PasswordVault());
        var portal = new Unreachable();
        using var http = new HttpClient(portal);
        using var device = new MeshDevice(test.Home, TestHome.DeadPortal) { Http = http };
        Assert.True((await device.AddPasswordsAsync([new Login("a.example.com", "u", "p")])).Pending);
        Assert.True((await device.AddPasswordsAsync([new Login("b.example.com", "u", "q")])).Pending);
        var read = await device.ReadPasswordsAsync(refresh: true);
        Assert.NotNull(read.StaleSince);
        Assert.Equal(2, read.Pending);
        Assert.Equal(1, portal.Attempts);
    }

    [Fact]
    public async Task A_read_that_syncs_tries_the_portal_once()
    {
        using var test = new TestHome();
        test.AddPasswords(new Mesh.Applications.PasswordVault());
        var portal = new Unreachable();
        using var http = new HttpClient(portal);
        using var device = new MeshDevice(test.Home, TestHome.DeadPortal) { Http = http };
        Assert.NotNull((await device.ReadPasswordsAsync(refresh: true)).StaleSince);
        Assert.NotNull((await device.ReadPasswordsAsync(refresh: true)).StaleSince);
        Assert.Equal(1, portal.Attempts);
    }
}

/// <summary>The journal under concurrent writers: nothing appended is lost.</summary>
public class OfflineJournalTests
{
    [Fact]
    public void A_journaled_change_changes_the_home_stamp_so_the_ssh_agent_reopens_its_keys()
    {
        using var test = new TestHome();
        var before = test.Home.ChangeStamp();
        new OfflineJournal(test.Home).Append([Mesh.Applications.PasswordOperation.NeverAsk(add: true, "a.example.com", TestHome.Now, "d")]);
        Assert.NotEqual(before, test.Home.ChangeStamp());
    }

    [Fact]
    public async Task Appends_from_two_writers_at_once_are_all_kept()
    {
        using var test = new TestHome();
        var time = TestHome.Now;
        async Task Writer(string device) => await Task.Run(() =>
        {
            var journal = new OfflineJournal(test.Home);
            for (var i = 0; i < 40; i++)
                journal.Append([Mesh.Applications.PasswordOperation.NeverAsk(add: true, $"{device}{i}.example.com", time, device)]);
        });
        await Task.WhenAll(Writer("a"), Writer("b"));
        var kept = new OfflineJournal(test.Home).Passwords;
        Assert.Equal(80, kept.Count);
        Assert.Equal(80, kept.Select(r => r.Operation.Sites[0]).Distinct().Count());
        new OfflineJournal(test.Home).Remove(kept.Take(79));
        Assert.Equal(kept[79].Id, Assert.Single(new OfflineJournal(test.Home).Passwords).Id);
    }
}
