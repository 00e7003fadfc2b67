using System.Diagnostics;
using System.Text.Json;

namespace Mesh.Cli.Tests.EndToEnd;

/// <summary><c>mesh log watch</c>, the monitor of an account, as anyone (not only the account's devices) runs it against the real portal.</summary>
[Collection(AppsTests.Name)]
public sealed class WatchEndToEndTests(AppsPortalFixture portal)
{
    private static List<JsonElement> Changes(JsonElement report) => [.. report.GetProperty("changes").EnumerateArray()];

    [Fact]
    public void A_watch_reports_each_change_to_the_account_once_and_nothing_of_other_accounts()
    {
        var alice = portal.NewAccount("watched");
        var account = $"watched@{PortalProcess.Domain}";
        var watcher = AppsProcess.NewHome(portal.Url);

        var history = watcher.Ok("log", "watch", account);
        Assert.Contains("profile: the account's first profile, master key ", history, StringComparison.Ordinal);
        Assert.Contains("(laptop)", history, StringComparison.Ordinal);
        Assert.Contains("No change to " + account, watcher.Local.Ok("log", "watch", account), StringComparison.Ordinal);

        alice.Local.Ok("password", "add", "w.example.com", "alice", "--password", "1");
        portal.NewAccount("unwatched").Local.Ok("password", "add", "u.example.com", "bob", "--password", "2");
        var report = watcher.Local.Json("log", "watch", account);
        var changes = Changes(report);
        // The first password adds the password application to the profile, then its first version.
        Assert.Contains(changes, c => c.GetProperty("kind").GetString() == "application");
        Assert.Contains(changes, c => c.GetProperty("description").GetString()!.EndsWith("adds 1 application(s)", StringComparison.Ordinal));
        Assert.All(changes, c => Assert.Contains(c.GetProperty("kind").GetString(), (string[])["profile", "application"]));
        Assert.All(changes, c => Assert.True(c.GetProperty("index").GetInt64() >= report.GetProperty("from").GetInt64()));
        Assert.Empty(Changes(watcher.Local.Json("log", "watch", account)));
        Assert.Contains("not an account", watcher.Local.Fails("log", "watch", PortalProcess.Domain).Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Following_reports_a_change_as_it_is_logged()
    {
        var alice = portal.NewAccount("followed");
        var account = $"followed@{PortalProcess.Domain}";
        var watcher = AppsProcess.NewHome(portal.Url);
        watcher.Local.Ok("log", "watch", account); // past history, read once

        using var follow = Process.Start(MeshProcess.StartInfo(["--home", watcher.Home, "--portal-url", portal.Url,
            "log", "watch", account, "--follow", "--interval", "0.2", "--json"]))!;
        try
        {
            Assert.Empty(Changes(JsonDocument.Parse((await follow.StandardOutput.ReadLineAsync())!).RootElement));
            alice.Local.Ok("password", "add", "f.example.com", "alice", "--password", "1");
            // The profile that lists the new application and the application itself are two log entries: a
            // poll may fall between them and report the profile alone first.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var reported = new List<JsonElement>();
            while (!reported.Any(c => c.GetProperty("kind").GetString() == "application"))
            {
                var line = await follow.StandardOutput.ReadLineAsync(timeout.Token);
                Assert.NotNull(line);
                reported.AddRange(Changes(JsonDocument.Parse(line).RootElement));
            }
            Assert.Contains(reported, c => c.GetProperty("kind").GetString() == "application");
            Assert.All(reported, c => Assert.Contains(c.GetProperty("kind").GetString(), (string[])["profile", "application"]));
        }
        finally
        {
            follow.Kill(true);
            await follow.WaitForExitAsync();
        }
    }
}
