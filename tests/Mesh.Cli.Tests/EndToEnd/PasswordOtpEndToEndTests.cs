using Mesh.Applications;

namespace Mesh.Cli.Tests.EndToEnd;

/// <summary>Authenticator secrets and notes kept with a login: mesh password add --otp/--notes, otp, get --field.</summary>
[Collection(AppsTests.Name)]
public class PasswordOtpEndToEndTests(AppsPortalFixture portal)
{
    private const string Uri = "otpauth://totp/Example:olga?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Example&algorithm=SHA256&digits=8&period=60";

    [Fact]
    public void The_code_is_RFC_6238s_and_a_new_password_keeps_the_secret_and_notes()
    {
        var olga = portal.NewAccount("otpolga");
        olga.Local.Ok("password", "add", "login.example.com", "olga", "--password", "first", "--otp", Uri, "--notes", "recovery codes in the safe");
        var secret = Totp.Parse(Uri);
        var before = DateTimeOffset.UtcNow;
        var shown = olga.Json("password", "otp", "login.example.com");
        var after = DateTimeOffset.UtcNow;
        Assert.Contains(shown.GetProperty("code").GetString(), new[] { Totp.Code(secret, before), Totp.Code(secret, after) });
        Assert.InRange(shown.GetProperty("secondsLeft").GetInt32(), 1, 60);
        Assert.Matches("^[0-9]{8} \\(valid for [0-9]+ more seconds?\\)\n$", olga.Local.Ok("password", "otp", "login.example.com"));

        // A new password keeps what it did not replace.
        olga.Local.Ok("password", "add", "login.example.com", "olga", "--password", "second");
        Assert.Equal("olga\n", olga.Local.Ok("password", "get", "login.example.com", "--field", "username"));
        Assert.Equal("recovery codes in the safe\n", olga.Local.Ok("password", "get", "login.example.com", "--field", "notes"));
        Assert.Matches("^[0-9]{8}\n$", olga.Ok("password", "get", "login.example.com", "--field", "otp"));
        Assert.Equal("second\n", olga.Local.Ok("password", "get", "login.example.com"));

        // A login without a secret, and a secret that is not one, are clear errors.
        olga.Local.Ok("password", "add", "plain.example.com", "olga", "--password", "x");
        Assert.Contains("has no authenticator secret", olga.Local.Fails("password", "otp", "plain.example.com").Err, StringComparison.Ordinal);
        Assert.Contains("--otp:", olga.Local.Fails("password", "add", "bad.example.com", "olga", "--password", "x", "--otp", "otpauth://hotp/x?secret=GEZDGNBVGY3TQOJQ").Err, StringComparison.Ordinal);
    }
}
