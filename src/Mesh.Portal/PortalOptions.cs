namespace Mesh.Portal;

/// <summary>How a portal is run: its name, where it keeps its data, its limits.</summary>
public sealed record PortalOptions
{
    /// <summary>The portal's DNS name: accounts are NAME@Domain and requests must carry it as Host.</summary>
    public string Domain { get; init; } = "localhost";

    /// <summary>The folder for the SQLite database and the portal's checkpoint key.</summary>
    public string DataDirectory { get; init; } = "portal-data";

    /// <summary>A PostgreSQL connection string; when set, the log is kept there instead of SQLite.</summary>
    public string? Database { get; init; }

    /// <summary>The PKCS#8 file of the checkpoint key; DataDirectory/checkpoint-key.p8 when null.</summary>
    public string? CheckpointKeyFile { get; init; }

    /// <summary>How often the log is checkpointed when it has grown.</summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>When set, the portal has moved: every request is answered with a redirect to this URL.</summary>
    public string? MovedTo { get; init; }

    /// <summary>Whether the move is permanent (303) rather than temporary (307).</summary>
    public bool MovedPermanently { get; init; }

    /// <summary>The most writes waiting for the log before new ones are refused with 503.</summary>
    public int MaxQueuedWrites { get; init; } = 10_000;

    /// <summary>The largest request body accepted, in bytes, but for a signed publication (<see cref="MaxPublishBytes"/>).</summary>
    public int MaxRequestBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// The largest body of a signed PublishRequest: an application profile's encrypted private part
    /// may hold 4 MiB of plaintext (Jwe.MaxPlaintextLength), which base64url twice makes about 7.5 MiB.
    /// </summary>
    public int MaxPublishBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>The most write requests batched into one durable commit.</summary>
    public int MaxBatch { get; init; } = 256;

    /// <summary>The most unanswered connection requests an account may have.</summary>
    public int MaxPendingConnections { get; init; } = 32;

    /// <summary>
    /// How long a connection request waits for an answer before it expires: it is no longer listed
    /// or counted against the account's limit, cannot be answered, and the device may ask again.
    /// </summary>
    public TimeSpan ConnectionRequestLifetime { get; init; } = TimeSpan.FromDays(1);

    /// <summary>The most items one Get or Transfer returns.</summary>
    public int MaxPageEntries { get; init; } = 100;

    /// <summary>The memory kept for rendered answers to Gets of an entry's latest version, in bytes.</summary>
    public long RenderedGetBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>The witnesses each new checkpoint is submitted to for cosigning (C2SP tlog-witness).</summary>
    public IReadOnlyList<Transparency.WitnessEndpoint> Witnesses { get; init; } = [];

    /// <summary>How many witnesses must cosign a checkpoint before GET /checkpoint serves it; all of them when 0.</summary>
    public int WitnessQuorum { get; init; }

    /// <summary>The memory kept for tiles already served (GET /mmm/tile/…), in bytes.</summary>
    public long TileCacheBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Requests per second allowed from one client address before 429; 0 or less turns the limit off.</summary>
    public int RequestsPerSecondPerClient { get; init; } = 2000;
}
