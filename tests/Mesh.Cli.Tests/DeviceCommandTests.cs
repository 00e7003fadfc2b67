namespace Mesh.Cli.Tests;

/// <summary>The device commands' help and their refusals that need no portal, run in-process.</summary>
public sealed class DeviceCommandTests : IDisposable
{
    private readonly string _home = Path.Combine(Path.GetTempPath(), "mesh-cli-device-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Help_says_what_the_witness_code_is_for_and_how_a_PIN_is_used()
    {
        var device = CliRunner.Ok("device", "--help");
        Assert.Contains("witness code", device, StringComparison.Ordinal);
        Assert.Contains("mesh device complete", device, StringComparison.Ordinal);
        var request = CliRunner.Ok("device", "request", "--help");
        Assert.Contains("accept there only if both are identical", request, StringComparison.Ordinal);
        Assert.Contains("device ALREADY in the account", request, StringComparison.Ordinal);
        Assert.Contains("--pin", request, StringComparison.Ordinal);
        var pin = CliRunner.Ok("device", "pin", "--help");
        Assert.Contains("mesh device request NAME@PORTAL --pin PIN", pin, StringComparison.Ordinal);
        Assert.Contains("mesh sync", pin, StringComparison.Ordinal);
        Assert.Contains("What it already read it keeps", CliRunner.Ok("device", "revoke", "--help"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "device", "request", "alice@example.com", "--pin", "1234" }, "'1234' is not a PIN", "type the PIN exactly")]
    [InlineData(new[] { "device", "complete" }, "has no connection request in progress", "mesh device request NAME@PORTAL")]
    [InlineData(new[] { "device", "list" }, "has no profile yet", "mesh profile create")]
    [InlineData(new[] { "device", "pending" }, "no account yet", "mesh account create")]
    [InlineData(new[] { "device", "pin" }, "no account yet", "mesh account create")]
    public void Refusals_print_an_error_and_a_hint(string[] args, string error, string hint)
    {
        var (exit, output, errors) = CliRunner.Run([.. args, "--home", _home]);
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Contains($"mesh: error: ", errors, StringComparison.Ordinal);
        Assert.Contains(error, errors, StringComparison.Ordinal);
        Assert.Contains($"mesh: hint: ", errors, StringComparison.Ordinal);
        Assert.Contains(hint, errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("10081")]
    public void A_PIN_lasts_from_a_minute_to_a_week(string minutes)
    {
        var (exit, _, errors) = CliRunner.Run("device", "pin", "--expires", minutes, "--home", _home);
        Assert.Equal(2, exit);
        Assert.Contains("mesh: error: --expires must be from 1 to 10080 minutes", errors, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_home)) Directory.Delete(_home, recursive: true);
    }
}
