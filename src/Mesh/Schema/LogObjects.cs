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
