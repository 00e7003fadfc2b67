using Mesh.Applications;

namespace Mesh.Tests.Applications;

public class ConnectionUriTests
{
    [Theory]
    [InlineData("imaps://mail.example.com", ConnectionKind.MailInbound, "mail.example.com", 993, "_imaps._tcp", "Direct", "imaps://mail.example.com:993")]
    [InlineData("imap://mail.example.com", ConnectionKind.MailInbound, "mail.example.com", 143, "_imap._tcp", "Upgrade", "imap://mail.example.com:143")]
    [InlineData("imap://Mail.Example.com:993", ConnectionKind.MailInbound, "mail.example.com", 993, "_imap._tcp", "Direct", "imap://mail.example.com:993")]
    [InlineData("pop3s://pop.example.com", ConnectionKind.MailInbound, "pop.example.com", 995, "_pop3s._tcp", "Direct", "pop3s://pop.example.com:995")]
    [InlineData("pop3://pop.example.com:1110", ConnectionKind.MailInbound, "pop.example.com", 1110, "_pop3._tcp", "Upgrade", "pop3://pop.example.com:1110")]
    [InlineData("submission://smtp.example.com", ConnectionKind.MailOutbound, "smtp.example.com", 587, "_submission._tcp", "Upgrade", "submission://smtp.example.com:587")]
    [InlineData("submissions://smtp.example.com", ConnectionKind.MailOutbound, "smtp.example.com", 465, "_submissions._tcp", "Direct", "submissions://smtp.example.com:465")]
    [InlineData("smtp://smtp.example.com:587", ConnectionKind.MailOutbound, "smtp.example.com", 587, "_smtp._tcp", "Upgrade", "smtp://smtp.example.com:587")]
    [InlineData("smtp://smtp.example.com:465", ConnectionKind.MailOutbound, "smtp.example.com", 465, "_smtp._tcp", "Direct", "smtp://smtp.example.com:465")]
    [InlineData("udp://1.1.1.1:53", ConnectionKind.Dns, "1.1.1.1", 53, "_domain._udp", "None", "udp://1.1.1.1:53")]
    [InlineData("tcp://[2606:4700:4700::1111]", ConnectionKind.Dns, "2606:4700:4700::1111", 53, "_domain._tcp", "None", "tcp://[2606:4700:4700::1111]:53")]
    [InlineData("tls://dns.example:853", ConnectionKind.Dns, "dns.example", 853, "_domain-s._tcp", "Direct", "tls://dns.example:853")]
    [InlineData("https://dns.example/dns-query", ConnectionKind.Dns, "dns.example", 443, "_https._tcp", "Direct", "https://dns.example:443/dns-query")]
    public void A_uri_gives_host_port_prefix_and_security(string uri, ConnectionKind kind, string host, long port, string prefix, string security, string normal)
    {
        var connection = ConnectionUri.Parse(uri, kind);
        Assert.Equal(host, connection.ServiceName);
        Assert.Equal(port, connection.Port);
        Assert.Equal(prefix, connection.Prefix);
        Assert.Equal([security], connection.Security);
        Assert.Equal(normal, connection.URI);
        Assert.Null(connection.UserName);
    }

    [Fact]
    public void A_user_name_is_read_from_the_uri()
    {
        var connection = ConnectionUri.Parse("imaps://alice%40example.com@mail.example.com", ConnectionKind.MailInbound);
        Assert.Equal("alice@example.com", connection.UserName);
        Assert.Equal("imaps://alice%40example.com@mail.example.com:993", connection.URI);
    }

    [Theory]
    [InlineData("imaps://alice:secret@mail.example.com", ConnectionKind.MailInbound, "password")]
    [InlineData("smtp://smtp.example.com", ConnectionKind.MailInbound, "scheme")]
    [InlineData("imaps://mail.example.com", ConnectionKind.MailOutbound, "scheme")]
    [InlineData("http://dns.example/dns-query", ConnectionKind.Dns, "scheme")]
    [InlineData("imaps://mail.example.com/INBOX", ConnectionKind.MailInbound, "path")]
    [InlineData("imaps://mail.example.com?x=1", ConnectionKind.MailInbound, "query")]
    [InlineData("imaps://mail.example.com:0", ConnectionKind.MailInbound, "port")]
    [InlineData("imaps://*.example.com", ConnectionKind.MailInbound, "'")]
    [InlineData("imaps://bad_host.example.com", ConnectionKind.MailInbound, "'")]
    [InlineData("imaps://bücher.example", ConnectionKind.MailInbound, "punycode")]
    [InlineData("mail.example.com", ConnectionKind.MailInbound, "absolute")]
    [InlineData("", ConnectionKind.MailInbound, "absolute")]
    public void Invalid_uris_are_refused_with_the_reason(string uri, ConnectionKind kind, string reason)
    {
        Assert.False(ConnectionUri.TryParse(uri, kind, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ConnectionUri.Parse(uri, kind));
    }
}
