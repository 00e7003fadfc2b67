using System.Text.Json;

namespace Mesh.Cli.Tests;

public sealed class HashCommandTests : IDisposable
{
    private const string Vector = "MDDK-7N6A-727A-JZNO-STRX-XKS7-DJAF";
    private readonly string directory = Directory.CreateTempSubdirectory("mesh-cli-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Text_gives_the_draft_vector() =>
        Assert.Equal(Vector + Environment.NewLine, CliRunner.Ok("hash", "udf", "--text", "UDF Data Value"));

    [Fact]
    public void Options_select_precision_algorithm_and_key()
    {
        Assert.Equal("MDDK-7N6A-727A-JZNO-STRX-XKS7-DJAF-XI6O-ZSLU-2VOA-TZQ6-JMHP-TSXP", CliRunner.Ok("hash", "udf", "--text", "UDF Data Value", "--bits", "260").Trim());
        Assert.Equal("KCFI-NCQG-DRKG-47R7-OVPT-TCHZ-7UXY", CliRunner.Ok("hash", "udf", "--text", "UDF Data Value", "--sha3").Trim());
        Assert.Equal("ABGM-G76T-7GPF-FTYH-SB2F-HBDF-SW6B",
            CliRunner.Ok("hash", "udf", "--text", "Konrad is the traitor", "--key", "NDD7-6CMX-H2FW-ISAL-K4VB-DQ3E-PEDM").Trim());
        Assert.Equal(Udf.ContentDigest("application/json", "UDF Data Value"u8),
            CliRunner.Ok("hash", "udf", "--text", "UDF Data Value", "--content-type", "application/json").Trim());
    }

    [Fact]
    public void File_content_type_comes_from_its_extension()
    {
        var text = Path.Combine(directory, "value.TXT");
        var other = Path.Combine(directory, "value.bin");
        File.WriteAllText(text, "UDF Data Value");
        File.WriteAllText(other, "UDF Data Value");

        Assert.Equal(Vector, CliRunner.Ok("hash", "udf", text).Trim());
        Assert.Equal(Udf.ContentDigest("application/octet-stream", "UDF Data Value"u8), CliRunner.Ok("hash", "udf", other).Trim());
        Assert.Equal(Vector, CliRunner.Ok("hash", "udf", other, "--content-type", "text/plain").Trim());
    }

    [Fact]
    public void Large_file_is_hashed()
    {
        var path = Path.Combine(directory, "big.png");
        var data = new byte[(3 << 20) + 5];
        new Random(3).NextBytes(data);
        File.WriteAllBytes(path, data);
        Assert.Equal(Udf.ContentDigest("image/png", data), CliRunner.Ok("hash", "udf", path).Trim());
    }

    [Fact]
    public void Json_output_names_everything()
    {
        using var json = JsonDocument.Parse(CliRunner.Ok("hash", "udf", "--text", "UDF Data Value", "--json", "--bits", "100"));
        var root = json.RootElement;
        Assert.Equal("MDDK-7N6A-727A-JZNO-STRX", root.GetProperty("udf").GetString());
        Assert.Equal("text/plain", root.GetProperty("contentType").GetString());
        Assert.Equal(100, root.GetProperty("bits").GetInt32());
        Assert.Equal("SHA-2-512", root.GetProperty("algorithm").GetString());
    }

    [Fact]
    public void Missing_file_is_a_clear_error()
    {
        var (exit, output, error) = CliRunner.Run("hash", "udf", Path.Combine(directory, "absent.txt"));
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.StartsWith("mesh: error: Cannot read", error, StringComparison.Ordinal);
        Assert.Contains("no such file", error, StringComparison.Ordinal);
        Assert.Contains("mesh: hint:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Directory_is_a_clear_error()
    {
        var (exit, _, error) = CliRunner.Run("hash", "udf", directory);
        Assert.Equal(1, exit);
        Assert.Contains("is a directory", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hash", "udf")]
    [InlineData("hash", "udf", "file.txt", "--text", "x")]
    [InlineData("hash", "udf", "--text", "x", "--bits", "130")]
    [InlineData("hash", "udf", "--text", "x", "--bits", "460")]
    [InlineData("hash", "udf", "--text", "x", "--bits", "many")]
    [InlineData("hash", "udf", "--text", "x", "--content-type", "")]
    [InlineData("hash", "udf", "--text", "x", "--key", "k", "--sha3")]
    [InlineData("hash", "udf", "--text", "x", "--key", "")]
    [InlineData("hash", "udf", "--text", "x", "--nonsense")]
    public void Bad_usage_exits_2(params string[] args)
    {
        var (exit, output, error) = CliRunner.Run(args);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.StartsWith("mesh: error: ", error, StringComparison.Ordinal);
        Assert.Contains("mesh: hint: run 'mesh hash udf --help'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_explains_the_options()
    {
        var help = CliRunner.Ok("hash", "udf", "--help");
        Assert.Contains("--content-type", help, StringComparison.Ordinal);
        Assert.Contains("multiple of 20", help, StringComparison.Ordinal);
    }
}
