using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mesh.Testing;

/// <summary>What the browser got for a navigation: the HTTP status, the response headers and how long the load took.</summary>
public sealed record Navigation(int Status, IReadOnlyDictionary<string, string> Headers, long Milliseconds);

/// <summary>
/// A headless Debian Chromium driven by Playwright (playwright-core from npm, which downloads no browser) through
/// browser/driver.mjs: the runner of every test that needs a real browser. Each call is one command to the driver;
/// the test decides and asserts. <see cref="FreshAsync"/> starts a new, cold browser context (no storage, no cache).
/// </summary>
public sealed class Browser : IAsyncDisposable
{
    /// <summary>Debian's Chromium itself (its /usr/bin wrapper prints noise on stderr).</summary>
    public const string Chromium = "/usr/lib/chromium/chromium";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);
    private static readonly Lazy<string> Driver = new(InstallDriver);
    private readonly Process _node;
    private readonly SemaphoreSlim _turn = new(1, 1);
    private int _id;

    private Browser(Process node) => _node = node;

    /// <summary>Why browser tests cannot run here, or null when node, npm and Chromium are all there (.ci/run installs them).</summary>
    public static string? Unavailable { get; } =
        !File.Exists(Chromium) ? "Chromium is not installed; .ci/run installs it (apt-get install chromium)."
        : !OnPath("node") || !OnPath("npm") ? "Node.js and npm are not installed; .ci/run installs them (apt-get install nodejs npm)."
        : null;

    /// <summary>Where screenshots go: a folder beside the test assembly, kept as the run's artifacts.</summary>
    public static string Screenshots => Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    /// <summary>Starts Chromium with a fresh context.</summary>
    public static async Task<Browser> StartAsync()
    {
        var info = new ProcessStartInfo("node", [Path.Combine(Driver.Value, "driver.mjs")])
        {
            WorkingDirectory = Driver.Value,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["MESH_CHROMIUM"] = Chromium;
        var browser = new Browser(Process.Start(info)!);
        _ = browser._node.StandardError.ReadToEndAsync(); // drained so that it never blocks the driver
        await browser.ReadAsync(0).ConfigureAwait(false);
        return browser;
    }

    /// <summary>Sends one command; answers its value, or throws <see cref="InvalidOperationException"/> with the driver's error.</summary>
    public async Task<JsonElement> SendAsync(string op, JsonObject? arguments = null)
    {
        await _turn.WaitAsync().ConfigureAwait(false);
        try
        {
            var command = arguments?.DeepClone().AsObject() ?? [];
            var id = ++_id;
            command["id"] = id;
            command["op"] = op;
            await _node.StandardInput.WriteLineAsync(command.ToJsonString()).ConfigureAwait(false);
            await _node.StandardInput.FlushAsync().ConfigureAwait(false);
            return await ReadAsync(id).ConfigureAwait(false);
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>Opens a URL and waits for its load event.</summary>
    public Task<Navigation> GotoAsync(string url) => NavigationAsync("goto", url);

    /// <summary>GETs a URL with the browser's context but without rendering it (an asset, a 404).</summary>
    public Task<Navigation> FetchAsync(string url) => NavigationAsync("fetch", url);

    private async Task<Navigation> NavigationAsync(string op, string url)
    {
        var value = await SendAsync(op, new JsonObject { ["url"] = url }).ConfigureAwait(false);
        var headers = value.GetProperty("headers").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.OrdinalIgnoreCase);
        return new Navigation(value.GetProperty("status").GetInt32(), headers, value.GetProperty("ms").GetInt64());
    }

    /// <summary>Waits until an element matching <paramref name="selector"/> (and containing <paramref name="text"/>) is visible; answers its text.</summary>
    public async Task<string> WaitForAsync(string selector, string? text = null, int timeoutMs = 30_000)
    {
        var arguments = new JsonObject { ["selector"] = selector, ["timeout"] = timeoutMs };
        if (text is not null) arguments["text"] = text;
        return (await SendAsync("waitFor", arguments).ConfigureAwait(false)).GetString() ?? "";
    }

    /// <summary>Waits until a JavaScript expression is true in the page.</summary>
    public Task WaitUntilAsync(string expression, int timeoutMs = 30_000) =>
        SendAsync("waitUntil", new JsonObject { ["expression"] = expression, ["timeout"] = timeoutMs });

    /// <summary>The text of the first element matching <paramref name="selector"/>.</summary>
    public async Task<string> TextAsync(string selector) => (await SendAsync("text", new JsonObject { ["selector"] = selector }).ConfigureAwait(false)).GetString() ?? "";

    /// <summary>The texts of every element matching <paramref name="selector"/>.</summary>
    public async Task<IReadOnlyList<string>> TextsAsync(string selector) =>
        [.. (await SendAsync("texts", new JsonObject { ["selector"] = selector }).ConfigureAwait(false)).EnumerateArray().Select(e => e.GetString() ?? "")];

    /// <summary>How many elements match <paramref name="selector"/>.</summary>
    public async Task<int> CountAsync(string selector) => (await SendAsync("count", new JsonObject { ["selector"] = selector }).ConfigureAwait(false)).GetInt32();

    /// <summary>An attribute of the first element matching <paramref name="selector"/>, or null.</summary>
    public async Task<string?> AttributeAsync(string selector, string name) =>
        (await SendAsync("attribute", new JsonObject { ["selector"] = selector, ["name"] = name }).ConfigureAwait(false)).GetString();

    /// <summary>Clicks the first element matching <paramref name="selector"/>.</summary>
    public Task ClickAsync(string selector) => SendAsync("click", new JsonObject { ["selector"] = selector });

    /// <summary>Types <paramref name="value"/> into the first field matching <paramref name="selector"/>.</summary>
    public Task FillAsync(string selector, string value) => SendAsync("fill", new JsonObject { ["selector"] = selector, ["value"] = value });

    /// <summary>Evaluates a JavaScript expression in the page (the test's own code, outside the page's CSP).</summary>
    public Task<JsonElement> EvaluateAsync(string expression) => SendAsync("evaluate", new JsonObject { ["expression"] = expression });

    /// <summary>Saves a full-page screenshot as <see cref="Screenshots"/>/NAME.png; answers its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var path = Path.Combine(Screenshots, name + ".png");
        await SendAsync("screenshot", new JsonObject { ["path"] = path }).ConfigureAwait(false);
        return path;
    }

    /// <summary>From now on, rewrites the portal's answers as driver.mjs's tampering <paramref name="mode"/> says.</summary>
    public Task TamperAsync(string mode) => SendAsync("tamper", new JsonObject { ["mode"] = mode });

    /// <summary>A new, cold browser context: no storage, no cache, no tampering.</summary>
    public Task FreshAsync() => SendAsync("fresh");

    /// <summary>Console errors and uncaught exceptions of the page since the context opened (a CSP violation is one).</summary>
    public async Task<IReadOnlyList<string>> ProblemsAsync() => [.. (await SendAsync("problems").ConfigureAwait(false)).EnumerateArray().Select(e => e.GetString() ?? "")];

    /// <summary>Every request the page sent since the context opened (method and URL, headers, body), to check what left the browser.</summary>
    public async Task<IReadOnlyList<string>> SentAsync() => [.. (await SendAsync("sent").ConfigureAwait(false)).EnumerateArray().Select(e => e.GetString() ?? "")];

    private async Task<JsonElement> ReadAsync(int id)
    {
        using var timeout = new CancellationTokenSource(CommandTimeout);
        var line = await _node.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The browser driver exited ({await ExitAsync().ConfigureAwait(false)}).");
        using var answer = JsonDocument.Parse(line);
        var root = answer.RootElement;
        if (root.GetProperty("id").GetInt32() != id) throw new InvalidOperationException($"The browser driver answered {line} to command {id}.");
        return root.GetProperty("ok").GetBoolean()
            ? root.GetProperty("value").Clone()
            : throw new InvalidOperationException("Browser: " + root.GetProperty("error").GetString());
    }

    private async Task<string> ExitAsync()
    {
        await _node.WaitForExitAsync().ConfigureAwait(false);
        return $"exit code {_node.ExitCode}";
    }

    // npm ci of the pinned playwright-core, once per run (it downloads no browser).
    private static string InstallDriver()
    {
        var folder = Path.Combine(Repository.Root, "tests", "Mesh.Testing", "browser");
        if (Directory.Exists(Path.Combine(folder, "node_modules", "playwright-core"))) return folder;
        var info = new ProcessStartInfo("npm", ["ci", "--no-audit", "--no-fund"]) { WorkingDirectory = folder, RedirectStandardError = true, RedirectStandardOutput = true };
        using var npm = Process.Start(info)!;
        var error = npm.StandardError.ReadToEndAsync();
        _ = npm.StandardOutput.ReadToEnd();
        npm.WaitForExit();
        return npm.ExitCode == 0 ? folder : throw new InvalidOperationException($"npm ci of playwright-core failed: {error.Result}");
    }

    /// <summary>Whether an executable of that name is in a folder on PATH.</summary>
    public static bool OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, name)));

    /// <summary>Closes Chromium and the driver.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _node.StandardInput.WriteLineAsync("""{"id":-1,"op":"close"}""").ConfigureAwait(false);
            await _node.StandardInput.FlushAsync().ConfigureAwait(false);
            if (!_node.WaitForExit(TimeSpan.FromSeconds(10))) _node.Kill(true);
        }
        catch (IOException)
        {
            _node.Kill(true);
        }
        _node.Dispose();
        _turn.Dispose();
    }
}
