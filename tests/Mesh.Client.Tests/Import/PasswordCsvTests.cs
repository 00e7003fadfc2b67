using Mesh.Client.Import;
using Mesh.Schema;

namespace Mesh.Client.Tests.Import;

public class PasswordCsvTests
{
    private static PasswordImport Read(string csv, PasswordCsvFormat format = PasswordCsvFormat.Auto) => PasswordCsv.Read(new StringReader(csv), format);

    [Fact]
    public void Chrome_export_with_notes_spanning_lines()
    {
        var read = Read("name,url,username,password,note\r\n"
            + "Example,https://www.example.com/login?next=%2F,alice,\"pa,ss\"\"word\",\"first line\r\nsecond line\"\r\n"
            + "Bank,https://BANK.example.org:8443/,\"bob smith\",hunter2,\r\n");
        Assert.Equal(PasswordCsvFormat.Chrome, read.Format);
        Assert.Empty(read.Bad);
        Assert.Equal([new Login("www.example.com", "alice", "pa,ss\"word", "first line\r\nsecond line"), new Login("bank.example.org", "bob smith", "hunter2")],
            read.Logins.Select(l => l.Login));
        Assert.Equal([2, 4], read.Logins.Select(l => l.Line));
    }

    [Fact]
    public void Firefox_export_with_an_internationalized_host_and_an_empty_username()
    {
        var read = Read("\"url\",\"username\",\"password\",\"httpRealm\",\"formActionOrigin\",\"guid\",\"timeCreated\",\"timeLastUsed\",\"timePasswordChanged\"\n"
            + "\"https://bücher.example\",\"\",\"s3cret\",,\"https://bücher.example\",\"{0b1f}\",\"1700000000000\",\"1700000000000\",\"1700000000000\"\n"
            + "\"chrome://FirefoxAccounts\",\"u\",\"p\",\"Firefox Accounts credentials\",,\"{1}\",\"1\",\"1\",\"1\"\n");
        Assert.Equal(PasswordCsvFormat.Firefox, read.Format);
        Assert.Equal(new Login("xn--bcher-kva.example", "", "s3cret"), Assert.Single(read.Logins).Login);
        var bad = Assert.Single(read.Bad);
        Assert.Equal(3, bad.Line);
        Assert.Contains("not a web address", bad.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Bitwarden_export_keeps_notes_and_authenticator_secrets_and_takes_every_uri()
    {
        var read = Read("folder,favorite,type,name,notes,fields,reminder,login_uri,login_username,login_password,login_totp\n"
            + "Work,1,login,Mail,\"a note, with a comma\",,,\"https://mail.example.com,https://webmail.example.com\",carol,\"p@ss\nword\",\n"
            + ",,note,Secret note,\"text\",,,,,,\n"
            + "Social,,login,Forum,,,,forum.example.net,dave,pw,JBSWY3DPEHPK3PXP\n");
        Assert.Equal(PasswordCsvFormat.Bitwarden, read.Format);
        Assert.Equal(["mail.example.com", "webmail.example.com", "forum.example.net"], read.Logins.Select(l => l.Login.Site));
        Assert.Equal("p@ss\nword", read.Logins[0].Login.Password);
        Assert.Equal(5, read.Logins[2].Line);
        Assert.Equal(4, Assert.Single(read.Ignored).Line);
        Assert.Equal(["a note, with a comma", "a note, with a comma", null], read.Logins.Select(l => l.Login.Notes));
        Assert.Equal([null, null, "otpauth://totp/?secret=JBSWY3DPEHPK3PXP"], read.Logins.Select(l => l.Login.OtpAuth));
    }

    [Fact]
    public void An_authenticator_secret_mesh_cannot_use_is_kept_in_the_notes()
    {
        var read = Read("folder,favorite,type,name,notes,fields,reminder,login_uri,login_username,login_password,login_totp\n"
            + "Games,,login,Steam,my note,,,https://store.steampowered.com,gamer,pw,steam://ABCDEFGHIJ\n");
        var login = Assert.Single(read.Logins).Login;
        Assert.Null(login.OtpAuth);
        Assert.Equal("my note\nAuthenticator secret (not a TOTP secret mesh can use): steam://ABCDEFGHIJ", login.Notes);
    }

    [Fact]
    public void KeePassXC_export_skips_the_recycle_bin()
    {
        var read = Read("\"Group\",\"Title\",\"Username\",\"Password\",\"URL\",\"Notes\",\"TOTP\",\"Icon\",\"Last Modified\",\"Created\"\n"
            + "\"Root/Internet\",\"Shop\",\"erin\",\"x\"\"y\",\"https://shop.example.com/cart\",\"line one\nline two\",\"otpauth://totp/Shop:erin?secret=JBSWY3DPEHPK3PXP&period=60\",\"0\",\"2024-01-01T00:00:00Z\",\"2024-01-01T00:00:00Z\"\n"
            + "\"Root/Recycle Bin\",\"Old\",\"erin\",\"old\",\"https://old.example.com\",\"\",\"\",\"0\",\"2024-01-01T00:00:00Z\",\"2024-01-01T00:00:00Z\"\n");
        Assert.Equal(PasswordCsvFormat.KeePassXC, read.Format);
        Assert.Equal(new Login("shop.example.com", "erin", "x\"y", "line one\nline two", "otpauth://totp/Shop%3Aerin?secret=JBSWY3DPEHPK3PXP&period=60"),
            Assert.Single(read.Logins).Login);
        Assert.Equal(4, Assert.Single(read.Ignored).Line); // the note spans lines 2 and 3
    }

    [Fact]
    public void Bad_rows_are_reported_by_their_line()
    {
        var read = Read("name,url,username,password\n"
            + "ok,https://ok.example.com,u,p\n"
            + "no url,,u,p\n"
            + "no password,https://np.example.com,u,\n"
            + "\"multi\nline\",not a url at all,u,p\n"
            + "short,https://short.example.com\n"
            + "quote,https://q.example.com,u\"x,p\n"
            + "ipv6,https://[::1]/,u,p\n");
        Assert.Single(read.Logins);
        Assert.Equal([3, 4, 5, 7, 8, 9], read.Bad.Select(b => b.Line));
        Assert.Contains("no URL", read.Bad[0].Reason, StringComparison.Ordinal);
        Assert.Contains("no password", read.Bad[1].Reason, StringComparison.Ordinal);
        Assert.Contains("2 fields", read.Bad[3].Reason, StringComparison.Ordinal);
        Assert.Contains("malformed CSV", read.Bad[4].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_of_no_known_manager_is_refused()
    {
        var e = Assert.Throws<MeshException>(() => Read("title,login,secret\nx,y,z\n"));
        Assert.Contains("line 1", e.Message, StringComparison.Ordinal);
        Assert.Throws<MeshException>(() => Read("name,url,username,password\n", PasswordCsvFormat.Bitwarden));
        Assert.Throws<MeshException>(() => Read(""));
    }

    [Fact]
    public void What_export_writes_imports_again()
    {
        PasswordEntry[] entries =
        [
            new() { Sites = ["www.example.com"], Username = "alice", Password = "a,b\"c" },
            new() { Sites = ["*.example.org", "example.org"], Username = "bob", Password = " spaced " },
        ];
        var output = new StringWriter();
        PasswordCsv.Write(entries, output);
        var read = Read(output.ToString());
        Assert.Empty(read.Bad);
        Assert.Equal(
            [new Login("www.example.com", "alice", "a,b\"c"), new Login("*.example.org", "bob", " spaced "), new Login("example.org", "bob", " spaced ")],
            read.Logins.Select(l => l.Login));
    }

    [Theory]
    [InlineData("https://www.Example.com:8080/path?q=1#f", "www.example.com")]
    [InlineData("http://192.0.2.1/", "192.0.2.1")]
    [InlineData("example.com/login", "example.com")]
    [InlineData("*.example.com", "*.example.com")]
    [InlineData("localhost", "localhost")]
    public void Sites_of_urls(string address, string site)
    {
        Assert.True(PasswordCsv.TrySite(address, out var found, out var error), error);
        Assert.Equal(site, found);
    }

    [Theory]
    [InlineData("ftp://files.example.com/")]
    [InlineData("android://hash@com.example.app/")]
    [InlineData("https://*.example.com/")]
    [InlineData("https://under_score.example.com/")]
    public void Not_sites(string address) => Assert.False(PasswordCsv.TrySite(address, out _, out _));
}
