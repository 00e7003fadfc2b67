namespace Mesh.Cli.Tests.EndToEnd;

/// <summary>mesh git-credential as real git's credential helper, against git's own smart-HTTP back end behind Basic auth.</summary>
[Collection(AppsTests.Name)]
public class GitCredentialEndToEndTests(AppsPortalFixture portal)
{
    [Fact]
    public void Git_gets_stores_and_erases_its_credentials_through_mesh()
    {
        var owner = portal.NewAccount("gitgwen");
        var folder = Path.GetDirectoryName(owner.Home)!;
        using var server = new GitHttpServer(folder, "gwen", "s3cret git token");
        // As the help says: '!' so that git runs the command as it is.
        var helper = $"credential.helper=!{MeshCommandLine(owner)} git-credential";
        (int Code, string Out, string Err) LsRemote(bool withHelper = true) =>
            GitHttpServer.Git(folder, withHelper ? ["-c", helper, "ls-remote", server.Url] : ["ls-remote", server.Url]);

        // The negative control: no helper, no terminal, refused.
        var refused = LsRemote(withHelper: false);
        Assert.Equal(128, refused.Code);
        Assert.Contains("terminal prompts disabled", refused.Err, StringComparison.Ordinal);
        Assert.True(server.Refused > 0, "the server asked for credentials");

        // A password stored for the host (without the port) answers git, which then reads the repository.
        owner.Local.Ok("password", "add", "127.0.0.1", "gwen", "--password", "s3cret git token");
        var listed = LsRemote();
        Assert.True(listed.Code == 0, listed.Err);
        Assert.Contains("refs/heads/main", listed.Out, StringComparison.Ordinal);

        // A wrong stored password is refused by the server, and git has mesh erase it.
        owner.Local.Ok("password", "add", "127.0.0.1", "gwen", "--password", "an old token");
        Assert.NotEqual(0, LsRemote().Code);
        Assert.DoesNotContain("127.0.0.1", owner.Local.Ok("password", "list", "--offline"), StringComparison.Ordinal);

        // What git approves (as after a login typed at its prompt) is stored through the helper, and serves the next run.
        var credential = $"protocol=http\nhost=127.0.0.1:{server.Port}\nusername=gwen\npassword=s3cret git token\n";
        var approve = GitHttpServer.GitWithInput(folder, credential + "\n", "-c", helper, "credential", "approve");
        Assert.True(approve.Code == 0, approve.Err);
        Assert.Equal("s3cret git token\n", owner.Local.Ok("password", "get", "127.0.0.1"));
        Assert.Equal(0, LsRemote().Code);
        // Storing it again publishes nothing: the password application's cached version stays the same transaction.
        string Published() => string.Join(',', Directory.GetFiles(Path.Combine(owner.Home, "cache"), "*.transaction").Order().Select(File.ReadAllText));
        var before = Published();
        Assert.Equal(0, RunGitCredential(owner, "store", credential).Exit);
        Assert.Equal(before, Published());
        Assert.Equal(0, RunGitCredential(owner, "store", credential.Replace("s3cret git token", "a new token", StringComparison.Ordinal)).Exit);
        Assert.NotEqual(before, Published());
        Assert.Equal(0, RunGitCredential(owner, "store", credential).Exit);
        Assert.Equal($"username=gwen\npassword=s3cret git token\n", RunGitCredential(owner, "get", $"protocol=https\nhost=127.0.0.1:{server.Port}\npath=repo.git\n").Out);
        Assert.Equal("", RunGitCredential(owner, "get", "protocol=https\nhost=other.example.com\n").Out);
        // A password with a line break would inject attributes into git's format: it is not given.
        owner.Local.Ok("password", "add", "multi.example.com", "gwen", "--password", "line\npassword=injected");
        var withBreak = RunGitCredential(owner, "get", "protocol=https\nhost=multi.example.com\n");
        Assert.Equal("", withBreak.Out);
        Assert.Contains("line break", withBreak.Err, StringComparison.Ordinal);
    }

    private static MeshRun RunGitCredential(AppsProcess owner, string action, string input) => owner.Local.RunWithInput(input, "git-credential", action);

    // The mesh command line the tests run, quoted for the shell git runs a '!' helper with.
    private static string MeshCommandLine(AppsProcess device)
    {
        var start = MeshProcess.StartInfo(["--home", device.Home, "--portal-url", device.PortalUrl]);
        return string.Join(' ', new[] { start.FileName }.Concat(start.ArgumentList).Select(a => "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
    }
}
