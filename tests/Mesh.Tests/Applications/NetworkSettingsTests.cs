using Mesh.Applications;
using Mesh.Schema;
using Mesh.Schema.Json;

namespace Mesh.Tests.Applications;

public class NetworkSettingsTests
{
    private static readonly string Fingerprint = Udf.ContentDigest("application/pkix-cert", [1, 2, 3]);

    private static NetworkProfilePrivate Work() => NetworkSettings.Create(
        ["*.corp.example.com", "corp.example.com"],
        ["udp://10.0.0.53:53", "tls://dns.corp.example.com:853", "https://dns.corp.example.com/dns-query"],
        ["corp.example.com"], [Fingerprint], [0x30, 0x00]);

    [Fact]
    public void Create_reads_sites_resolvers_prefixes_and_fingerprints()
    {
        var work = Work();
        Assert.Equal(["*.corp.example.com", "corp.example.com"], work.Sites);
        Assert.Equal(["_domain._udp", "_domain-s._tcp", "_https._tcp"], work.DNS!.Select(c => c.Prefix));
        Assert.Equal(["None"], work.DNS![0].Security);
        Assert.Equal("https://dns.corp.example.com:443/dns-query", work.DNS[2].URI);
        Assert.Equal(["corp.example.com"], work.Prefix);
        Assert.Equal([Fingerprint], work.WebPKI);
        Assert.Equal([0x30, 0x00], work.CTL);
        Assert.True(NetworkSettings.TryValidate(work, out _));
    }

    [Fact]
    public void Sites_are_added_listed_and_removed()
    {
        var work = NetworkSettings.AddSite(Work(), "VPN.Example.");
        Assert.Equal(["*.corp.example.com", "corp.example.com", "vpn.example"], work.Sites);
        Assert.Same(work, NetworkSettings.AddSite(work, "vpn.example"));
        work = NetworkSettings.RemoveSite(work, "*.CORP.Example.com");
        Assert.Equal(["corp.example.com", "vpn.example"], work.Sites);
        Assert.False(NetworkSettings.AppliesTo(work, "www.corp.example.com"));
        Assert.True(NetworkSettings.AppliesTo(work, "vpn.example"));
    }

    [Fact]
    public void Find_returns_the_most_specific_settings_for_a_host()
    {
        var wide = NetworkSettings.Create(["*.example.com"], ["udp://1.1.1.1:53"]);
        var work = Work();
        var lab = NetworkSettings.Create(["lab.corp.example.com"], ["udp://10.9.9.9"]);
        NetworkProfilePrivate[] all = [wide, work, lab];

        Assert.Same(lab, NetworkSettings.Find(all, "lab.corp.example.com"));
        Assert.Same(work, NetworkSettings.Find(all, "www.corp.example.com"));
        Assert.Same(work, NetworkSettings.Find(all, "corp.example.com"));
        Assert.Same(wide, NetworkSettings.Find(all, "www.example.com"));
        Assert.Null(NetworkSettings.Find(all, "example.org"));
        Assert.Null(NetworkSettings.Find(all, "example.com"));
    }

    [Fact]
    public void Invalid_values_are_refused()
    {
        Assert.Throws<ArgumentException>(() => NetworkSettings.Create([], ["udp://1.1.1.1"]));
        Assert.Throws<ArgumentException>(() => NetworkSettings.Create(["*.com"], ["udp://1.1.1.1"]));
        Assert.Throws<ArgumentException>(() => NetworkSettings.Create(["example.com"], ["imaps://1.1.1.1"]));
        Assert.Throws<ArgumentException>(() => NetworkSettings.Create(["example.com"], ["udp://1.1.1.1"], ["*.example.com"]));
        Assert.Throws<ArgumentException>(() => NetworkSettings.Create(["example.com"], [], webPki: ["not-a-udf"]));
        Assert.Throws<ArgumentException>(() => NetworkSettings.Create(["example.com"], [], webPki: [Udf.Nonce()]));
        Assert.Throws<ArgumentException>(() => NetworkSettings.AddSite(Work(), "*"));
    }

    [Fact]
    public void Stored_settings_are_validated()
    {
        var stored = TaggedJson.Deserialize<NetworkProfilePrivate>(TaggedJson.Serialize(Work()));
        Assert.True(NetworkSettings.TryValidate(stored, out _));
        Assert.False(NetworkSettings.TryValidate(stored with { WebPKI = ["MB2G-XXXX"] }, out var error));
        Assert.Contains("WebPKI", error, StringComparison.Ordinal);
        Assert.False(NetworkSettings.TryValidate(stored with { Sites = ["*"] }, out _));
        Assert.False(NetworkSettings.TryValidate(stored with { DNS = [new Connection { ServiceName = "dns.example", Port = 70000 }] }, out _));
        Assert.False(NetworkSettings.TryValidate(stored with { Prefix = ["bad..prefix"] }, out _));
    }
}
