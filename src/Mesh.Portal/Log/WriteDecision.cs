using Mesh.Schema;

namespace Mesh.Portal.Log;

/// <summary>
/// What a write request decided inside the write transaction, having seen the current state:
/// the record to append (if any) and the request nonce to record (if authenticated).
/// </summary>
/// <param name="Record">the change to append to the log, or null for a nonce-only write</param>
/// <param name="Nonce">the request's key and nonce, refused as a replay if already used</param>
public sealed record WriteDecision(LogRecord? Record, RequestNonce? Nonce = null);

/// <summary>A request nonce, recorded until it could no longer be accepted anyway.</summary>
public sealed record RequestNonce(string KeyId, string Nonce, DateTimeOffset Expires);

/// <summary>Where an accepted change landed in the log.</summary>
/// <param name="Index">its log index (-1 when nothing was appended)</param>
/// <param name="TransactionId">its transaction identifier</param>
/// <param name="Published">when it was accepted</param>
public sealed record Appended(long Index, string? TransactionId, DateTimeOffset Published);
