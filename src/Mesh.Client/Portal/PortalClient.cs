using System.Net.Http.Headers;
using Mesh.Profiles;
using Mesh.Protocol;
using Mesh.Schema;
using Mesh.Schema.Json;

namespace Mesh.Client.Portal;

/// <summary>
/// Speaks the HTTP binding of NOTES.md section 6 to one portal: POSTs a tagged request to
/// <c>/.well-known/mmm/</c> with Host set to the portal's name, optionally signed by a device
/// (docs/protocol.md, "Authentication"), and reads the tagged response. A busy portal (503) or a
/// rate limit (429) is retried a few times with backoff; a moved portal (303, 307) is followed only
/// when <see cref="ApproveMove"/> approves the new address. Any other status that is not 2xx is
/// thrown as a <see cref="MeshException"/> carrying that status and description.
/// </summary>
public sealed class PortalClient : IDisposable
{
    /// <summary>The protocol version this client writes its requests in.</summary>
    public static readonly Schema.Version ProtocolVersion = new() { Major = 3, Minor = 0 };

    /// <summary>How many times a busy or rate-limited request is retried.</summary>
    public const int MaxRetries = 3;

    /// <summary>How long a connection to the portal may take to open before the portal counts as unreachable.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How many moves are followed for one request.</summary>
    public const int MaxMoves = 3;

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private Uri _endpoint;

