using System.Text.Json;

namespace Mesh.Cli.Tests;

public class KeyCommandTests
{
    [Fact]
    public void Nonce_is_an_n_udf_of_the_asked_size()
    {
        var nonce = Udf.Parse(CliRunner.Ok("key", "nonce").Trim());
        Assert.Equal(UdfType.Nonce, nonce.Type);
        Assert.Equal(16, nonce.Payload.Length);

        using var json = JsonDocument.Parse(CliRunner.Ok("key", "nonce", "--bits", "256", "--json"));
        Assert.Equal(256, json.RootElement.GetProperty("bits").GetInt32());
        Assert.Equal(32, Udf.Parse(json.RootElement.GetProperty("nonce").GetString()!).Payload.Length);
    }

    [Theory]
    [InlineData(128)]
    [InlineData(256)]
    public void Secret_is_an_e_udf(int bits)
    {
        using var json = JsonDocument.Parse(CliRunner.Ok("key", "secret", "--bits", bits.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json"));
        var secret = Udf.Parse(json.RootElement.GetProperty("secret").GetString()!);
        Assert.Equal(UdfType.SymmetricKey, secret.Type);
        Assert.Equal(bits, json.RootElement.GetProperty("bits").GetInt32());
        Assert.Equal(Convert.ToHexStringLower(secret.Payload.Span), json.RootElement.GetProperty("hex").GetString());
    }

    [Fact]
    public void Share_then_recover_round_trips()
    {
        var secret = CliRunner.Ok("key", "secret").Trim();
        var shares = Lines(CliRunner.Ok("key", "share", secret, "--shares", "5", "--quorum", "3"));
        Assert.Equal(5, shares.Length);
        Assert.All(shares, s => Assert.Equal(UdfType.Share, Udf.Parse(s).Type));

        Assert.Equal(secret, CliRunner.Ok(["key", "recover", shares[4], shares[0], shares[2]]).Trim());
        Assert.Equal(secret, CliRunner.Ok(["key", "recover", .. shares]).Trim());

        using var json = JsonDocument.Parse(CliRunner.Ok("key", "recover", shares[1], shares[2], shares[3], "--json"));
        Assert.Equal(secret, json.RootElement.GetProperty("secret").GetString());
        Assert.Equal(Convert.ToHexStringLower(Udf.Parse(secret).Payload.Span), json.RootElement.GetProperty("hex").GetString());
    }

    [Fact]
    public void Share_json_lists_the_shares()
    {
        var secret = CliRunner.Ok("key", "secret", "--bits", "128").Trim();
        using var json = JsonDocument.Parse(CliRunner.Ok("key", "share", secret, "--shares", "3", "--quorum", "2", "--json"));
        Assert.Equal(2, json.RootElement.GetProperty("quorum").GetInt32());
        var shares = json.RootElement.GetProperty("shares").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Equal(3, shares.Length);
        Assert.Equal(secret, CliRunner.Ok("key", "recover", shares[0], shares[2]).Trim());
    }

    [Fact]
    public void Recover_accepts_the_draft_shares()
    {
        using var json = JsonDocument.Parse(CliRunner.Ok("key", "recover", "SAYC-UW4N-56UI-VTTZ-62UN-J6FP-ETD3-O", "sa2o-qtqb-fqgg-4h4j-hz7o-de7e-6gt3-q", "SAZ4MWA6GNGKN6Q7QI4PAEQRQ4YJG", "--json"));
        Assert.Equal("8efe6610a594817555e409beeba2f916", json.RootElement.GetProperty("hex").GetString());
    }

    [Theory]
    [InlineData("SAYC-UW4N-56UI-VTTZ-62UN-J6FP-ETD3-O", "SAY6-OXXE-SUNL-KUMX-3ZG6-TRDW-UDAK-Y", "Too few shares")]
    [InlineData("SAYC-UW4N-56UI-VTTZ-62UN-J6FP-ETD3-O", "SAY6-OXXE-SUNL-KUMX-3ZG6-TRDW-UDA0-Y", "'0' at position 34")]
    [InlineData("SAYC-UW4N-56UI-VTTZ-62UN-J6FP-ETD3-O", "MDDK-7N6A-727A-JZNO-STRX-XKS7-DJAF", "not a secret share")]
    [InlineData("SAYC-UW4N-56UI-VTTZ-62UN-J6FP-ETD3-O", "SAYC-UW4N-56UI-VTTZ-62UN-J6FP-ETD3-O", "given twice")]
    public void Bad_shares_are_a_clear_error(string first, string second, string because)
    {
        var (exit, output, error) = CliRunner.Run("key", "recover", first, second);
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.StartsWith("mesh: error: ", error, StringComparison.Ordinal);
        Assert.Contains(because, error, StringComparison.Ordinal);
        Assert.Contains("mesh: hint:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Corrupted_share_among_more_than_the_quorum_is_reported()
    {
        // Share 2 of the draft's split with one symbol changed, plus three good ones.
        var (exit, _, error) = CliRunner.Run("key", "recover", "SAYC-UW4N-56UI-VTTZ-62UN-J6FP-ETD3-O",
            "SAY6-OXXE-SUNL-KUMX-3ZG6-TRDW-UDAK-A", "SAZM-MCDK-AD6B-ICWP-BTJU-QISC-C3RY-6", "SAZ4-MWA6-GNGK-N6Q7-QI4P-AEQR-Q4YJ-G");
        Assert.Equal(1, exit);
        Assert.Contains("do not agree", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Share_refuses_a_secret_that_is_not_a_key()
    {
        var (exit, _, error) = CliRunner.Run("key", "share", "MDDK-7N6A-727A-JZNO-STRX-XKS7-DJAF", "--shares", "3", "--quorum", "2");
        Assert.Equal(1, exit);
        Assert.Contains("not a symmetric key", error, StringComparison.Ordinal);
        Assert.Contains("mesh: hint: make one with 'mesh key secret'", error, StringComparison.Ordinal);

        (exit, _, error) = CliRunner.Run("key", "share", "E-not-base32!", "--shares", "3", "--quorum", "2");
        Assert.Equal(1, exit);
        Assert.StartsWith("mesh: error: ", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("key", "share", "EAAA", "--shares", "5")]
    [InlineData("key", "share", "EAAA", "--shares", "16", "--quorum", "3")]
    [InlineData("key", "share", "EAAA", "--shares", "5", "--quorum", "1")]
    [InlineData("key", "share", "EAAA", "--shares", "5", "--quorum", "6")]
    [InlineData("key", "share", "EAAA", "--shares", "many", "--quorum", "3")]
    [InlineData("key", "share", "EAAA", "--shares", "5", "--quorum", "three")]
    [InlineData("key", "recover")]
    [InlineData("key", "secret", "--bits", "192")]
    [InlineData("key", "nonce", "--bits", "100")]
    [InlineData("key", "nonce", "--bits", "x")]
    [InlineData("key", "secret", "--bits", "x")]
    [InlineData("key", "frobnicate")]
    public void Bad_usage_exits_2(params string[] args)
    {
        var (exit, output, error) = CliRunner.Run(args);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.StartsWith("mesh: error: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_explains_the_quorum()
    {
        var help = CliRunner.Ok("key", "share", "--help");
        Assert.Contains("quorum", help, StringComparison.Ordinal);
        Assert.Contains("K-1 or fewer reveal nothing", help, StringComparison.Ordinal);
    }

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
