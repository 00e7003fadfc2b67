using System.Text.Json.Serialization;
using Mesh.Schema.Json;

namespace Mesh.Schema;

// This implementation's portal log (draft section 8 leaves it open; NOTES.md section 7): each
// leaf of the log's Merkle tree is the UTF-8 tagged JSON of one LogRecord, exactly as stored.

/// <summary>
/// One accepted change, as it is appended to the portal's log. The portal's state (accounts,
/// profiles, published entries, pending connections) is derived from these records alone.
/// </summary>
public sealed record LogRecord
{
    /// <summary>When the portal accepted the change.</summary>
    public DateTimeOffset? Published { get; init; }

    /// <summary>The account the change belongs to (lower case), when it belongs to one.</summary>
    public string? Account { get; init; }

    /// <summary>
    /// What changed: an <see cref="AccountProfile"/> (an account created, its profile replaced or
    /// its status changed), a published <see cref="Schema.Entry"/>, a <see cref="SignedConnectionRequest"/>
    /// (a device asked to connect) or a <see cref="SignedConnectionResult"/> (the answer).
    /// </summary>
    [JsonConverter(typeof(TaggedConverter<object>))]
    public object? Entry { get; init; }
}

/// <summary>
/// What a device signs to authenticate one request (this implementation's addition; see
/// docs/protocol.md, "Authentication"): the portal and account it is for, when, a nonce, and the
/// SHA-256 digest of the exact request body. Carried as the payload of a compact JWS in the
/// HTTP <c>Authorization: Mesh …</c> header, signed by the device's authentication key.
/// </summary>
public sealed record RequestClaims
{
    /// <summary>The portal's DNS name: a request signed for one portal is refused by any other.</summary>
    public string? Portal { get; init; }

    /// <summary>The account the device acts for.</summary>
    public string? Account { get; init; }

    /// <summary>The device making the request.</summary>
    public string? Device { get; init; }

    /// <summary>When the request was signed; the portal accepts a few minutes of clock skew.</summary>
    public DateTimeOffset? Time { get; init; }

    /// <summary>A fresh nonce (an N-type UDF); the portal refuses a nonce it has seen before.</summary>
    public string? Nonce { get; init; }

    /// <summary>SHA-256 of the exact bytes of the HTTP request body.</summary>
    public byte[]? Digest { get; init; }
}

/// <summary>
/// A signed statement of the portal's log (NOTES.md section 7; this implementation's addition):
/// the portal's name, the tree size, the RFC 9162 root hash of the first TreeSize entries, and
/// the time. Signed by the portal's checkpoint key as a compact JWS (docs/protocol.md, "Checkpoints").
/// </summary>
public sealed record Checkpoint
{
    /// <summary>The portal's DNS name.</summary>
    public string? Portal { get; init; }

    /// <summary>The number of log entries the root covers.</summary>
    public long? TreeSize { get; init; }

    /// <summary>The RFC 9162 Merkle tree hash of those entries (32 bytes).</summary>
    public byte[]? RootHash { get; init; }

    /// <summary>When the checkpoint was made.</summary>
    public DateTimeOffset? Time { get; init; }
}
