using System.Text.Json.Serialization;
using Mesh.Schema.Json;

namespace Mesh.Schema;

// Draft section 7: Mesh Portal Service messages and common structures (slips fixed per NOTES.md section 5).

/// <summary>7.1.1 Base class for all request messages.</summary>
public abstract record MeshRequest
{
    /// <summary>Name of the portal to which the request is directed.</summary>
    public string? Portal { get; init; }

    /// <summary>
    /// The protocol version the request is written in (this implementation's addition); a portal
    /// refuses a major version it does not speak. Absent means the portal's own.
    /// </summary>
    public Version? Version { get; init; }
}

/// <summary>7.2.1 Base class for all responses; may itself be returned for any request.</summary>
public record MeshResponse
{
    /// <summary>Status code: 2xx success, 3xx redirect, 4xx client failure, 5xx service failure.</summary>
    public long? Status { get; init; }

    /// <summary>What happened, for the user and the log; for a redirect, the new service URI.</summary>
    public string? StatusDescription { get; init; }
}

/// <summary>7.4.1 A protocol version.</summary>
public sealed record Version
{
    /// <summary>Major version number.</summary>
    public long? Major { get; init; }

    /// <summary>Minor version number.</summary>
    public long? Minor { get; init; }

    /// <summary>Alternative encodings supported; JSON when none.</summary>
    public IReadOnlyList<Encoding>? Encodings { get; init; }

    /// <summary>The preferred URIs for this service.</summary>
    public IReadOnlyList<string>? URI { get; init; }
}

/// <summary>7.4.2 A message content encoding.</summary>
public sealed record Encoding
{
    /// <summary>The IANA encoding names.</summary>
    public IReadOnlyList<string>? ID { get; init; }

    /// <summary>Names of dictionaries used by the encoding.</summary>
    public IReadOnlyList<string>? Dictionary { get; init; }
}

/// <summary>7.4.3 A key/value selection criterion.</summary>
public sealed record KeyValue
{
    /// <summary>The data retrieval key.</summary>
    public string? Key { get; init; }

    /// <summary>The value to match.</summary>
    public string? Value { get; init; }
}

/// <summary>7.4.4 Constraints on a search result.</summary>
public sealed record SearchConstraints
{
    /// <summary>Only data published at or after this instant.</summary>
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary>Only data published before this instant.</summary>
    public DateTimeOffset? Before { get; init; }

    /// <summary>Maximum number of entries to return.</summary>
    public long? MaxEntries { get; init; }

    /// <summary>Maximum number of data bytes to return.</summary>
    public long? MaxBytes { get; init; }

    /// <summary>Continue an earlier search from where its page ended.</summary>
    public string? PageKey { get; init; }
}

/// <summary>
/// A mesh data record (named but not defined by the draft; NOTES.md section 5): the tagged entry,
/// its transaction id and time of publication and, when Full was asked, the exact log leaf that
/// recorded it with its index and inclusion proof, so that a client can check the entry is in the log.
/// </summary>
public sealed record DataItem
{
    /// <summary>The entry.</summary>
    [JsonConverter(typeof(TaggedConverter<Entry>))]
    public Entry? Entry { get; init; }

    /// <summary>The transaction that published the entry.</summary>
    public string? TransactionID { get; init; }

    /// <summary>When the entry was published.</summary>
    public DateTimeOffset? Published { get; init; }

    /// <summary>The entry's index in the portal's log (when Full).</summary>
    public long? LogIndex { get; init; }

    /// <summary>The exact bytes of the log leaf, a tagged <see cref="LogRecord"/> (when Full).</summary>
    public byte[]? LogEntry { get; init; }

    /// <summary>The inclusion proof of the entry in the portal's log, base64url hashes (when Full).</summary>
    public IReadOnlyList<byte[]>? InclusionProof { get; init; }
}

/// <summary>7.5.1 Hello request.</summary>
public sealed record HelloRequest : MeshRequest;

/// <summary>7.5.2 Describes the portal's configuration.</summary>
public sealed record HelloResponse : MeshResponse
{
    /// <summary>The protocol version spoken.</summary>
    public Version? Version { get; init; }

    /// <summary>Alternate versions supported.</summary>
    public IReadOnlyList<Version>? Alternates { get; init; }

    /// <summary>The key that signs the portal's checkpoints, with its self-signed certificate (this implementation's addition).</summary>
    public PublicKey? CheckpointKey { get; init; }

    /// <summary>
    /// The same key as the C2SP signed-note verifier key (vkey) of its checkpoint notes, <c>ORIGIN+HASH+KEY</c>
    /// (this implementation's addition; docs/protocol.md 11.8).
    /// </summary>
    public string? CheckpointNoteKey { get; init; }
}