    /// <summary>Creates a client for the portal named <paramref name="portal"/> reached at <paramref name="baseUri"/>.</summary>
    public PortalClient(string portal, Uri baseUri, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(baseUri);
        Portal = portal;
        _endpoint = new Uri(baseUri, "/.well-known/mmm/");
        _ownsHttp = http is null;
        // A portal whose address does not answer costs at most ConnectTimeout, not the whole request timeout.
        _http = http ?? new HttpClient(new SocketsHttpHandler { ConnectTimeout = ConnectTimeout }) { Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The portal's DNS name, sent as Host and bound into request signatures.</summary>
    public string Portal { get; }

    /// <summary>The clock used to time request signatures.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>The portal's base address now in use (it changes when a move is followed).</summary>
    public Uri BaseAddress => new(_endpoint, "/");

    /// <summary>
    /// Decides whether to follow the portal to a new address (new base URI, whether the move is
    /// permanent); it should check that the new portal serves a profile that verifies under the
    /// same master key. Without it, a move is an error.
    /// </summary>
    public Func<Uri, bool, Task<bool>>? ApproveMove { get; set; }

    /// <summary>Called with each retry or followed move, for the user to be told.</summary>
    public Action<string>? Notice { get; set; }

    /// <summary>Sends an unsigned request.</summary>
    public Task<TResponse> SendAsync<TResponse>(MeshRequest request, CancellationToken cancel = default) where TResponse : MeshResponse =>
        SendAsync<TResponse>(request, null, cancel);

    /// <summary>Sends a request signed by a device of an account (null: unsigned).</summary>
    public async Task<TResponse> SendAsync<TResponse>(MeshRequest request, RequestSigner? signer, CancellationToken cancel = default) where TResponse : MeshResponse
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = TaggedJson.Serialize(request with { Portal = Portal, Version = ProtocolVersion });
        for (int attempt = 0, moves = 0; ; attempt++)
        {
            try
            {
                return await SendOnceAsync<TResponse>(body, signer, cancel).ConfigureAwait(false);
            }
            catch (MeshException e) when (e.Status is MeshStatus.ServerOverload or MeshStatus.TooManyRequests && attempt < MaxRetries)
            {
                // Refused writes were not applied (the portal acknowledges only durable ones), so a retry is safe.
                var delay = TimeSpan.FromMilliseconds(250 * (1 << attempt) + Random.Shared.Next(100));
                Notice?.Invoke($"the portal is busy ({(int)e.Status}); retrying in {delay.TotalSeconds:F1} s");
                await Task.Delay(delay, Clock, cancel).ConfigureAwait(false);
            }
            catch (MeshException e) when (e.Status is MeshStatus.RedirectPermanent or MeshStatus.RedirectTemporary)
            {
                var permanent = e.Status == MeshStatus.RedirectPermanent;
                var target = PortalLocator.Check(e.Message, explicitlyNamed: false);
                if (++moves > MaxMoves)
                    throw new MeshException(e.Status, $"The portal moved more than {MaxMoves} times; giving up at {target}.");
                if (ApproveMove is null || !await ApproveMove(target, permanent).ConfigureAwait(false))
                    throw new MeshException(MeshStatus.ClientUnauthorized,
                        $"The portal says it has moved {(permanent ? "permanently" : "temporarily")} to {target}, but that portal could not prove it serves the same profile; not following.");
                _endpoint = new Uri(target, "/.well-known/mmm/");
                Notice?.Invoke($"the portal has moved {(permanent ? "permanently" : "temporarily")} to {target}");
            }
        }
    }

    private async Task<TResponse> SendOnceAsync<TResponse>(byte[] body, RequestSigner? signer, CancellationToken cancel) where TResponse : MeshResponse
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        message.Headers.Host = Portal;
        if (signer is not null)
            message.Headers.TryAddWithoutValidation("Authorization", RequestSignature.Sign(signer.Device.AuthenticationKey, Portal, signer.Account, signer.Device.Identifier, body, Clock.GetUtcNow()));

        using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancel).ConfigureAwait(false);
        var bytes = await ReadBoundedAsync(response.Content, cancel).ConfigureAwait(false);
        MeshResponse answer;
        try
        {
            answer = TaggedJson.Deserialize<MeshResponse>(bytes);
        }
        catch (MeshException e)
        {
            // A proxy or load balancer in front of a portal that is down: the portal is unreachable, not broken.
            if ((int)response.StatusCode is 502 or 503 or 504)
                throw new HttpRequestException($"The portal could not be reached: HTTP {(int)response.StatusCode} from {_endpoint.Authority}.", e, response.StatusCode);
            throw new MeshException(MeshStatus.ServerInternal, $"The portal answered HTTP {(int)response.StatusCode} with a body that is not a Mesh response: {e.Message}", e);
        }
        if (answer.Status is not (>= 200 and < 300))
            throw new MeshException((MeshStatus)(answer.Status ?? (int)response.StatusCode), answer.StatusDescription ?? $"The portal answered {answer.Status}.");
        return answer as TResponse
            ?? throw new MeshException(MeshStatus.ServerInternal, $"The portal answered a {answer.GetType().Name} where a {typeof(TResponse).Name} was expected.");
    }

    /// <summary>
    /// GETs one of the portal's static resources (a C2SP tile, the checkpoint note) at <paramref name="path"/> below its
    /// root, reading at most <paramref name="maxBytes"/>; null when the portal answers 404 Not Found.
    /// </summary>
    public async Task<byte[]?> GetResourceAsync(string path, int maxBytes, CancellationToken cancel = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, new Uri(BaseAddress, path));
        message.Headers.Host = Portal;
        using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancel).ConfigureAwait(false);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound) return null;
        if (!response.IsSuccessStatusCode)
            throw new MeshException(response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable ? MeshStatus.ServerOverload : MeshStatus.ServerInternal,
                $"The portal answered HTTP {(int)response.StatusCode} to GET /{path}.");
        return await ReadBoundedAsync(response.Content, cancel, maxBytes).ConfigureAwait(false);
    }

    /// <summary>The largest answer read from a portal; a larger one is refused unread rather than held in memory.</summary>
    public const int MaxResponseBytes = 16 * 1024 * 1024;

    private static async Task<byte[]> ReadBoundedAsync(HttpContent content, CancellationToken cancel, int maxBytes = MaxResponseBytes)
    {
        if (content.Headers.ContentLength > maxBytes) throw TooLarge(maxBytes);
        using var stream = await content.ReadAsStreamAsync(cancel).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancel).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes) throw TooLarge(maxBytes);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static MeshException TooLarge(int maxBytes) =>
        new(MeshStatus.ServerInternal, $"The portal's answer is larger than the {maxBytes:N0} bytes it may be.");

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_ownsHttp) _http.Dispose();
    }
}

/// <summary>A device signing requests for an account.</summary>
/// <param name="Account">the account, NAME@PORTAL</param>
/// <param name="Device">the device's keys</param>
public sealed record RequestSigner(string Account, DeviceSecrets Device);
