namespace Mesh.Cli.Tests.EndToEnd;

/// <summary>mesh password, run as a process against the real portal (follow-up checks in-process).</summary>
[Collection(AppsTests.Name)]
public class PasswordEndToEndTests(AppsPortalFixture portal)
{
    [Fact]
    public void Add_get_list_delete()
    {
        var alice = portal.NewAccount("pwalice");
        var first = alice.Ok("password", "add", "www.example.com", "alice", "--password", "s3cret, \"quoted\"");
        Assert.Contains("Added a password application", first, StringComparison.Ordinal);
        Assert.Equal("s3cret, \"quoted\"\n", alice.Ok("password", "get", "www.example.com"));

        // From standard input, under a wildcard; a URL names its host.
        var piped = alice.RunWithInput("from stdin\n", "password", "add", "*.example.org", "alice");
        Assert.Equal((0, ""), (piped.Exit, piped.Err));
        Assert.Equal("from stdin\n", alice.Local.Ok("password", "get", "https://mail.example.org/inbox"));

        var json = alice.Local.Json("password", "get", "www.example.com");
        Assert.Equal("alice", json.GetProperty("username").GetString());
        Assert.Equal("s3cret, \"quoted\"", json.GetProperty("password").GetString());
        Assert.Equal("www.example.com", json.GetProperty("site").GetString());

        var generated = alice.Json("password", "add", "www.example.com", "alice", "--generate", "--length", "32");
        Assert.True(generated.GetProperty("replaced").GetBoolean());
        Assert.True(generated.GetProperty("entropyBits").GetDouble() > 190);
        Assert.Equal(33, alice.Local.Ok("password", "get", "www.example.com").Length);

        var list = alice.Ok("password", "list");
        Assert.Contains("www.example.com", list, StringComparison.Ordinal);
        Assert.Contains("*.example.org", list, StringComparison.Ordinal);
        Assert.DoesNotContain("from stdin", list, StringComparison.Ordinal);

        Assert.Contains("Deleted 1 login", alice.Ok("password", "delete", "www.example.com"), StringComparison.Ordinal);
        var gone = alice.Fails("password", "get", "www.example.com");
        Assert.Contains("No password is stored", gone.Err, StringComparison.Ordinal);
        Assert.Contains("mesh: hint:", gone.Err, StringComparison.Ordinal);
        alice.Local.Fails("password", "delete", "www.example.com");

        // Several logins at one site: get needs to know whose.
        alice.Local.Ok("password", "add", "shop.example.com", "bob", "--password", "one");
        alice.Local.Ok("password", "add", "shop.example.com", "robert", "--password", "two");
        Assert.Contains("--username", alice.Local.Fails("password", "get", "shop.example.com").Err, StringComparison.Ordinal);
        Assert.Equal("two\n", alice.Local.Ok("password", "get", "shop.example.com", "--username", "robert"));
        alice.Local.Ok("password", "delete", "shop.example.com", "--username", "robert");
        Assert.Equal("one\n", alice.Local.Ok("password", "get", "shop.example.com"));

        // Bad input is an error, not a crash.
        Assert.Contains("not a valid site name", alice.Fails("password", "add", "bad_site!", "alice", "--password", "x").Err, StringComparison.Ordinal);
        Assert.Equal(2, alice.Local.Run("password", "add", "a.example.com", "alice", "--password", "x", "--generate").Exit);
        Assert.Contains("empty", alice.Local.RunWithInput("", "password", "add", "a.example.com", "alice").Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Never_ask_sites()
    {
        var carol = portal.NewAccount("pwcarol");
        carol.Ok("password", "neverask", "add", "*.bank.example");
        carol.Local.Ok("password", "neverask", "add", "tracker.example.com");
        Assert.Contains("already", carol.Local.Ok("password", "neverask", "add", "tracker.example.com"), StringComparison.Ordinal);
        Assert.Equal("*.bank.example\ntracker.example.com\n", carol.Ok("password", "neverask", "list"));
        carol.Ok("password", "neverask", "delete", "tracker.example.com");
        Assert.Equal("*.bank.example\n", carol.Local.Ok("password", "neverask", "list"));
        carol.Local.Fails("password", "neverask", "delete", "tracker.example.com");
    }

    [Fact]
    public void Generate_prints_a_password_and_its_entropy()
    {
        var device = AppsProcess.NewHome(portal.Url);
        var lines = device.Ok("password", "generate", "--length", "24", "--no-symbols").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(24, lines[0].Length);
        Assert.True(lines[0].All(char.IsAsciiLetterOrDigit));
        Assert.EndsWith("bits of entropy", lines[1], StringComparison.Ordinal);
        var json = device.Local.Json("password", "generate");
        Assert.Equal(20, json.GetProperty("password").GetString()!.Length);
        Assert.Equal(2, device.Local.Run("password", "generate", "--length", "1").Exit);
    }

    [Fact]
    public void History_shows_previous_versions_and_restore_brings_one_back()
    {
        var hal = portal.NewAccount("histhal");
        hal.Local.Ok("password", "add", "www.example.com", "hal", "--password", "one", "--notes", "first");
        hal.Local.Ok("password", "add", "www.example.com", "hal", "--password", "two");
        hal.Local.Ok("password", "add", "www.example.com", "hal", "--password", "three");
        var history = hal.Json("password", "history", "www.example.com").GetProperty("versions");
        Assert.Equal(["three", "two", "one"], history.EnumerateArray().Select(v => v.GetProperty("password").GetString()));
        Assert.Equal([0, 1, 2], history.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        Assert.All(history.EnumerateArray(), v => Assert.True(v.TryGetProperty("modified", out _) && v.TryGetProperty("device", out _)));
        var text = hal.Local.Ok("password", "history", "www.example.com");
        Assert.StartsWith("current  ", text, StringComparison.Ordinal);
        Assert.Contains("      2  ", text, StringComparison.Ordinal);

        Assert.Contains("Restored version 2", hal.Ok("password", "restore", "www.example.com", "--version", "2"), StringComparison.Ordinal);
        Assert.Equal("one\n", hal.Local.Ok("password", "get", "www.example.com", "--sync"));
        Assert.Equal("first\n", hal.Local.Ok("password", "get", "www.example.com", "--field", "notes"));
        Assert.Equal(["one", "three", "two", "one"], hal.Local.Json("password", "history", "www.example.com").GetProperty("versions")
            .EnumerateArray().Select(v => v.GetProperty("password").GetString()));
        Assert.Contains("no version 9", hal.Local.Fails("password", "restore", "www.example.com", "--version", "9").Err, StringComparison.Ordinal);
        Assert.Equal(2, hal.Local.Run("password", "restore", "www.example.com").Exit);
    }
}
