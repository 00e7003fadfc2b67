using Mesh.Portal.Storage;
using Mesh.Schema;
using Mesh.Schema.Json;
using Microsoft.Extensions.Caching.Memory;

namespace Mesh.Portal.Transactions;

/// <summary>
/// Answers to a Get of one entry's latest version, rendered once per log entry. A log entry never
/// changes, so neither does the answer for its index: every device of an account that syncs gets
/// the same bytes without the portal parsing and re-serializing the entry each time. Bounded by
/// the bytes held; the least recently used answers go first.
/// </summary>
public sealed class RenderedGets(long maxBytes) : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = Math.Max(1, maxBytes) });

    /// <summary>The answer for the entry at <paramref name="logIndex"/>, read with <paramref name="read"/> when it is not held.</summary>
    public Reply Get(long logIndex, string portal, Func<long, LogRow> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (_cache.TryGetValue(logIndex, out Reply? held)) return held!;
        var response = Render(read(logIndex), portal);
        var reply = new Reply(response, TaggedJson.Serialize<MeshResponse>(response));
        _cache.Set(logIndex, reply, new MemoryCacheEntryOptions { Size = reply.Json!.Length });
        return reply;
    }

    /// <summary>The one-item answer, exactly as a Get without Multiple, Full or a PageKey gives it.</summary>
    public static GetResponse Render(LogRow row, string portal) => new()
    {
        Status = (int)MeshStatus.SuccessOK,
        StatusDescription = "Found 1 item(s).",
        DataItems = [DataItems.From(row, portal, full: false)],
    };

    /// <inheritdoc/>
    public void Dispose() => _cache.Dispose();
}
