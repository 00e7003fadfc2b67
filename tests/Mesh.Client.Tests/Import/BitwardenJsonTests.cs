using Mesh.Client.Import;

namespace Mesh.Client.Tests.Import;

public class BitwardenJsonTests
{
    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{\"items\": {}}")]
    [InlineData("{\"encrypted\": true, \"items\": []}")]
    [InlineData("{\"items\": [[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]}")]
    public void What_is_not_an_unencrypted_export_is_refused(string text) =>
        Assert.Throws<MeshException>(() => BitwardenJson.Read(text));

    [Fact]
    public void Odd_items_are_reported_not_thrown()
    {
        var read = BitwardenJson.Read("""
            {"items": [1, "x", {"type": "1"}, {"type": 1}, {"type": 1, "login": {"password": "p", "uris": [{"uri": 7}]}},
                       {"type": 1, "name": "ftp", "login": {"password": "p", "uris": [{"uri": "ftp://files.example.com"}]}},
                       {"type": 1, "name": "ok", "login": {"password": "p", "username": null, "uris": [{"uri": "https://ok.example.com"}], "totp": 5}}]}
            """);
        Assert.Equal([1, 2, 3, 4], read.Ignored.Select(p => p.Line));
        Assert.Equal([5, 6], read.Bad.Select(p => p.Line));
        Assert.Contains("not a web address", read.Bad[1].Reason, StringComparison.Ordinal);
        var login = Assert.Single(read.Logins).Login;
        Assert.Equal(new Login("ok.example.com", "", "p"), login);
    }
}
