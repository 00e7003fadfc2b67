using Mesh.Portal.Transactions;
using Mesh.Protocol;
using Mesh.Schema;
using Mesh.Schema.Json;

namespace Mesh.Portal.Http;

/// <summary>
/// The one endpoint of the HTTP binding (NOTES.md section 6): <c>POST /.well-known/mmm/</c> with a
/// tagged JSON request, answered with a tagged JSON response whose Status the HTTP status mirrors.
/// This is the one place where refusals and failures become responses: a <see cref="MeshException"/>
/// becomes its status and message; a store that is unreachable, busy or full becomes 503 with
/// Retry-After; anything else is logged and answered 500 without detail.
/// </summary>
public sealed partial class MeshEndpoint(PortalServices services, ILogger<MeshEndpoint> logger)
{
    /// <summary>The path of the endpoint.</summary>
    public const string Path = "/.well-known/mmm/";

    /// <summary>Handles one HTTP request.</summary>
    public async Task HandleAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        Reply response;
        var transaction = "?";
        try
        {
            if (services.Options.MovedTo is { } moved)
            {
                // Draft 7.2.3: the new address is in StatusDescription; clients must verify it before trusting it.
                await WriteAsync(http.Response, new MeshResponse
                {
                    Status = (int)(services.Options.MovedPermanently ? MeshStatus.RedirectPermanent : MeshStatus.RedirectTemporary),
                    StatusDescription = moved,
                }).ConfigureAwait(false);
                return;
            }
            CheckHost(http.Request);
            var header = http.Request.Headers.Authorization.ToString();
            var body = await ReadBodyAsync(http.Request, services.Options, signed: header.Length > 0, http.RequestAborted).ConfigureAwait(false);
            var signature = header.Length == 0 ? null : RequestSignature.Parse(header);
            var request = TaggedJson.Deserialize<MeshRequest>(body, services.Options.MaxPublishBytes);
            transaction = request.GetType().Name;
            CheckVersion(request);
            response = await Dispatcher.HandleAsync(new RequestContext(services, body, signature), request).ConfigureAwait(false);
        }
        catch (MeshException e)
        {
            // A write the log could not commit carries the store's failure: say what it was.
            var description = e.Status == MeshStatus.ServerOverload && StoreFailure(e.InnerException) is { } why ? $"{e.Message} ({why})" : e.Message;
            response = new MeshResponse { Status = (int)e.Status, StatusDescription = description };
            if (e.Status >= MeshStatus.ServerInternal) LogServiceFailure(logger, transaction, e);
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's own limits (a body past DrainFactor times the limit, a malformed chunk).
            response = new MeshResponse { Status = e.StatusCode == 413 ? (int)MeshStatus.TooLarge : (int)MeshStatus.BadRequest, StatusDescription = e.Message };
        }
        catch (Exception) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is no one to answer.
            return;
        }
        catch (Exception e) when (StoreFailure(e) is { } why)
        {
            // A read while the database is down, restarting or out of space: worth retrying, not a bug.
            LogServiceFailure(logger, transaction, e);
            response = new MeshResponse { Status = (int)MeshStatus.ServerOverload, StatusDescription = $"The portal cannot read its log now ({why}); try again shortly." };
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogInternalError(logger, transaction, e);
            response = new MeshResponse { Status = (int)MeshStatus.ServerInternal, StatusDescription = "The portal failed to handle the request; the failure is logged." };
        }
        http.Items["MeshTransaction"] = transaction;
        await WriteAsync(http.Response, response.Response, response.Json).ConfigureAwait(false);
    }

    private static void CheckVersion(MeshRequest request)
    {
        var spoken = HelloTransaction.Version;
        if (request.Version is { Major: { } major } && major != spoken.Major)
            throw new MeshException($"This portal speaks Mesh protocol version {spoken.Major}.{spoken.Minor}; the request is written in version {major}.{request.Version.Minor ?? 0}.");
    }

    /// <summary>
    /// What is wrong with the store when <paramref name="e"/> (or an exception inside it) says it is
    /// unreachable, restarting, busy or out of space, rather than that the portal has a bug; else null.
    /// </summary>
    private static string? StoreFailure(Exception? e) => e switch
    {
        null => null,
        Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 13 } => "its storage is full",
        Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 or 10 or 14 } => "its database is busy or unreadable",
        // Class 08 (connection) and 57P (the server shutting down or starting up), then any other transient one.
        Npgsql.PostgresException { SqlState: ['0', '8', ..] or ['5', '7', 'P', ..] } => "its database is restarting",
        Npgsql.PostgresException { IsTransient: false } => null,
        Npgsql.NpgsqlException or TimeoutException or System.Net.Sockets.SocketException => "its database is unreachable",
        _ => StoreFailure(e.InnerException),
    };

    /// <summary>Writes a Mesh response with the HTTP status it carries (as <paramref name="json"/> when it is already rendered).</summary>
    public static async Task WriteAsync(HttpResponse http, MeshResponse response, byte[]? json = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(response);
        var bytes = json ?? TaggedJson.Serialize(response);
        http.StatusCode = response.Status is >= 200 and <= 599 ? (int)response.Status : 500;
        // Busy or rate-limited: say when to come back (RFC 9110 section 10.2.3).
        if (response.Status is (int)MeshStatus.ServerOverload or (int)MeshStatus.TooManyRequests) http.Headers.RetryAfter = "1";
        http.ContentType = "application/json";
        http.ContentLength = bytes.Length;
        await http.Body.WriteAsync(bytes).ConfigureAwait(false);
    }

    private void CheckHost(HttpRequest request)
    {
        // Draft 7.1: the request names the portal in Host; compare its name without the port.
        var host = request.Host.Host;
        if (!string.Equals(host, services.Options.Domain, StringComparison.OrdinalIgnoreCase))
            throw new MeshException($"This portal is {services.Options.Domain}; the request is addressed to '{host}'.");
        var type = request.ContentType;
        if (type is not null && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            throw new MeshException($"The request body must be application/json, not {type}.");
    }

    /// <summary>How much of an oversized body is read and thrown away so that the client gets its 413 answer.</summary>
    public const int DrainFactor = 8;

    // A body is held to MaxRequestBytes, but for a signed PublishRequest (told by its first member,
    // once the body outgrows the smaller limit), which may carry a large application profile.
    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, PortalOptions options, bool signed, CancellationToken cancel)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        long total = 0;
        var max = options.MaxRequestBytes;
        int read;
        // An oversized body is drained (Kestrel stops it at DrainFactor times the limit) rather than
        // left unread, so that an ordinary client sees the 413 instead of a reset connection.
        while ((read = await request.Body.ReadAsync(chunk, cancel).ConfigureAwait(false)) > 0)
        {
            total += read;
            if (total > max && max == options.MaxRequestBytes && signed && IsPublish(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)))
                max = Math.Max(options.MaxPublishBytes, max);
            if (total <= max) buffer.Write(chunk, 0, read);
        }
        return total > max ? throw TooLarge(options) : buffer.ToArray();
    }

    private static bool IsPublish(ReadOnlySpan<byte> start)
    {
        var reader = new System.Text.Json.Utf8JsonReader(start, isFinalBlock: false, state: default);
        try
        {
            return reader.Read() && reader.TokenType == System.Text.Json.JsonTokenType.StartObject
                && reader.Read() && reader.TokenType == System.Text.Json.JsonTokenType.PropertyName && reader.ValueTextEquals("PublishRequest"u8);
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    private static MeshException TooLarge(PortalOptions options) => new(MeshStatus.TooLarge,
        $"The request is larger than the {options.MaxRequestBytes} bytes this portal accepts ({options.MaxPublishBytes} for a signed PublishRequest).");

    [LoggerMessage(Level = LogLevel.Error, Message = "Internal error handling {Transaction}")]
    private static partial void LogInternalError(ILogger logger, string transaction, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Service failure handling {Transaction}")]
    private static partial void LogServiceFailure(ILogger logger, string transaction, Exception exception);
}
