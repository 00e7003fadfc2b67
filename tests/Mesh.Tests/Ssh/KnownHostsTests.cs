using Mesh.Ssh;

namespace Mesh.Tests.Ssh;

public class KnownHostsTests
{
    private static readonly string HostKey = SshKeyPair.Generate(SshKeyType.Ed25519).PublicKey.ToLine();

    [Theory]
    [InlineData("Example.COM", 22, "example.com")]
    [InlineData("example.com", 2222, "[example.com]:2222")]
    [InlineData("[example.com]:2222", 22, "[example.com]:2222")]
    [InlineData("[example.com]:22", 22, "example.com")]
    [InlineData("192.0.2.1", 22, "192.0.2.1")]
    public void Host_names_are_written_as_known_hosts_writes_them(string host, int port, string expected) =>
        Assert.Equal(expected, KnownHosts.Normalize(host, port));

    [Theory]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("*.example.com")]
    [InlineData("a,b")]
    [InlineData("|1|x|y")]
    public void Patterns_and_junk_are_not_host_names(string host) =>
        Assert.Throws<ArgumentException>(() => KnownHosts.Normalize(host));

    [Fact]
    public void A_file_is_read_with_each_problem_reported_by_line()
    {
        var text = $"# comment\n\nexample.com,192.0.2.1 {HostKey}\n@cert-authority *.example.com {HostKey}\n*.example.org {HostKey}\nbad.example.com ssh-ed25519 AAAA\n[Git.Example.com]:2222 {HostKey} comment\nonlyonefield\n";
        var (lines, problems) = KnownHosts.Parse(text);
        Assert.Equal([["example.com", "192.0.2.1"], ["[git.example.com]:2222"]], lines.Select(l => l.Hosts.ToArray()));
        Assert.Equal([4, 5, 6, 8], problems.Select(p => p.Line));
    }

    [Fact]
    public void Hashed_lines_name_their_host_and_no_other()
    {
        var (lines, _) = KnownHosts.Parse($"[git.example.com]:2222,example.com {HostKey}\n");
        var hashed = KnownHosts.Format(lines[0], hashed: true).ToList();
        Assert.Equal(2, hashed.Count);
        Assert.All(hashed, l => Assert.StartsWith("|1|", l, StringComparison.Ordinal));
        var entry = hashed[0].Split(' ')[0];
        Assert.True(KnownHosts.Names(entry, "[git.example.com]:2222"));
        Assert.False(KnownHosts.Names(entry, "example.com"));
        Assert.False(KnownHosts.Names("|1|bm90|YmFzZTY0*", "example.com"));
        // Read back, a hashed name stays hashed.
        var (again, problems) = KnownHosts.Parse(string.Join('\n', hashed));
        Assert.Empty(problems);
        Assert.Equal(entry, again[0].Hosts[0]);
        Assert.Equal($"[git.example.com]:2222,example.com {HostKey}", Assert.Single(KnownHosts.Format(lines[0], hashed: false)));
    }
}
