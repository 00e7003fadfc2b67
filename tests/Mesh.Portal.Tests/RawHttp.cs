using System.Net.Http.Headers;
using Mesh.Schema;
using Mesh.Schema.Json;

namespace Mesh.Portal.Tests;

/// <summary>Sends raw bytes to a portal, as a hostile client would.</summary>
public static class RawHttp
{
    private static readonly HttpClient Http = new();

    public sealed record Answer(int HttpStatus, long? Status, string? Description);

    public static Task<Answer> PostAsync(TestPortal portal, string body, string host = TestPortal.Domain, string? authorization = null) =>
        PostAsync(portal, System.Text.Encoding.UTF8.GetBytes(body), host, authorization);

    public static async Task<Answer> PostAsync(TestPortal portal, byte[] body, string host = TestPortal.Domain, string? authorization = null)
    {
        ArgumentNullException.ThrowIfNull(portal);
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(portal.Address, "/.well-known/mmm/")) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        message.Headers.Host = host;
        if (authorization is not null) message.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var response = await Http.SendAsync(message);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var answer = TaggedJson.Deserialize<MeshResponse>(bytes);
        Assert.Equal((int)response.StatusCode, (int)answer.Status!);
        return new Answer((int)response.StatusCode, answer.Status, answer.StatusDescription);
    }
}
