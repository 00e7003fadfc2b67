using System.Net.Http.Headers;
using Mesh.Schema;
using Mesh.Schema.Json;

namespace Mesh.LoadTest;

/// <summary>
/// Sends request bodies serialized in advance and checks the status of the answer without
/// deserializing it: the load tool shares the machine's two cores with the portal, so each
/// request should cost it as little as an HTTP benchmark client would.
/// </summary>
internal sealed class RawPortal(HttpClient http, Uri baseUri, string domain)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly Uri _endpoint = new(baseUri, "/.well-known/mmm/");

    /// <summary>The exact body of <paramref name="request"/>, as PortalClient would send it.</summary>
    public byte[] Body(MeshRequest request) => TaggedJson.Serialize<MeshRequest>(request with { Portal = domain });

    /// <summary>Gets <paramref name="path"/> (relative to the portal's base URL, e.g. a tile); the answer must be 200. Returns its length.</summary>
    public async Task<int> GetAsync(string path)
    {
        using var response = await http.GetAsync(new Uri(baseUri, path)).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        if (response.StatusCode != System.Net.HttpStatusCode.OK)
            throw new MeshException(MeshStatus.ServerInternal, $"HTTP {(int)response.StatusCode} for {path}");
        return bytes.Length;
    }

    /// <summary>Posts <paramref name="body"/>; the answer must have HTTP status <paramref name="status"/>. Returns the answer's bytes.</summary>
    public async Task<byte[]> PostAsync(byte[] body, int status)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = Json;
        message.Headers.Host = domain;
        using var response = await http.SendAsync(message).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        if ((int)response.StatusCode != status)
            throw new MeshException(MeshStatus.ServerInternal, $"HTTP {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(bytes.AsSpan(0, Math.Min(200, bytes.Length)))}");
        return bytes;
    }
}
