using System.Threading.RateLimiting;
using Mesh.Portal.Accounts;
using Mesh.Portal.Http;
using Mesh.Portal.Log;
using Mesh.Portal.Storage;
using Mesh.Portal.Transactions;
using Mesh.Portal.Transparency;
using Mesh.Schema;
using Mesh.Transparency;
using Microsoft.AspNetCore.RateLimiting;

namespace Mesh.Portal;

/// <summary>Builds and runs the portal: options, storage, the log writer, the endpoint.</summary>
public static partial class PortalHost
{
    /// <summary>The address the portal listens on when none is given.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>Runs the portal until it is stopped; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Any(a => a is "--help" or "-h" or "-?" or "help"))
        {
            await Console.Out.WriteAsync(Usage).ConfigureAwait(false);
            return 0;
        }
        if (args.Contains("--version"))
        {
            await Console.Out.WriteLineAsync($"mesh-portal {typeof(PortalHost).Assembly.GetName().Version}").ConfigureAwait(false);
            return 0;
        }
        if (args is ["vkey", .. var rest]) return PrintVkey(rest);
        WebApplication app;
        try
        {
            app = Build(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"mesh-portal: error: {e.Message}").ConfigureAwait(false);
            await Console.Error.WriteLineAsync("mesh-portal: hint: run 'mesh-portal --help' for the options.").ConfigureAwait(false);
            return 2;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Data.Common.DbException or System.Net.Sockets.SocketException)
        {
            // The data folder, the checkpoint key or the database: the operator's to fix, not a crash.
            await Console.Error.WriteLineAsync($"mesh-portal: error: cannot start: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        // Checked before the host starts, so that the operator reads one line rather than the host's failure log.
        if (AddressInUse((app.Configuration["urls"] is { Length: > 0 } urls ? urls : DefaultUrl).Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)) is { } taken)
        {
            await Console.Error.WriteLineAsync($"mesh-portal: error: cannot listen on {taken}: another program listens there.").ConfigureAwait(false);
            await Console.Error.WriteLineAsync("mesh-portal: hint: stop it, or give another address with --urls http://127.0.0.1:PORT.").ConfigureAwait(false);
            return 1;
        }
        try
        {
            await app.RunAsync().ConfigureAwait(false);
        }
        catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            await Console.Error.WriteLineAsync($"mesh-portal: error: {e.Message.TrimEnd('.')}: another program listens there.").ConfigureAwait(false);
            await Console.Error.WriteLineAsync("mesh-portal: hint: stop it, or give another address with --urls http://127.0.0.1:PORT.").ConfigureAwait(false);
            return 1;
        }
        return 0;
    }

    /// <summary>What <c>mesh-portal --help</c> prints.</summary>
    public const string Usage = """
        mesh-portal: the Mesh portal service (docs/protocol.md). It serves POST /.well-known/mmm/, GET /healthz,
        the C2SP tiled log under /mmm/ and the log explorer at / (open it as http://DOMAIN:PORT/), keeping its log
        in SQLite (DATA/portal.db) or PostgreSQL.

        Usage: mesh-portal [options]
               mesh-portal vkey [--domain NAME] [--data DIR | --checkpoint-key FILE]   print the checkpoint note key

        Options (each also as an environment variable MESH_PORTAL_NAME, e.g. MESH_PORTAL_DATABASE):
          --urls URL                      where to listen (default http://127.0.0.1:5080)
          --domain NAME                   the portal's name: accounts are USER@NAME (default localhost)
          --data DIR                      the folder of the SQLite database and the checkpoint key (default portal-data;
                                          with --database it must exist, so that a mistyped one does not start a new key)
          --database "Host=…"             keep the log in PostgreSQL instead of SQLite
          --checkpoint-key FILE           the checkpoint key's PKCS#8 file (default DATA/checkpoint-key.p8)
          --checkpoint-interval-ms N      how often a grown log is checkpointed (default 1000)
          --rate-limit N                  requests per second per client address before 429 (default 2000; 0: off)
          --connection-request-hours N    how long a new device's request waits for an answer (default 24)
          --rendered-get-mb N             memory for ready answers to Gets of latest versions (default 64)
          --tile-cache-mb N               memory for log tiles already served (default 64)
          --witnesses "VKEY URL,…"        witnesses that cosign each checkpoint (C2SP tlog-witness)
          --witness-quorum N              how many must cosign before GET /checkpoint serves it (default all)
          --moved-to URL                  answer every request with a redirect to a new portal
          --moved-permanently true|false  303 rather than 307 for --moved-to
          --rebuild-state true            rebuild the derived state from the log at start
          --help, --version

        """;

    /// <summary>
    /// Builds the portal from command-line arguments and configuration: <c>--domain NAME</c>,
    /// <c>--data DIR</c>, <c>--database "Host=…"</c> (or <c>MESH_PORTAL_DATABASE</c>), <c>--urls URL</c>,
    /// <c>--rebuild-state true</c> to rebuild the derived state from the log at start,
    /// <c>--checkpoint-key FILE</c> (default DATA/checkpoint-key.p8), <c>--checkpoint-interval-ms N</c> (default 1000),
    /// <c>--rate-limit N</c> requests per second per client address (default 2000; 0 turns it off),
    /// <c>--connection-request-hours N</c> how long a device's connection request waits for an answer (default 24),
    /// <c>--rendered-get-mb N</c> memory for rendered answers to Gets of an entry's latest version (default 64),
    /// <c>--tile-cache-mb N</c> memory for tiles already served (default 64),
    /// <c>--moved-to URL</c> with <c>--moved-permanently true|false</c> to redirect every request to a new portal,
    /// <c>--witnesses "VKEY URL,VKEY URL"</c> the witnesses that cosign its checkpoints, with <c>--witness-quorum N</c>
    /// how many must cosign one before GET /checkpoint serves it (default all).
    /// </summary>
    /// <exception cref="ArgumentException">an option is invalid</exception>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Configuration.AddEnvironmentVariables("MESH_PORTAL_");
        var options = ReadOptions(builder.Configuration);
        RequireDataFolder(options, explicitlyGiven: builder.Configuration["data"] is not null);
        if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls(DefaultUrl);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = Math.Max((long)options.MaxRequestBytes * MeshEndpoint.DrainFactor, 2L * options.MaxPublishBytes));
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        var store = OpenStore(options);
        store.Initialize();
        if (builder.Configuration.GetValue<bool>("rebuild-state")) StateRebuilder.Rebuild(store);
        TileWriter.Backfill(store); // a log written before tiles existed gets them once
        var clock = TimeProvider.System;
        var log = new PortalLog(store, options.Domain, options.MaxBatch, clock, options.MaxQueuedWrites);
        var accounts = new AccountState(store, options.Domain, clock);
        var keyPath = options.CheckpointKeyFile ?? Path.Combine(options.DataDirectory, CheckpointKey.DefaultFileName);
        var key = CheckpointKey.LoadOrCreate(keyPath);
        var checkpoints = new Checkpointer(store, key, options.Domain, options.CheckpointInterval, clock,
            LoggerFactory.Create(l => l.AddSimpleConsole()).CreateLogger<Checkpointer>());
        var rendered = new RenderedGets(options.RenderedGetBytes);
        var tiles = new TileCache(store, options.TileCacheBytes);
        var services = new PortalServices(options, store, log, accounts, new Authenticator(options, accounts, clock),
            checkpoints, CheckpointKey.Describe(key, keyPath, clock.GetUtcNow()), clock, rendered);
        builder.Services.AddSingleton(checkpoints);
        builder.Services.AddHostedService(_ => checkpoints);
        if (options.Witnesses.Count > 0)
        {
            var quorum = options.WitnessQuorum is > 0 and var q ? Math.Min(q, options.Witnesses.Count) : options.Witnesses.Count;
            var witnessing = new Witnessing(store, checkpoints, options.Witnesses, quorum, new HttpClient { Timeout = TimeSpan.FromSeconds(10) },
                LoggerFactory.Create(l => l.AddSimpleConsole()).CreateLogger<Witnessing>());
            builder.Services.AddSingleton(witnessing);
            builder.Services.AddHostedService(_ => witnessing);
        }
        builder.Services.AddSingleton(services);
        builder.Services.AddSingleton(log);
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(tiles);
        builder.Services.AddSingleton<MeshEndpoint>();
        builder.Services.AddRateLimiter(limiter =>
        {
            if (options.RequestsPerSecondPerClient <= 0) return;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                RateLimitPartition.GetTokenBucketLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.RequestsPerSecondPerClient,
                    TokensPerPeriod = options.RequestsPerSecondPerClient,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                }));
            limiter.OnRejected = async (rejected, _) =>
            {
                rejected.HttpContext.Response.Headers.RetryAfter = "1";
                await MeshEndpoint.WriteAsync(rejected.HttpContext.Response, new MeshResponse
                {
                    Status = (int)MeshStatus.TooManyRequests,
                    StatusDescription = "Too many requests from this address; retry after a second.",
                }).ConfigureAwait(false);
            };
        });

        var app = builder.Build();
        app.Lifetime.ApplicationStopped.Register(rendered.Dispose);
        app.Lifetime.ApplicationStopped.Register(tiles.Dispose);
        app.UseRateLimiter();
        app.Use(RequestLogging.Middleware(app.Logger));
        app.MapPost(MeshEndpoint.Path, (HttpContext http, MeshEndpoint endpoint) => endpoint.HandleAsync(http));
        app.MapGet("/healthz", (IPortalStore s) => Health(s));
        TileEndpoints.Map(app);
        WebApp.Map(app);
        return app;
    }

    // The first of the addresses (IP literals and localhost; others are left to Kestrel) where a socket
    // already listens. SO_REUSEADDR as Kestrel sets it, so a port in TIME_WAIT after a restart is free.
    private static string? AddressInUse(IEnumerable<string> urls)
    {
        foreach (var url in urls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) continue;
            var address = uri.Host == "localhost" ? System.Net.IPAddress.Loopback : System.Net.IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) ? ip : null;
            if (address is null) continue;
            using var probe = new System.Net.Sockets.Socket(address.AddressFamily, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            probe.SetSocketOption(System.Net.Sockets.SocketOptionLevel.Socket, System.Net.Sockets.SocketOptionName.ReuseAddress, true);
            try
            {
                probe.Bind(new System.Net.IPEndPoint(address, uri.Port));
            }
            catch (System.Net.Sockets.SocketException e) when (e.SocketErrorCode == System.Net.Sockets.SocketError.AddressAlreadyInUse)
            {
                return url;
            }
        }
        return null;
    }

    // The checkpoint key lives in the data folder. With SQLite the folder is made with the database;
    // with PostgreSQL, a --data that does not exist is most likely mistyped, and making it would
    // start a new checkpoint key that every device pinned to the old one refuses.
    private static void RequireDataFolder(PortalOptions options, bool explicitlyGiven)
    {
        if (options.Database is null || options.CheckpointKeyFile is not null || Directory.Exists(options.DataDirectory)) return;
        if (explicitlyGiven)
            throw new ArgumentException($"The data folder {Path.GetFullPath(options.DataDirectory)} does not exist. With --database it holds only the checkpoint key, "
                + "and a new folder would mean a new key that devices refuse: give the folder that holds checkpoint-key.p8, or create it first for a new portal.");
        Directory.CreateDirectory(options.DataDirectory);
    }

    private static IResult Health(IPortalStore store)
    {
        try
        {
            var head = store.ReadHead();
            return Results.Text($"ok {store.Backend} log={head.Size}\n");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Results.Text($"unavailable: {e.Message}\n", statusCode: 503);
        }
    }

    private static PortalOptions ReadOptions(IConfiguration configuration) => new()
    {
        Domain = configuration["domain"] ?? "localhost",
        DataDirectory = configuration["data"] ?? "portal-data",
        Database = configuration["database"],
        CheckpointKeyFile = configuration["checkpoint-key"],
        CheckpointInterval = TimeSpan.FromMilliseconds(configuration.GetValue("checkpoint-interval-ms", 1000)),
        RequestsPerSecondPerClient = configuration.GetValue("rate-limit", 2000),
        RenderedGetBytes = configuration.GetValue("rendered-get-mb", 64L) * 1024 * 1024,
        TileCacheBytes = configuration.GetValue("tile-cache-mb", 64L) * 1024 * 1024,
        ConnectionRequestLifetime = TimeSpan.FromHours(configuration.GetValue("connection-request-hours", 24.0)),
        MovedTo = configuration["moved-to"],
        MovedPermanently = configuration.GetValue<bool>("moved-permanently"),
        Witnesses = WitnessEndpoint.ParseList(configuration["witnesses"]),
        WitnessQuorum = configuration.GetValue("witness-quorum", 0),
    };

    // mesh-portal vkey --domain NAME [--data DIR | --checkpoint-key FILE]: the checkpoint note key, for witnesses and monitors.
    private static int PrintVkey(string[] args)
    {
        var configuration = new ConfigurationBuilder().AddCommandLine(args).AddEnvironmentVariables("MESH_PORTAL_").Build();
        var options = ReadOptions(configuration);
        Directory.CreateDirectory(options.DataDirectory);
        using var key = CheckpointKey.LoadOrCreate(options.CheckpointKeyFile ?? Path.Combine(options.DataDirectory, CheckpointKey.DefaultFileName));
        Console.WriteLine(NoteVerifierKey.For(CheckpointNote.Origin(options.Domain), key.PublicKey));
        return 0;
    }

    private static IPortalStore OpenStore(PortalOptions options) => StoreFactory.Open(options);
}
