using System.Net.Http.Json;
using System.Text.Json;
using Mesh.Cli;

namespace Mesh.Web.Tests;

/// <summary>A browser test: skipped, saying why, where Chromium, node or npm is missing (.ci/run installs them).</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    /// <summary>Skips when the browser cannot run here.</summary>
    public BrowserFactAttribute()
    {
        if (Browser.Unavailable is { } why) Skip = why;
    }
}

/// <summary>
/// A real mesh-portal named <c>localhost</c> (so that the browser, at http://localhost:PORT, is in a secure context
/// and sends the Host the portal answers) and one Chromium, shared by a test class; devices made with the real
/// <c>mesh</c> command, in-process. Each test takes a fresh browser context and its own account names.
/// </summary>
public sealed class WebFixture : IAsyncLifetime
{
    /// <summary>
    /// The browser test classes run one after another: each has its own portal and Chromium, and several at once on
    /// two cores would be measuring the machine, not the application.
    /// </summary>
    public const string Collection = "browser";

    /// <summary>The portal's name, as the browser reaches it.</summary>
    public const string Domain = "localhost";

    private readonly string _homes = Directory.CreateTempSubdirectory("mesh-web-").FullName;
    private PortalProcess? _portal;
    private Browser? _browser;

    /// <summary>The portal process.</summary>
    public PortalProcess Portal => _portal ?? throw new InvalidOperationException("The portal has not started.");

    /// <summary>The browser.</summary>
    public Browser Browser => _browser ?? throw new InvalidOperationException("No browser here: " + global::Mesh.Testing.Browser.Unavailable);

    /// <summary>The URL of a page of the portal's web application, as a person would type it.</summary>
    public string Page(string path) => $"http://{Domain}:{Portal.Address.Port}{path}";

    /// <summary>A fresh device home (a folder that does not exist yet).</summary>
    public string NewHome(string name) => Path.Combine(_homes, $"{name}-{Guid.NewGuid():N}");

    /// <summary>Runs <c>mesh --home HOME --portal-url URL ARGS…</c> in-process; it must succeed. Answers what it printed.</summary>
    public string Mesh(string home, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = MeshCommand.Run(["--home", home, "--portal-url", Portal.Url, .. args], new StringReader(""), stdout, stderr);
        Assert.True(exit == 0, $"mesh {string.Join(' ', args)} exited {exit}: {stderr}");
        return stdout.ToString();
    }

    /// <summary>The portal's Status, as any client reads it.</summary>
    public async Task<JsonElement> StatusAsync()
    {
        using var http = new HttpClient();
        using var response = await http.PostAsJsonAsync(Page("/.well-known/mmm/"), JsonDocument.Parse("""{"StatusRequest":{}}""").RootElement);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("StatusResponse").Clone();
    }

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        // The later --domain wins over the runner's example.com.
        _portal = await PortalProcess.StartTemporaryAsync("--domain", Domain);
        if (global::Mesh.Testing.Browser.Unavailable is null) _browser = await global::Mesh.Testing.Browser.StartAsync();
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        if (_portal is not null) await _portal.DisposeAsync();
        Directory.Delete(_homes, recursive: true);
    }
}
