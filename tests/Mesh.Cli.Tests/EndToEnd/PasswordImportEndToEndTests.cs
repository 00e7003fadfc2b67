namespace Mesh.Cli.Tests.EndToEnd;

/// <summary>mesh password import and export, with the exports of real password managers.</summary>
[Collection(AppsTests.Name)]
public class PasswordImportEndToEndTests(AppsPortalFixture portal)
{
    private static string Csv(string name) => Path.Combine(AppContext.BaseDirectory, "EndToEnd", "Csv", name);

    [Fact]
    public void Each_manager_export_imports()
    {
        var erin = portal.NewAccount("imperin");
        var chrome = erin.Json("password", "import", Csv("chrome.csv"));
        Assert.Equal("chrome", chrome.GetProperty("format").GetString());
        Assert.Equal(2, chrome.GetProperty("imported").GetInt32());
        Assert.Equal("pa,ss\"word\n", erin.Local.Ok("password", "get", "www.example.com"));
        Assert.Equal("hunter2\n", erin.Local.Ok("password", "get", "bank.example.org"));

        Assert.Contains("(Firefox)", erin.Ok("password", "import", Csv("firefox.csv")), StringComparison.Ordinal);
        Assert.Equal("s3cret\n", erin.Local.Ok("password", "get", "xn--bcher-kva.example"));
        Assert.Equal("with\nnewline\n", erin.Local.Ok("password", "get", "forum.example.net"));

        // A secure note is not a login: reported, not imported, not an error.
        var bitwarden = erin.Run("password", "import", Csv("bitwarden.csv"), "--format", "bitwarden");
        Assert.Equal(0, bitwarden.Exit);
        Assert.Contains("line 3: a note, not a login", bitwarden.Err, StringComparison.Ordinal);
        Assert.Equal("p@ss\"word\n", erin.Local.Ok("password", "get", "webmail.example.com"));
        Assert.Equal("pw\n", erin.Local.Ok("password", "get", "shop.example.net"));

        var keepass = erin.Run("password", "import", Csv("keepassxc.csv"));
        Assert.Equal(0, keepass.Exit);
        Assert.Contains("recycle bin", keepass.Err, StringComparison.Ordinal);
        Assert.Equal("x\"y,z\n", erin.Local.Ok("password", "get", "shop.example.com"));
        erin.Local.Fails("password", "get", "old.example.com");
    }

    [Fact]
    public void Apple_and_LastPass_exports_import_with_their_notes_and_authenticator_secrets()
    {
        var lou = portal.NewAccount("implou");
        var apple = lou.Json("password", "import", Csv("apple.csv"));
        Assert.Equal("apple", apple.GetProperty("format").GetString());
        Assert.Equal(3, apple.GetProperty("imported").GetInt32());
        Assert.Equal("Zürich, 2024!\n", lou.Local.Ok("password", "get", "accounts.example.com"));
        Assert.Equal("Security questions:\r\nfirst pet = \"Rex\"\n", lou.Local.Ok("password", "get", "accounts.example.com", "--field", "notes"));
        Assert.Matches("^[0-9]{6} ", lou.Local.Ok("password", "otp", "accounts.example.com"));
        Assert.Equal("pâtisserie\n", lou.Local.Ok("password", "get", "xn--caf-dma.example"));
        Assert.Equal("admin-pw\n", lou.Local.Ok("password", "get", "192.168.1.1"));

        var lastpass = lou.Run("password", "import", Csv("lastpass.csv"));
        Assert.Equal(0, lastpass.Exit);
        Assert.Contains("(LastPass)", lastpass.Out, StringComparison.Ordinal);
        Assert.Contains("line 4: a secure note, not a login", lastpass.Err, StringComparison.Ordinal);
        Assert.Equal("p,w\"1\n", lou.Local.Ok("password", "get", "login.example.org"));
        Assert.Equal("line one\nline two\n", lou.Local.Ok("password", "get", "login.example.org", "--field", "notes"));
        Assert.Matches("^[0-9]{6}\n$", lou.Local.Ok("password", "get", "login.example.org", "--field", "otp"));
        // Two rows for one login: the later one is kept, as a later edit would be.
        Assert.Equal("second\n", lou.Local.Ok("password", "get", "dup.example.org"));
        Assert.Equal("pw3\n", lou.Local.Ok("password", "get", "empty-user.example.org"));
    }

