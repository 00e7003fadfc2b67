using Mesh.Schema;

namespace Mesh.Portal.Tests.Transactions;

/// <summary>Draft 7.6.1: the Reason comes in the first language of the request's list that the portal has.</summary>
public sealed class LanguageTests
{
    [Theory]
    [InlineData(new[] { "de", "fr-CA", "en" }, "Un nom de compte")]
    [InlineData(new[] { "fr" }, "Un nom de compte")]
    [InlineData(new[] { "de", "ja" }, "An account name")]
    [InlineData(new string[0], "An account name")]
    public async Task The_reason_is_in_the_first_language_the_portal_has(string[] languages, string start)
    {
        await using var portal = await TestPortal.StartAsync();
        using var client = portal.Client();
        var answer = await client.SendAsync<ValidateResponse>(new ValidateRequest { Account = "a!b", Language = languages });
        Assert.False(answer.Valid);
        Assert.StartsWith(start, answer.Reason, StringComparison.Ordinal);
        Assert.Equal("!", answer.InvalidCharacters);
    }
}
