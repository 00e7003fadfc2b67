using Mesh.Portal.Storage;
using Mesh.Transparency;
using Microsoft.Extensions.Caching.Memory;

namespace Mesh.Portal.Transparency;

/// <summary>
/// Tiles as served, kept in memory: a tile of a given width never changes (<see cref="TileReader"/>), so once read it
/// can be served again without the store. Bounded by the bytes held; the least recently used tiles go first.
/// Monitors read the same tiles over and over (the newest ones, each time the log grows), which is what this keeps.
/// </summary>
public sealed class TileCache(IPortalStore store, long maxBytes) : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = Math.Max(1, maxBytes) });
    private readonly TileReader _reader = new(store);

    /// <summary>The tile, from memory when it was read before; what the log does not have yet is not kept.</summary>
    public TileRead Read(TilePath tile)
    {
        if (_cache.TryGetValue(tile, out TileRead? held)) return held!;
        var read = _reader.Read(tile);
        if (read.Bytes is { } bytes) _cache.Set(tile, read, new MemoryCacheEntryOptions { Size = bytes.Length + 64 });
        return read;
    }

    /// <inheritdoc/>
    public void Dispose() => _cache.Dispose();
}