/// <summary>7.6.1 Proposed account properties.</summary>
public sealed record ValidateRequest : MeshRequest
{
    /// <summary>Account name requested.</summary>
    public string? Account { get; init; }

    /// <summary>Request a reservation of the name.</summary>
    public bool? Reserve { get; init; }

    /// <summary>ISO language codes in order of preference for explanatory text.</summary>
    public IReadOnlyList<string>? Language { get; init; }
}

/// <summary>7.6.2 Whether the proposed account is acceptable.</summary>
public sealed record ValidateResponse : MeshResponse
{
    /// <summary>True if the account name is acceptable.</summary>
    public bool? Valid { get; init; }

    /// <summary>Minimum length of an account name.</summary>
    public long? Minimum { get; init; }

    /// <summary>Maximum length of an account name.</summary>
    public long? Maximum { get; init; }

    /// <summary>Characters not accepted in account names.</summary>
    public string? InvalidCharacters { get; init; }

    /// <summary>Why the name was rejected.</summary>
    public string? Reason { get; init; }
}

/// <summary>7.7.1 Request creation of an account bound to a personal profile.</summary>
public sealed record CreateRequest : MeshRequest
{
    /// <summary>Account identifier requested.</summary>
    public string? Account { get; init; }

    /// <summary>The personal profile to bind (NOTES.md section 5).</summary>
    public SignedPersonalProfile? Profile { get; init; }
}

/// <summary>7.7.2 Result of a CreateAccount.</summary>
public sealed record CreateResponse : MeshResponse
{
    /// <summary>The transaction that bound the profile (this implementation's addition): the BasedOn of its next update.</summary>
    public string? TransactionID { get; init; }
}

/// <summary>7.8.1 The data to retrieve.</summary>
public sealed record GetRequest : MeshRequest
{
    /// <summary>Lookup by profile identifier.</summary>
    public string? Identifier { get; init; }

    /// <summary>Lookup by account.</summary>
    public string? Account { get; init; }

    /// <summary>Conditions to be met.</summary>
    public IReadOnlyList<KeyValue>? KeyValues { get; init; }

    /// <summary>Constraints on time, number and size of the results.</summary>
    public SearchConstraints? SearchConstraints { get; init; }

    /// <summary>If true, return multiple results when available.</summary>
    public bool? Multiple { get; init; }

    /// <summary>If true, return the log metadata that proves when each entry was published.</summary>
    public bool? Full { get; init; }
}

/// <summary>7.8.2 The entries found.</summary>
public sealed record GetResponse : MeshResponse
{
    /// <summary>The records found.</summary>
    public IReadOnlyList<DataItem>? DataItems { get; init; }

    /// <summary>Set when more results remain; pass it back to continue.</summary>
    public string? PageKey { get; init; }

    /// <summary>When Full: the signed checkpoint the inclusion proofs lead to (this implementation's addition).</summary>
    public string? CheckpointValue { get; init; }
}

/// <summary>7.9.1 Publish an entry.</summary>
public sealed record PublishRequest : MeshRequest
{
    /// <summary>The entry to publish (NOTES.md section 5).</summary>
    [JsonConverter(typeof(TaggedConverter<Entry>))]
    public Entry? Entry { get; init; }

    /// <summary>
    /// The TransactionID of the version this one replaces (this implementation's addition): the
    /// portal refuses the update with 409 when another has been published since.
    /// </summary>
    public string? BasedOn { get; init; }
}

/// <summary>7.9.2 Result of a Publish.</summary>
public sealed record PublishResponse : MeshResponse
{
    /// <summary>The transaction that published the entry (this implementation's addition): the BasedOn of its next update.</summary>
    public string? TransactionID { get; init; }
}

/// <summary>7.10.1 Request the portal's status.</summary>
public sealed record StatusRequest : MeshRequest
{
    /// <summary>Ask for a consistency proof from this earlier tree size to the checkpoint (this implementation's addition).</summary>
    public long? ConsistencyFrom { get; init; }

    /// <summary>Prove consistency to this tree size (of a checkpoint the client holds) rather than to the latest checkpoint.</summary>
    public long? ConsistencyTo { get; init; }
}

/// <summary>7.10.2 The portal's status.</summary>
public sealed record StatusResponse : MeshResponse
{
    /// <summary>The number of entries in the log now, which the latest checkpoint may not cover yet (this implementation's addition).</summary>
    public long? LogSize { get; init; }

    /// <summary>How many accounts the portal holds, counted at most a second ago (this implementation's addition).</summary>
    public long? AccountCount { get; init; }

