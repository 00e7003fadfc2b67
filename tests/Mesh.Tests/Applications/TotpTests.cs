using System.Security.Cryptography;
using System.Text.Json;
using Mesh.Applications;
using Mesh.Encoding;

namespace Mesh.Tests.Applications;

public class TotpTests
{
    private static JsonElement Vectors { get; } = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Vectors", "rfc6238", "totp.json"))).RootElement;

    public static TheoryData<long, string, string> Rfc6238()
    {
        var data = new TheoryData<long, string, string>();
        foreach (var v in Vectors.GetProperty("vectors").EnumerateArray())
            data.Add(v.GetProperty("time").GetInt64(), v.GetProperty("algorithm").GetString()!, v.GetProperty("code").GetString()!);
        return data;
    }

    public static TheoryData<string, string> Invalid()
    {
        var data = new TheoryData<string, string>();
        foreach (var v in Vectors.GetProperty("invalid").EnumerateArray()) data.Add(v.GetProperty("uri").GetString()!, v.GetProperty("why").GetString()!);
        return data;
    }

    [Theory]
    [MemberData(nameof(Rfc6238))]
    public void The_RFC_6238_vectors(long time, string algorithm, string code)
    {
        var length = algorithm switch { "SHA1" => 20, "SHA256" => 32, _ => 64 };
        var seed = System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("1234567890", 7))[..length]);
        // Through the otpauth URI an authenticator app would read, so that parsing is tested with the arithmetic.
        var uri = $"otpauth://totp/Example:alice%40example.com?secret={Base32.Encode(seed)}&issuer=Example&algorithm={algorithm}&digits=8";
        var secret = Totp.Parse(uri);
        Assert.Equal(code, Totp.Code(secret, DateTimeOffset.FromUnixTimeSeconds(time)));
        Assert.Equal("Example:alice@example.com", secret.Label);
        Assert.Equal(code, Totp.Code(Totp.Parse(Totp.ToUri(secret)), DateTimeOffset.FromUnixTimeSeconds(time)));
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_secrets_are_refused_with_a_reason(string uri, string why)
    {
        Assert.False(Totp.TryParse(uri, out _, out var error), why);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void A_bare_secret_takes_the_defaults_and_a_code_stays_valid_to_the_end_of_its_step()
    {
        var secret = Totp.Parse("gezd gnbv gy3t qojq gezd gnbv gy3t qojq");
        Assert.Equal((HashAlgorithmName.SHA1, 6, 30), (secret.Algorithm, secret.Digits, secret.Period));
        Assert.Equal("287082", Totp.Code(secret, DateTimeOffset.FromUnixTimeSeconds(59)));
        Assert.Equal(1, Totp.SecondsLeft(secret, DateTimeOffset.FromUnixTimeSeconds(59)));
        Assert.Equal(30, Totp.SecondsLeft(secret, DateTimeOffset.FromUnixTimeSeconds(60)));
        Assert.Equal("otpauth://totp/?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Totp.ToUri(secret));
    }
}
