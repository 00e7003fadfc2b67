using System.Diagnostics;

namespace Mesh.Portal.Http;

/// <summary>One structured log line per request: method, path, transaction, status, duration.</summary>
public static partial class RequestLogging
{
    /// <summary>The middleware.</summary>
    public static Func<HttpContext, RequestDelegate, Task> Middleware(ILogger logger) => async (http, next) =>
    {
        var start = Stopwatch.GetTimestamp();
        await next(http).ConfigureAwait(false);
        if (!logger.IsEnabled(LogLevel.Information)) return;
        var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        var path = http.Request.Path.Value ?? "";
        var transaction = http.Items["MeshTransaction"] as string ?? "-";
        Log(logger, http.Request.Method, path, transaction, http.Response.StatusCode, elapsed);
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} {Transaction} {Status} {ElapsedMs:F1}ms")]
    private static partial void Log(ILogger logger, string method, string path, string transaction, int status, double elapsedMs);
}
