using System.Security.Cryptography;
using Mesh.Cryptography;
using Mesh.Transparency;

namespace Mesh.WitnessService;

/// <summary>Builds and runs the witness: its key, its store, the logs it witnesses, the HTTP interface.</summary>
public static partial class WitnessHost
{
    /// <summary>The address the witness listens on when none is given.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5090";

    /// <summary>The file name of the witness's cosigning key in its data folder.</summary>
    public const string KeyFileName = "witness-key.p8";

    /// <summary>
    /// Runs the witness until it is stopped, or with <c>vkey</c> as the first argument prints its cosigner key (making the
    /// key first if need be) and exits. Options: <c>--name NAME</c> (the cosigner's name, default <c>localhost/witness</c>),
    /// <c>--data DIR</c> (default <c>witness-data</c>), <c>--logs "VKEY,VKEY"</c> (the checkpoint keys of the logs to witness,
    /// each named after its log's origin), <c>--urls URL</c> (default <c>http://127.0.0.1:5090</c>).
    /// </summary>
    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args is ["vkey", .. var rest])
        {
            var configuration = new ConfigurationBuilder().AddCommandLine(rest).AddEnvironmentVariables("MESH_WITNESS_").Build();
            using var key = LoadKey(configuration, out var cosigner);
            Console.WriteLine(cosigner);
            return 0;
        }
        WebApplication app;
        try
        {
            app = Build(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"mesh-witness: {e.Message}").ConfigureAwait(false);
            return 2;
        }
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }

    /// <summary>Builds the witness from command-line arguments (see <see cref="RunAsync"/>).</summary>
    /// <exception cref="ArgumentException">an option is invalid</exception>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Configuration.AddEnvironmentVariables("MESH_WITNESS_");
        if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls(DefaultUrl);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = AddCheckpointRequest.MaxBytes);
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        var logs = ReadLogs(builder.Configuration["logs"]);
        var key = LoadKey(builder.Configuration, out var cosigner);
        var store = new WitnessStore(Path.Combine(DataDirectory(builder.Configuration), "witness.db"));
        var witness = new CheckpointWitness(store, cosigner, key, logs, TimeProvider.System);
        var app = builder.Build();
        app.Lifetime.ApplicationStopped.Register(() =>
        {
            store.Dispose();
            key.Dispose();
        });
        LogStart(app.Logger, cosigner, logs.Count);
        app.MapPost("/add-checkpoint", (HttpContext http, CancellationToken cancel) => AddCheckpointAsync(http, witness, cancel));
        app.MapGet("/{originHash}/checkpoint", (string originHash) => Latest(witness, originHash));
        app.MapGet("/", () => Results.Text(Describe(witness)));
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        return app;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Witness {Vkey} of {Count} log(s)")]
    private static partial void LogStart(ILogger logger, NoteVerifierKey vkey, int count);

    private static async Task<IResult> AddCheckpointAsync(HttpContext http, CheckpointWitness witness, CancellationToken cancel)
    {
        string body;
        try
        {
            using var reader = new StreamReader(http.Request.Body, new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true));
            body = await reader.ReadToEndAsync(cancel).ConfigureAwait(false);
        }
        catch (System.Text.DecoderFallbackException)
        {
            return Results.Text("The request is not UTF-8.\n", statusCode: 400);
        }
        catch (BadHttpRequestException e)
        {
            return Results.Text($"The request is larger than {AddCheckpointRequest.MaxBytes} bytes.\n", statusCode: e.StatusCode);
        }
        var answer = witness.AddCheckpoint(body);
        return Results.Text(answer.Body, answer.ContentType, statusCode: answer.Status);
    }

    // C2SP tlog-witness, "Monitor Retrieval Mechanism": GET <prefix>/<hex SHA-256 of the origin>/checkpoint.
    private static IResult Latest(CheckpointWitness witness, string originHash)
    {
        var log = witness.Logs.FirstOrDefault(l => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(l.Name))) == originHash);
        var note = log is null ? null : witness.Latest(log.Name);
        return note is null
            ? Results.Text("This witness has cosigned no checkpoint of that log.\n", statusCode: 404)
            : Results.Text(note, WitnessAnswer.Text);
    }

    private static string Describe(CheckpointWitness witness) =>
        $"mesh-witness (C2SP tlog-witness): POST /add-checkpoint\ncosigner {witness.Cosigner}\n"
        + string.Concat(witness.Logs.Select(l => $"log {l}\n"));

    private static KeyPair LoadKey(IConfiguration configuration, out NoteVerifierKey cosigner)
    {
        var data = DataDirectory(configuration);
        Directory.CreateDirectory(data);
        var key = KeyFile.LoadOrCreate(Path.Combine(data, KeyFileName));
        cosigner = NoteVerifierKey.ForCosigner(configuration["name"] ?? "localhost/witness", key.PublicKey);
        return key;
    }

    private static string DataDirectory(IConfiguration configuration) => configuration["data"] ?? "witness-data";

    private static List<NoteVerifierKey> ReadLogs(string? list)
    {
        var logs = new List<NoteVerifierKey>();
        foreach (var vkey in (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!NoteVerifierKey.TryParse(vkey, out var log) || log.Type != NoteVerifierKey.Ed25519Type)
                throw new ArgumentException($"'{vkey}' is not the vkey of a log's Ed25519 checkpoint key (NAME+HASH+BASE64).");
            logs.Add(log);
        }
        if (logs.Count == 0) throw new ArgumentException("Give the checkpoint keys of the logs to witness: --logs \"VKEY,VKEY\" ('mesh-portal vkey' prints a portal's).");
        return logs;
    }
}
