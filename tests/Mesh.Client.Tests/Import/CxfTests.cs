using System.IO.Compression;
using Mesh.Client.Import;
using Mesh.Schema;

namespace Mesh.Client.Tests.Import;

public class CxfTests
{
    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{\"accounts\": {}}")]
    [InlineData("{\"version\": {\"major\": 2, \"minor\": 0}, \"accounts\": []}")]
    [InlineData("{\"accounts\": []}")]
    [InlineData("{\"version\": {\"major\": 1}, \"accounts\": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}")]
    public void What_is_not_cxf_version_1_is_refused(string text) =>
        Assert.Throws<MeshException>(() => CxfReader.Read(text));

    [Fact]
    public void Odd_items_are_reported_not_thrown()
    {
        var read = CxfReader.Read("""
            {"version": {"major": 1, "minor": 0}, "accounts": [7, {"items": "x"}, {"items": [
              1,
              {"title": "no list", "credentials": 5},
              {"title": "odd", "credentials": [3, {"type": 4}, {"type": "basic-auth", "password": {"value": 9}}], "scope": {"urls": ["https://a.example"]}},
              {"title": "bare", "credentials": [{"type": "basic-auth", "username": "u", "password": "p"}], "scope": {"urls": [7, "https://b.example"]}},
              {"title": "key", "credentials": [{"type": "ssh-key", "privateKey": "!!"}, {"type": "ssh-key", "privateKey": "AAAA"}]},
              {"title": "ftp", "credentials": [{"type": "basic-auth", "password": {"value": "p"}}], "scope": {"urls": ["ftp://files.example"]}}
            ]}]}
            """);
        Assert.Equal([1, 2, 3, 5, 5, 6], read.Passwords.Bad.Select(p => p.Line));
        Assert.Contains("no password", read.Passwords.Bad[2].Reason, StringComparison.Ordinal);
        Assert.Contains("not base64url", read.Passwords.Bad[3].Reason, StringComparison.Ordinal);
        Assert.Contains("cannot be used", read.Passwords.Bad[4].Reason, StringComparison.Ordinal);
        // The untyped credential of "odd" is kept with its login, had it one; a bare string value is read.
        Assert.Equal(new Login("b.example", "u", "p"), Assert.Single(read.Passwords.Logins).Login);
        Assert.Empty(read.SshKeys);
    }

    [Fact]
    public void An_export_reads_back_as_the_entries_it_was_written_from()
    {
        PasswordEntry[] entries =
        [
            new() { Sites = ["www.example.com", "example.com"], Username = "alice", Password = "p\"w,\n", Notes = "ünïcode\nnote",
                    OtpAuth = "otpauth://totp/Issuer:alice?secret=JBSWY3DPEHPK3PXP&issuer=Issuer&algorithm=SHA512&digits=8&period=60" },
            new() { Sites = ["*.corp.example"], Username = "", Password = "x" },
        ];
        using var stream = new MemoryStream();
        CxfWriter.Write(stream, "alice@example.com", entries, [], [new() { SSID = "home", Security = "wpa2-personal", Passphrase = "pw" }], DateTimeOffset.FromUnixTimeSeconds(1_764_806_400));
        var read = CxfReader.Read(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
        Assert.Empty(read.Passwords.Bad);
        var otp = Mesh.Applications.Totp.ToUri(Mesh.Applications.Totp.Parse(entries[0].OtpAuth!));
        Assert.Equal(
            [
                new Login("www.example.com", "alice", "p\"w,\n", "ünïcode\nnote", otp),
                new Login("example.com", "alice", "p\"w,\n", "ünïcode\nnote", otp),
                new Login("*.corp.example", "", "x"),
            ], read.Passwords.Logins.Select(l => l.Login));
        Assert.Equal(new WiFiNetwork { SSID = "home", Security = "wpa2-personal", Passphrase = "pw" }, Assert.Single(read.WiFi));
    }

    [Fact]
    public void A_1pux_that_claims_a_small_export_data_but_inflates_past_the_limit_is_refused()
    {
        // 70 MiB of spaces deflate to a few kilobytes: read until the limit, then refused.
        using var file = new MemoryStream();
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
        using (var data = zip.CreateEntry("export.data", CompressionLevel.Optimal).Open())
        {
            var spaces = new byte[1024 * 1024];
            Array.Fill(spaces, (byte)' ');
            for (var i = 0; i < 70; i++) data.Write(spaces);
        }
        file.Position = 0;
        var refused = Assert.Throws<MeshException>(() => OnePasswordPux.Read(file));
        Assert.Contains("export.data", refused.Message, StringComparison.Ordinal);
    }
}
