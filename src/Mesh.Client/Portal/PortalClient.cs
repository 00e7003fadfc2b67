using System.Net.Http.Headers;
using Mesh.Profiles;
using Mesh.Protocol;
using Mesh.Schema;
using Mesh.Schema.Json;

namespace Mesh.Client.Portal;

/// <summary>
/// Speaks the HTTP binding of NOTES.md section 6 to one portal: POSTs a tagged request to
/// <c>/.well-known/mmm/</c> with Host set to the portal's name, optionally signed by a device
/// (docs/protocol.md, "Authentication"), and reads the tagged response. A response whose Status
/// is not 2xx is thrown as a <see cref="MeshException"/> carrying that status and description.
/// </summary>
public sealed class PortalClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly Uri _endpoint;

    /// <summary>Creates a client for the portal named <paramref name="portal"/> reached at <paramref name="baseUri"/>.</summary>
    public PortalClient(string portal, Uri baseUri, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(baseUri);
        Portal = portal;
        _endpoint = new Uri(baseUri, "/.well-known/mmm/");
        _ownsHttp = http is null;
        _http = http ?? new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The portal's DNS name, sent as Host and bound into request signatures.</summary>
    public string Portal { get; }

    /// <summary>The clock used to time request signatures.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Sends an unsigned request.</summary>
    public Task<TResponse> SendAsync<TResponse>(MeshRequest request, CancellationToken cancel = default) where TResponse : MeshResponse =>
        SendAsync<TResponse>(request, null, cancel);

    /// <summary>Sends a request signed by a device of an account (null: unsigned).</summary>
    public async Task<TResponse> SendAsync<TResponse>(MeshRequest request, RequestSigner? signer, CancellationToken cancel = default) where TResponse : MeshResponse
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = TaggedJson.Serialize(request with { Portal = Portal });
        using var message = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        message.Headers.Host = Portal;
        if (signer is not null)
            message.Headers.TryAddWithoutValidation("Authorization", RequestSignature.Sign(signer.Device.AuthenticationKey, Portal, signer.Account, signer.Device.Identifier, body, Clock.GetUtcNow()));

        using var response = await _http.SendAsync(message, cancel).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancel).ConfigureAwait(false);
        MeshResponse answer;
        try
        {
            answer = TaggedJson.Deserialize<MeshResponse>(bytes);
        }
        catch (MeshException e)
        {
            throw new MeshException(MeshStatus.ServerInternal, $"The portal answered HTTP {(int)response.StatusCode} with a body that is not a Mesh response: {e.Message}", e);
        }
        if (answer.Status is not (>= 200 and < 300))
            throw new MeshException((MeshStatus)(answer.Status ?? (int)response.StatusCode), answer.StatusDescription ?? $"The portal answered {answer.Status}.");
        return answer as TResponse
            ?? throw new MeshException(MeshStatus.ServerInternal, $"The portal answered a {answer.GetType().Name} where a {typeof(TResponse).Name} was expected.");
    }

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
