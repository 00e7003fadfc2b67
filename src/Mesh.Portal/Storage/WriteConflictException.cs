namespace Mesh.Portal.Storage;

/// <summary>
/// An optimistic write transaction (<see cref="IPortalStore.BeginOptimisticWrite"/>) found that another
/// process had changed what it read, that a nonce had been used before, or that it needs the writers' lock:
/// nothing of it is kept, and the write starts over with <see cref="IPortalStore.BeginWrite"/>.
/// </summary>
public sealed class WriteConflictException : Exception
{
    /// <summary>A conflict with no detail.</summary>
    public WriteConflictException() : base("Another process wrote the log meanwhile.") { }

    /// <summary>A conflict described by <paramref name="message"/>.</summary>
    public WriteConflictException(string message) : base(message) { }

    /// <summary>A conflict the store reported as <paramref name="inner"/>.</summary>
    public WriteConflictException(string message, Exception inner) : base(message, inner) { }
}
