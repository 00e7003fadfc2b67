namespace Mesh;

/// <summary>
/// The status codes of draft section 7.2 (with the slips fixed as NOTES.md section 5 says), plus
/// the 4xx codes this implementation needs to say precisely what was wrong with a request.
/// </summary>
public enum MeshStatus
{
    /// <summary>Operation completed successfully.</summary>
    SuccessOK = 200,
    /// <summary>Operation completed successfully, new data item created.</summary>
    SuccessCreated = 201,
    /// <summary>Operation completed successfully, data item was updated.</summary>
    SuccessUpdated = 202,
    /// <summary>Service has been permanently moved; the description holds the new URI.</summary>
    RedirectPermanent = 303,
    /// <summary>Service has been temporarily moved; the description holds the new URI.</summary>
    RedirectTemporary = 307,
    /// <summary>The request or a value in it is malformed.</summary>
    BadRequest = 400,
    /// <summary>Client is not authorized to perform the request.</summary>
    ClientUnauthorized = 401,
    /// <summary>The requested object could not be found.</summary>
    NotFound = 404,
    /// <summary>The requested object already exists, or the update is based on a stale version.</summary>
    AlreadyExists = 409,
    /// <summary>The request or one of its fields is larger than the service accepts.</summary>
    TooLarge = 413,
    /// <summary>This client has sent too many requests; retry later.</summary>
    TooManyRequests = 429,
    /// <summary>An internal error occurred at the server.</summary>
    ServerInternal = 500,
    /// <summary>The server cannot handle the request as it is overloaded.</summary>
    ServerOverload = 503,
}
