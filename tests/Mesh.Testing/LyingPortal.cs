using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mesh.Testing;

/// <summary>One request through the <see cref="LyingPortal"/>: its type (e.g. GetRequest), its fields, and the real portal's answer.</summary>
public sealed record Exchange(string Type, JsonObject Request, string? Authorization, byte[] Answer)
{
    /// <summary>The real portal's answer, parsed (its one member's value).</summary>
    public JsonObject AnswerFields => (JsonObject)JsonNode.Parse(Answer)!.AsObject().First().Value!;
}

/// <summary>
/// A malicious front end for a real portal, as an operator who controls what the portal answers would
/// run: every request goes to the real portal, and <see cref="Lie"/> may answer in its place, with what
/// the real portal served earlier or answers to requests the front end makes itself (<see cref="AskAsync"/>).
/// It holds no key of the portal and does not touch its store.
/// </summary>
public sealed class LyingPortal : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _http = new();
    private readonly Uri _upstream;

    private LyingPortal(string upstream, WebApplication app, string url)
    {
        _upstream = new Uri(new Uri(upstream), "/.well-known/mmm/");
        _app = app;
        Url = url;
    }

    /// <summary>Starts a front end on a free loopback port for the real portal at <paramref name="upstream"/>.</summary>
    public static async Task<LyingPortal> StartAsync(string upstream)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        LyingPortal? self = null;
        app.MapPost("/.well-known/mmm/", context => self!.AnswerAsync(context));
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return self = new LyingPortal(upstream, app, url);
    }

    /// <summary>The address devices are given as --portal-url.</summary>
    public string Url { get; }

    /// <summary>Answers in the portal's place: a tagged response to serve, or null to pass the real answer on.</summary>
    public Func<Exchange, Task<JsonNode?>>? Lie { get; set; }

    /// <summary>Requests (by type and fields) never passed to the real portal: <see cref="Lie"/> answers them alone, with <see cref="Exchange.Answer"/> empty.</summary>
    public Func<string, JsonObject, bool>? Withhold { get; set; }

    /// <summary>
    /// Other real portals that every write (CreateRequest, PublishRequest, ConnectStartRequest,
    /// ConnectCompleteRequest) is also sent to, their answers ignored: with two front ends mirroring into each
    /// other's portal, two devices see the same entries in two different logs (a split view).
    /// </summary>
    public IReadOnlyList<string> MirrorWritesTo { get; set; } = [];

    /// <summary>Every exchange so far, oldest first.</summary>
    public List<Exchange> Seen { get; } = [];

    /// <summary>Asks the real portal a request of the front end's own (unsigned); returns the answer's fields.</summary>
    public async Task<JsonObject> AskAsync(string type, JsonObject fields)
    {
        fields["Portal"] = PortalProcess.Domain;
        var body = new JsonObject { [type] = fields };
        var (_, answer) = await ForwardAsync(System.Text.Encoding.UTF8.GetBytes(body.ToJsonString()), null);
        return (JsonObject)JsonNode.Parse(answer)!.AsObject().First().Value!.DeepClone();
    }

    private async Task<(int, byte[])> ForwardAsync(byte[] body, string? authorization, Uri? to = null)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, to ?? _upstream) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        message.Headers.Host = PortalProcess.Domain;
        if (authorization is not null) message.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var response = await _http.SendAsync(message);
        return ((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync());
    }

    private async Task AnswerAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var authorization = context.Request.Headers.Authorization.FirstOrDefault();
        var request = JsonNode.Parse(body)!.AsObject().First();
        var (status, answer) = Withhold?.Invoke(request.Key, (JsonObject)request.Value!) == true
            ? (200, [])
            : await ForwardAsync(body, authorization);
        if (request.Key is "CreateRequest" or "PublishRequest" or "ConnectStartRequest" or "ConnectCompleteRequest")
            foreach (var mirror in MirrorWritesTo) await ForwardAsync(body, authorization, new Uri(new Uri(mirror), "/.well-known/mmm/"));
        var exchange = new Exchange(request.Key, (JsonObject)request.Value!, authorization, answer);
        lock (Seen) Seen.Add(exchange);
        if (Lie is { } lie && await lie(exchange) is { } forged)
        {
            answer = System.Text.Encoding.UTF8.GetBytes(forged.ToJsonString());
            status = 200;
        }
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(answer);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _http.Dispose();
    }
}
