namespace Mesh;

/// <summary>
/// The one exception thrown for untrusted input that is malformed, forged or not allowed.
/// It carries the Mesh status a portal returns for it and a message that tells a user what
/// went wrong. Misuse of the API by the caller throws <see cref="ArgumentException"/> instead.
/// </summary>
public sealed class MeshException : Exception
{
    /// <summary>The Mesh status that describes the failure.</summary>
    public MeshStatus Status { get; }

    /// <summary>Creates an exception with a status and a user-readable message.</summary>
    public MeshException(MeshStatus status, string message) : base(message) => Status = status;

    /// <summary>Creates an exception with a status, a message and the underlying cause.</summary>
    public MeshException(MeshStatus status, string message, Exception inner) : base(message, inner) => Status = status;

    /// <summary>Creates a 400 Bad Request exception.</summary>
    public MeshException(string message) : this(MeshStatus.BadRequest, message) { }

    /// <summary>Creates a 400 Bad Request exception.</summary>
    public MeshException() : this(MeshStatus.BadRequest, "Bad request.") { }

    /// <summary>Creates a 400 Bad Request exception with its cause.</summary>
    public MeshException(string message, Exception inner) : this(MeshStatus.BadRequest, message, inner) { }
}