    [Fact]
    public void A_bitwarden_json_export_imports_with_notes_fields_and_codes()
    {
        var cara = portal.NewAccount("impcara");
        var refused = cara.Fails("password", "import", Csv("bitwarden.json"));
        Assert.Contains("item 4 (No password): no password.", refused.Err, StringComparison.Ordinal);
        var read = cara.Run("password", "import", Csv("bitwarden.json"), "--skip-bad", "--json");
        Assert.Equal(0, read.Exit);
        Assert.Contains("item 2 (Secure note): a secure note, not a login.", read.Err, StringComparison.Ordinal);
        Assert.Contains("item 3 (Visa): a card, not a login.", read.Err, StringComparison.Ordinal);
        Assert.Contains("\"format\": \"bitwardenjson\"", read.Out, StringComparison.Ordinal);
        Assert.Equal("p@ss\"wörd\n", cara.Local.Ok("password", "get", "webmail.example.com"));
        Assert.Equal("multi\nline, \"quoted\" note\nRecovery PIN: 4711\n", cara.Local.Ok("password", "get", "mail.example.com", "--field", "notes"));
        Assert.Matches("^[0-9]{6}\n$", cara.Local.Ok("password", "get", "forum.example.net", "--field", "otp"));
        Assert.Contains("encrypted", cara.Local.RunWithInput("{\"encrypted\": true, \"items\": []}", "password", "import", "-").Err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_keepass_xml_export_imports_current_entries_outside_the_recycle_bin()
    {
        var kim = portal.NewAccount("impkyra");
        var refused = kim.Fails("password", "import", Csv("keepass.xml"));
        Assert.Contains("line 45: no URL.", refused.Err, StringComparison.Ordinal);
        var read = kim.Run("password", "import", Csv("keepass.xml"), "--skip-bad");
        Assert.Equal(0, read.Exit);
        Assert.Contains("Imported 2 login(s)", read.Out, StringComparison.Ordinal);
        Assert.Contains("(KeePassXml)", read.Out, StringComparison.Ordinal);
        Assert.Contains("line 56: in the recycle bin.", read.Err, StringComparison.Ordinal);
        Assert.Equal("<s3cr>t, ü\n", kim.Local.Ok("password", "get", "bank.example.org"));
        Assert.Equal("Line one\nLine two & \"three\"\nCustomer number: 12345\n", kim.Local.Ok("password", "get", "bank.example.org", "--field", "notes"));
        Assert.Matches("^[0-9]{6}\n$", kim.Local.Ok("password", "get", "bank.example.org", "--field", "otp"));
        Assert.Matches("^[0-9]{6}\n$", kim.Local.Ok("password", "get", "shop.example.com", "--field", "otp"));
        kim.Local.Fails("password", "get", "old.example.com");
        // An entity that would read a file is refused, not expanded.
        var hostile = kim.Local.RunWithInput("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><KeePassFile><Root>&e;</Root></KeePassFile>", "password", "import", "-");
        Assert.Equal(1, hostile.Exit);
        Assert.Contains("not well-formed XML", hostile.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cxf_file_imports_logins_codes_notes_and_ssh_keys_and_reports_what_has_no_place()
    {
        var cxf = portal.NewAccount("impcxf");
        var refused = cxf.Fails("password", "import", Csv("cxf.json"));
        Assert.Contains("item 6 (No URL): no web URL in its scope.", refused.Err, StringComparison.Ordinal);
        Assert.Contains("nothing was imported", refused.Err, StringComparison.Ordinal);

        var read = cxf.Run("password", "import", Csv("cxf.json"), "--skip-bad", "--json");
        Assert.Equal(0, read.Exit);
        using var report = System.Text.Json.JsonDocument.Parse(read.Out);
        Assert.Equal("cxf", report.RootElement.GetProperty("format").GetString());
        Assert.Equal(5, report.RootElement.GetProperty("imported").GetInt32());
        Assert.Equal(1, report.RootElement.GetProperty("sshKeys").GetInt32());
        Assert.Equal(1, report.RootElement.GetProperty("wifi").GetInt32());
        Assert.Equal("correct horse\n", cxf.Local.Ok("network", "wifi", "get", "home"));
        Assert.Contains("item 4 (Passkey site): not imported: passkey", read.Err, StringComparison.Ordinal);
        Assert.Contains("item 2 (Bank): a credit-card credential, kept in the login's notes.", read.Err, StringComparison.Ordinal);

        Assert.Equal("p@ss\"wörd\n", cxf.Local.Ok("password", "get", "mail.example.com"));
        Assert.Equal("alice\n", cxf.Local.Ok("password", "get", "webmail.example.com", "--field", "username"));
        Assert.Equal("multi\nline, \"quoted\" note\n", cxf.Local.Ok("password", "get", "mail.example.com", "--field", "notes"));
        Assert.Equal(Mesh.Applications.Totp.Code(Mesh.Applications.Totp.Parse("JBSWY3DPEHPK3PXP"), DateTimeOffset.UtcNow) + "\n",
            cxf.Local.Ok("password", "get", "mail.example.com", "--field", "otp"));
        var bank = cxf.Local.Ok("password", "get", "bank.example.org", "--field", "notes");
        Assert.Contains("Android apps: org.example.bank", bank, StringComparison.Ordinal);
        Assert.Contains("CXF credit-card: {", bank, StringComparison.Ordinal);
        Assert.Contains("4111111111111111", bank, StringComparison.Ordinal);
        // A TOTP of an algorithm no authenticator computes is kept, not used.
        Assert.Contains("\"algorithm\": \"md5\"", cxf.Local.Ok("password", "get", "xn--bcher-kva.example", "--field", "notes"), StringComparison.Ordinal);
        Assert.Equal("w0rk\n", cxf.Local.Ok("password", "get", "work.example.com"));

        using var key = Mesh.Ssh.SshKeyPair.FromPkcs8(Convert.FromBase64String("MC4CAQAwBQYDK2VwBCIEIKjgWzVPOdRMxetUz7sOdRacAHC1Wmkp5McYIqL6mSkG"));
        Assert.Contains(key.PublicKey.ToLine("deploy@example") + "\n", cxf.Local.Ok("ssh", "public"), StringComparison.Ordinal);
        // Importing again adds nothing new.
        var again = cxf.Run("password", "import", Csv("cxf.json"), "--skip-bad", "--json");
        Assert.Equal(0, again.Exit);
        Assert.Contains("\"sshKeys\": 0,", again.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Cxf_and_bitwarden_json_exports_round_trip_into_a_fresh_account()
    {
        var ida = portal.NewAccount("impida");
        Assert.Equal(0, ida.Local.Run("password", "import", Csv("cxf.json"), "--skip-bad").Exit);
        ida.Local.Ok("password", "add", "*.corp.example", "ida", "--password", "comma, and \"quote\"", "--notes", "wild", "--otp",
            "otpauth://totp/Corp:ida?secret=GEZDGNBVGY3TQOJQ&algorithm=SHA256&digits=8&period=60&issuer=Corp");
        ida.Local.Ok("ssh", "create", "--comment", "shared@ida");
        ida.Local.Ok("network", "wifi", "add", "Café Ünïcode", "--passphrase", "p \"q\"", "--security", "wpa3-personal", "--hidden");
        var folder = Path.GetDirectoryName(ida.Home)!;
        var cxfFile = Path.Combine(folder, "ida.cxf.json");
        var bitwardenFile = Path.Combine(folder, "ida.bitwarden.json");
        Assert.Contains("2 SSH private key(s) in clear text", ida.Local.Run("password", "export", "--format", "cxf", "--output", cxfFile).Err, StringComparison.Ordinal);
        Assert.Equal(0, ida.Local.Run("password", "export", "--format", "bitwardenjson", "--output", bitwardenFile).Exit);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(cxfFile));

        var jon = portal.NewAccount("impjon");
        var imported = jon.Json("password", "import", cxfFile);
        Assert.Equal("cxf", imported.GetProperty("format").GetString());
        Assert.Equal(2, imported.GetProperty("sshKeys").GetInt32());
        Assert.Equal(2, imported.GetProperty("wifi").GetInt32());
        Assert.Contains("Café Ünïcode                     wpa3-personal (hidden)", jon.Local.Ok("network", "wifi", "list"), StringComparison.Ordinal);
        Assert.Equal(Items(File.ReadAllText(cxfFile)), Items(jon.Local.Ok("password", "export", "--format", "cxf", "--force")));
        Assert.Matches("^[0-9]{8}\n$", jon.Local.Ok("password", "get", "*.corp.example", "--field", "otp"));

        var kai = portal.NewAccount("impkai");
        Assert.Equal("bitwardenjson", kai.Json("password", "import", bitwardenFile).GetProperty("format").GetString());
        // Bitwarden's format has no SSH keys or Wi-Fi; the logins are the same.
        var logins = Items(File.ReadAllText(cxfFile)).Where(i => !i.Contains("ssh-key", StringComparison.Ordinal) && !i.Contains("\"wifi\"", StringComparison.Ordinal));
        Assert.Equal(logins, Items(kai.Local.Ok("password", "export", "--format", "cxf", "--force")));
    }

    // The items of a CXF export, each as its JSON without the creation time (an imported key's is the import's).
    private static List<string> Items(string cxf)
    {
        using var document = System.Text.Json.JsonDocument.Parse(cxf);
        return [.. document.RootElement.GetProperty("accounts")[0].GetProperty("items").EnumerateArray()
            .Select(i => System.Text.RegularExpressions.Regex.Replace(i.GetRawText(), "\"creationAt\": [0-9]+,", "")).Order(StringComparer.Ordinal)];
    }

    [Fact]
    public void A_1password_1pux_export_imports_logins_with_codes_and_fields()
    {
        var una = portal.NewAccount("impuna");
        var refused = una.Fails("password", "import", Csv("onepassword.1pux"));
        Assert.Contains("item 4 (No address): no URL.", refused.Err, StringComparison.Ordinal);
        var read = una.Run("password", "import", Csv("onepassword.1pux"), "--skip-bad", "--json");
        Assert.Equal(0, read.Exit);
        Assert.Contains("\"format\": \"1password\"", read.Out, StringComparison.Ordinal);
        Assert.Contains("item 3 (Note): a secure note, not a login.", read.Err, StringComparison.Ordinal);
        Assert.Contains("item 5 (Visa): a credit card, not a login.", read.Err, StringComparison.Ordinal);
        Assert.Equal("Dp2WxX\"fw,N7\n", una.Local.Ok("password", "get", "www.dropbox.com"));
        Assert.Equal("wendy\n", una.Local.Ok("password", "get", "www.dropbox.com", "--field", "username"));
        Assert.Equal("First line\nsecond line\nPIN: 1234\n", una.Local.Ok("password", "get", "www.dropbox.com", "--field", "notes"));
        Assert.Matches("^[0-9]{6}\n$", una.Local.Ok("password", "get", "www.dropbox.com", "--field", "otp"));
        Assert.Equal("pâté, \"rouge\"\n", una.Local.Ok("password", "get", "192.168.0.1"));
        // A zip that is not 1Password's, and a truncated one, are refused with the reason.
        var folder = Path.GetDirectoryName(una.Home)!;
        var other = Path.Combine(folder, "other.zip");
        using (var zip = System.IO.Compression.ZipFile.Open(other, System.IO.Compression.ZipArchiveMode.Create)) zip.CreateEntry("readme.txt");
        Assert.Contains("has no export.data", una.Local.Fails("password", "import", other).Err, StringComparison.Ordinal);
        var truncated = Path.Combine(folder, "truncated.1pux");
        File.WriteAllBytes(truncated, File.ReadAllBytes(Csv("onepassword.1pux"))[..300]);
        Assert.Contains("not a readable zip archive", una.Local.Fails("password", "import", truncated).Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Ten_thousand_logins_import_as_one_change_that_reads_back_from_the_portal()
    {
        var vic = portal.NewAccount("impvic");
        vic.Local.Ok("password", "add", "first.example.com", "vic", "--password", "one");
        var file = Path.Combine(Path.GetDirectoryName(vic.Home)!, "large.csv");
        var lines = new List<string> { "name,url,username,password,note" };
        for (var i = 0; i < 10_000; i++)
            lines.Add($"Site {i},https://login.site-{i}.example.com/signin,user{i}@example.com,{Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(15))},note {i}");
        File.WriteAllLines(file, lines);
        var before = vic.Local.Json("log", "status").GetProperty("treeSize").GetInt64();
        var imported = vic.Json("password", "import", file);
        Assert.Equal(10_000, imported.GetProperty("imported").GetInt32());
        Assert.Equal("user9999@example.com\n", vic.Local.Ok("password", "get", "login.site-9999.example.com", "--field", "username", "--sync"));
        Assert.Equal("one\n", vic.Local.Ok("password", "get", "first.example.com"));
        // One publication: the log grew by one entry.
        Assert.Equal(before + 1, vic.Local.Json("log", "status").GetProperty("treeSize").GetInt64());
    }

    [Fact]
    public void Bad_rows_are_reported_by_line_and_nothing_is_imported_unless_skipped()
    {
        var frank = portal.NewAccount("impfrank");
        var refused = frank.Fails("password", "import", Csv("bad.csv"));
        Assert.Contains("line 3: no URL", refused.Err, StringComparison.Ordinal);
        Assert.Contains("line 4: no password", refused.Err, StringComparison.Ordinal);
        Assert.Contains("line 5: 'ftp://files.example.com' is not a web address", refused.Err, StringComparison.Ordinal);
        Assert.Contains("--skip-bad", refused.Err, StringComparison.Ordinal);
        Assert.Equal("No passwords stored.\n", frank.Local.Ok("password", "list"));

        var skipped = frank.Run("password", "import", Csv("bad.csv"), "--skip-bad");
        Assert.Equal(0, skipped.Exit);
        Assert.Equal(3, skipped.Err.Split('\n').Count(l => l.StartsWith("mesh: warning:", StringComparison.Ordinal)));
        Assert.Equal("p\n", frank.Local.Ok("password", "get", "good.example.com"));
        Assert.Equal("q\n", frank.Local.Ok("password", "get", "fine.example.com"));

        // A file far too large to be an export is refused before it is read (a sparse file: no disk used).
        var huge = Path.Combine(Path.GetDirectoryName(frank.Home)!, "huge.csv");
        using (var file = File.Create(huge)) file.SetLength(257L * 1024 * 1024);
        Assert.Contains("an export is read only up to 256 MiB", frank.Local.Fails("password", "import", huge).Err, StringComparison.Ordinal);
        File.Delete(huge);
    }

    [Fact]
    public void Export_writes_csv_that_imports_into_another_account()
    {
        var gina = portal.NewAccount("impgina");
        gina.Local.Ok("password", "import", Csv("chrome.csv"));
        gina.Local.Ok("password", "add", "*.corp.example", "gina", "--password", "comma, and \"quote\"");
        var csv = gina.Ok("password", "export", "--format", "csv");
        Assert.StartsWith("url,username,password\r\n", csv, StringComparison.Ordinal);
        var rows = Mesh.Client.Import.Csv.Parse(csv).Skip(1).Select(r => r.Fields).ToList();
        Assert.Contains(rows, r => r.SequenceEqual(["https://www.example.com/", "alice", "pa,ss\"word"]));
        Assert.Contains(rows, r => r.SequenceEqual(["*.corp.example", "gina", "comma, and \"quote\""]));

        var file = Path.Combine(Path.GetDirectoryName(gina.Home)!, "export.csv");
        File.WriteAllText(file, csv);
        var henry = portal.NewAccount("imphenry");
        henry.Ok("password", "import", file);
        Assert.Equal(csv, henry.Local.Ok("password", "export"));
    }

    [Fact]
    public void Export_to_a_file_is_owner_only_and_never_printed_to_a_terminal_without_force()
    {
        var kim = portal.NewAccount("impkim");
        kim.Local.Ok("password", "add", "www.example.com", "kim", "--password", "s3cret");
        var file = Path.Combine(Path.GetDirectoryName(kim.Home)!, "out.csv");

        var written = kim.Local.Run("password", "export", "--output", file);
        Assert.Equal(0, written.Exit);
        Assert.Contains("clear text", written.Err, StringComparison.Ordinal);
        Assert.Equal("", written.Out);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Contains("kim,s3cret", File.ReadAllText(file), StringComparison.Ordinal);
        Assert.Contains("--force", kim.Local.Fails("password", "export", "--output", file).Err, StringComparison.Ordinal);
        Assert.Equal(0, kim.Local.Run("password", "export", "--output", file, "--force").Exit);

        (int Exit, string Out, string Err) ToTerminal(params string[] extra)
        {
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            var exit = MeshCommand.Run(["--home", kim.Home, "--portal-url", kim.PortalUrl, "password", "export", .. extra], new StringReader(""), stdout, stderr, outIsTerminal: true);
            return (exit, stdout.ToString(), stderr.ToString());
        }
        var refused = ToTerminal();
        Assert.Equal(1, refused.Exit);
        Assert.Equal("", refused.Out);
        Assert.Contains("terminal", refused.Err, StringComparison.Ordinal);
        Assert.Contains("kim,s3cret", ToTerminal("--force").Out, StringComparison.Ordinal);
    }
}
