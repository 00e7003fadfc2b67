namespace Mesh.Cli.Tests;

/// <summary>Input a user can type that once ended in an unhandled exception: each must be a <c>mesh: error:</c> line instead.</summary>
public sealed class HostileInputTests : IDisposable
{
    private readonly string _home = Path.Combine(Path.GetTempPath(), "mesh-cli-hostile-" + Guid.NewGuid().ToString("N"));

    [Theory]
    [InlineData("abc")]
    [InlineData("99999999999")]
    public void A_PIN_lifetime_that_is_not_an_int_is_bad_usage(string minutes)
    {
        var (exit, output, errors) = CliRunner.Run("device", "pin", "--expires", minutes, "--home", _home);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains($"mesh: error: Cannot parse argument '{minutes}' for option '--expires'", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_given_as_the_file_to_import_is_an_error()
    {
        var (exit, _, errors) = CliRunner.Run("password", "import", Path.GetTempPath(), "--home", _home);
        Assert.Equal(1, exit);
        Assert.StartsWith("mesh: error: ", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_given_as_the_passphrase_file_is_an_error()
    {
        var (exit, _, errors) = CliRunner.Run("--passphrase-file", Path.GetTempPath(), "password", "get", "www.example.com", "--home", _home);
        Assert.Equal(1, exit);
        Assert.StartsWith("mesh: error: ", errors, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_name_to_add_is_an_error()
    {
        var (exit, _, errors) = CliRunner.Run("profile", "add-name", "", "--home", _home);
        Assert.Equal(1, exit);
        Assert.Equal("mesh: error: An index term cannot be empty." + Environment.NewLine, errors);
    }

    [Fact]
    public void An_empty_account_to_join_is_an_error_and_makes_no_keys()
    {
        var (exit, _, errors) = CliRunner.Run("device", "request", "", "--home", _home);
        Assert.Equal(1, exit);
        Assert.Contains("mesh: error: '' is not an account", errors, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_home, "device.key")));
    }

    [Theory]
    [InlineData("accept")]
    [InlineData("reject")]
    [InlineData("revoke")]
    public void An_empty_device_identifier_is_an_error(string command)
    {
        var (exit, _, errors) = CliRunner.Run("device", command, "", "--home", _home);
        Assert.Equal(1, exit);
        Assert.StartsWith("mesh: error: ", errors, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_home)) Directory.Delete(_home, recursive: true);
    }
}
