using Mesh.Encoding;
using Mesh.Schema;
using Mesh.Schema.Json;

namespace Mesh.Portal.Tests.Security;

/// <summary>
/// What the fuzzer found (fuzz/README.md, "Findings"), replayed against the running portal: each
/// was answered 500, or failed a whole batch of writes, before its fix; each is now a 4xx that
/// changes nothing.
/// </summary>
public sealed class FuzzFindingsTests
{
    /// <summary>
    /// A valid profile with an unprotected JWS header member holding an escaped lone surrogate: the
    /// signature does not cover that header, so anyone can add one. System.Text.Json read it into a
    /// JsonElement and then could not write it back, nor could the JOSE reader read it.
    /// </summary>
    [Theory]
    [InlineData("\\ud800")]
    [InlineData("\\udfff")]
    [InlineData("x\\ud800\\u0041")]
    public async Task A_lone_escaped_surrogate_in_an_unprotected_header_is_400(string escape)
    {
        await using var portal = await TestPortal.StartAsync();
        using var alice = new TestAccount("alice");
        var body = TaggedJson.SerializeToString(new CreateRequest { Account = alice.Account, Profile = alice.Profile, Portal = TestPortal.Domain });
        var hostile = body.Replace("\"header\":{", $"\"header\":{{\"x\":\"{escape}\",", StringComparison.Ordinal);
        Assert.NotEqual(body, hostile);

        var answer = await RawHttp.PostAsync(portal, hostile);

        Assert.Equal(400, answer.Status);
        Assert.Equal(0, portal.Store.ReadHead().Size);
        using var client = portal.Client();
        Assert.Equal(201, (await alice.CreateAsync(client)).Status);
    }

    /// <summary>The same in the protected header of an Authorization header's compact JWS.</summary>
    [Fact]
    public async Task A_lone_escaped_surrogate_in_a_request_signature_header_is_401()
    {
        await using var portal = await TestPortal.StartAsync();
        var header = Base64Url.Encode("{\"alg\":\"EdDSA\",\"kid\":\"\\ud800\"}"u8);
        var claims = Base64Url.Encode("{\"RequestClaims\":{}}"u8);
        var answer = await RawHttp.PostAsync(portal, "{\"ConnectPendingRequest\":{}}", authorization: $"Mesh {header}.{claims}.AAAA");
        Assert.Equal(401, answer.Status);
    }
}
