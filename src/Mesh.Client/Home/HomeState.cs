using System.Text.Json.Serialization;

namespace Mesh.Client.Home;

/// <summary>What a device remembers besides its keys and profiles (the file <c>state.json</c>).</summary>
public sealed record HomeState
{
    /// <summary>The account this device belongs to, NAME@PORTAL.</summary>
    public string? Account { get; init; }

    /// <summary>The portal's URL when it was given explicitly or found by discovery.</summary>
    public string? PortalUrl { get; init; }

    /// <summary>The TransactionID of the personal profile version this device last verified (for BasedOn).</summary>
    public string? ProfileTransaction { get; init; }

    /// <summary>The last verified checkpoint of each portal, and the key it was signed with (pinned on first use).</summary>
    public Dictionary<string, PortalCheckpoint>? Checkpoints { get; init; }

    /// <summary>A connection request this device has made and not yet completed.</summary>
    public PendingConnection? Pending { get; init; }

    /// <summary>One-time PINs this administering device has issued, by their fingerprint.</summary>
    public List<IssuedPin>? Pins { get; init; }

    /// <summary>The log index of the newest version verified of each item (the personal profile, each application), by identifier.</summary>
    public Dictionary<string, long>? Versions { get; init; }

    /// <summary>The log index of each write of this device the portal acknowledged and has not yet been seen to serve, by identifier.</summary>
    public Dictionary<string, long>? Acknowledged { get; init; }

    /// <summary>The devices a verified version of the profile removed: no later version may list them again.</summary>
    public List<string>? RemovedDevices { get; init; }

    /// <summary>Where this device's last walk of each portal's log stopped (see Trust/LogAudit.cs), by portal.</summary>
    public Dictionary<string, AuditPoint>? Audits { get; init; }

    /// <summary>The witnesses that must have cosigned each portal's checkpoints before this device accepts them, by portal.</summary>
    public Dictionary<string, WitnessPolicy>? WitnessPolicies { get; init; }

    /// <summary>Where <c>mesh log watch</c> stopped reading the log for each account it watches, by account.</summary>
    public Dictionary<string, WatchPoint>? Watches { get; init; }
}

/// <summary>Where a watch of an account stopped: the log's frontier, and the account's chain of trust so far.</summary>
/// <param name="Size">the number of entries read (the size of the checkpoint reached)</param>
/// <param name="Frontier">the hashes of the perfect subtrees tiling them, leftmost first</param>
/// <param name="Profile">the account's latest personal profile in them (its signed form as tagged JSON), or null</param>
/// <param name="Removed">the devices removed by a version of the profile in them</param>
public sealed record WatchPoint(long Size, List<byte[]> Frontier, string? Profile, List<string> Removed);

/// <summary>A portal's witness policy: at least <paramref name="Quorum"/> of <paramref name="Witnesses"/> must have cosigned its log.</summary>
/// <param name="Witnesses">the witnesses' cosigner keys, as vkeys (NAME+HASH+BASE64, type 0x04)</param>
/// <param name="Quorum">how many of them must have cosigned</param>
/// <param name="WaitSeconds">how long to wait for the portal's witnesses to cosign a new checkpoint before refusing it</param>
/// <param name="Verified">the tree size of the last checkpoint of the portal accepted under this policy</param>
public sealed record WitnessPolicy(List<string> Witnesses, int Quorum, double WaitSeconds, long Verified = 0);

/// <summary>The log's frontier where a walk stopped: the next walk reads on from it.</summary>
/// <param name="Size">the number of entries walked (the size of the checkpoint reached)</param>
/// <param name="Frontier">the hashes of the perfect subtrees tiling them, leftmost first</param>
/// <param name="Newest">the newest log index of each of the account's items in every walk so far, by identifier</param>
public sealed record AuditPoint(long Size, List<byte[]> Frontier, Dictionary<string, long> Newest);

/// <summary>The last verified checkpoint of a portal.</summary>
/// <param name="KeyUdf">the UDF of the portal's checkpoint key</param>
/// <param name="KeyCertificate">its self-signed certificate (DER, base64url)</param>
/// <param name="Checkpoint">the compact JWS of the checkpoint</param>
public sealed record PortalCheckpoint(string KeyUdf, byte[] KeyCertificate, string Checkpoint);

/// <summary>A connection request in progress on the new device.</summary>
/// <param name="Account">the account asked to</param>
/// <param name="Witness">the witness code shown to the user</param>
/// <param name="Requested">when it was made</param>
/// <param name="ProfileUdf">the personal profile the request is for (the answer must be for it too)</param>
/// <param name="DeviceNonce">the nonce the request carried (the answer must echo it)</param>
/// <param name="TransactionId">the portal's transaction recording the request</param>
/// <param name="PinAnswerKey">when the request was made with a PIN, the key derived from it that an answer must prove it with</param>
public sealed record PendingConnection(string Account, string Witness, DateTimeOffset Requested,
    string ProfileUdf, string DeviceNonce, string TransactionId, byte[]? PinAnswerKey = null);

/// <summary>A PIN an administering device issued: its authenticator key's fingerprint and when it expires.</summary>
/// <param name="PinUdf">the UDF of the public key derived from the PIN (<see cref="Mesh.Client.ConnectionPin"/>): it
/// recognizes the PIN's authenticator without being able to make one</param>
/// <param name="Expires">when it stops being accepted</param>
/// <param name="Used">whether a device has already used it</param>
public sealed record IssuedPin(string PinUdf, DateTimeOffset Expires, bool Used);

/// <summary>The serializer of the device's own files (source-generated, like every JSON here).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(Schema.Json.Base64UrlBytesConverter), typeof(Schema.Json.Rfc3339Converter)])]
[JsonSerializable(typeof(HomeState))]
[JsonSerializable(typeof(Dictionary<string, byte[]>))]
internal sealed partial class HomeJsonContext : JsonSerializerContext;