    /// <summary>Time of the last write.</summary>
    public DateTimeOffset? LastWriteTime { get; init; }

    /// <summary>Time of the last checkpoint.</summary>
    public DateTimeOffset? LastCheckpointTime { get; init; }

    /// <summary>Time the next checkpoint is due.</summary>
    public DateTimeOffset? NextCheckpointTime { get; init; }

    /// <summary>The last signed checkpoint, a compact JWS (docs/protocol.md, "Checkpoints").</summary>
    public string? CheckpointValue { get; init; }

    /// <summary>The same checkpoint as a C2SP tlog-checkpoint signed note (this implementation's addition; docs/protocol.md 11.8).</summary>
    public string? CheckpointNote { get; init; }

    /// <summary>The consistency proof from ConsistencyFrom to the checkpoint's tree size (this implementation's addition).</summary>
    public IReadOnlyList<byte[]>? ConsistencyProof { get; init; }
}

/// <summary>7.11.1 A new device asks to connect.</summary>
public sealed record ConnectStartRequest : MeshRequest
{
    /// <summary>The request signed by the device's signature key.</summary>
    public SignedConnectionRequest? SignedRequest { get; init; }

    /// <summary>The account the device asks to join.</summary>
    public string? AccountID { get; init; }
}

/// <summary>7.11.2 Result of a ConnectStart.</summary>
public sealed record ConnectStartResponse : MeshResponse
{
    /// <summary>
    /// The TransactionID of the log entry that records the request (this implementation's addition):
    /// the portal's input to the witness code (docs/connecting-devices.md).
    /// </summary>
    public string? TransactionID { get; init; }
}

/// <summary>7.12.1 The new device asks how its request stands.</summary>
public sealed record ConnectStatusRequest : MeshRequest
{
    /// <summary>The account.</summary>
    public string? AccountID { get; init; }

    /// <summary>The asking device.</summary>
    public string? DeviceID { get; init; }
}

/// <summary>7.12.2 How the request stands.</summary>
public sealed record ConnectStatusResponse : MeshResponse
{
    /// <summary>The signed result, once there is one.</summary>
    public SignedConnectionResult? Result { get; init; }
}

/// <summary>7.13.1 An administering device asks for pending requests.</summary>
public sealed record ConnectPendingRequest : MeshRequest
{
    /// <summary>The account.</summary>
    public string? AccountID { get; init; }

    /// <summary>Constraints on the results.</summary>
    public SearchConstraints? SearchConstraints { get; init; }
}

/// <summary>7.13.2 The pending requests.</summary>
public sealed record ConnectPendingResponse : MeshResponse
{
    /// <summary>The pending requests.</summary>
    public IReadOnlyList<SignedConnectionRequest>? Pending { get; init; }

    /// <summary>
    /// The TransactionID of the log entry recording each request, in the order of <see cref="Pending"/>
    /// (this implementation's addition): the portal's input to each request's witness code.
    /// </summary>
    public IReadOnlyList<string>? TransactionIDs { get; init; }

    /// <summary>Set when more results remain.</summary>
    public string? PageKey { get; init; }
}

/// <summary>7.14.1 An administering device answers a pending request.</summary>
public sealed record ConnectCompleteRequest : MeshRequest
{
    /// <summary>The result, signed by a key the profile authorizes.</summary>
    public SignedConnectionResult? Result { get; init; }

    /// <summary>The account.</summary>
    public string? AccountID { get; init; }
}

/// <summary>7.14.2 Result of a ConnectComplete.</summary>
public sealed record ConnectCompleteResponse : MeshResponse;

/// <summary>7.15.1 Request a bulk copy of the log.</summary>
public sealed record TransferRequest : MeshRequest
{
    /// <summary>Constraints on the range returned.</summary>
    public SearchConstraints? SearchConstraints { get; init; }

    /// <summary>Ask for a consistency proof from this earlier tree size to the checkpoint (this implementation's addition).</summary>
    public long? ConsistencyFrom { get; init; }
}

/// <summary>7.15.2 A range of the log.</summary>
public sealed record TransferResponse : MeshResponse
{
    /// <summary>The log records.</summary>
    public IReadOnlyList<DataItem>? DataItems { get; init; }

    /// <summary>Set when more records remain.</summary>
    public string? PageKey { get; init; }

    /// <summary>The latest signed checkpoint (this implementation's addition).</summary>
    public string? CheckpointValue { get; init; }

    /// <summary>The consistency proof from ConsistencyFrom to the checkpoint's tree size (this implementation's addition).</summary>
    public IReadOnlyList<byte[]>? ConsistencyProof { get; init; }
}
