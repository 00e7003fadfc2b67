namespace Mesh.Cli.Tests.EndToEnd;

/// <summary>
/// The real <c>mesh-portal</c> program for <see cref="Domain"/> (a <see cref="PortalProcess"/>),
/// shared by the tests of a class (<c>IClassFixture&lt;PortalFixture&gt;</c>); and device homes in
/// temporary folders that reach it. Each test should use its own account names, as the portal is shared.
/// </summary>
public sealed class PortalFixture : IAsyncLifetime
{
    /// <summary>The portal's DNS name: accounts are NAME@example.com.</summary>
    public const string Domain = PortalProcess.Domain;

    private readonly string _homes = Path.Combine(Path.GetTempPath(), "mesh-e2e-" + Guid.NewGuid().ToString("N"));
    private PortalProcess? _portal;

    /// <summary>The portal's URL, for <c>--portal-url</c>.</summary>
    public string Url => _portal?.Url ?? throw new InvalidOperationException("The portal has not started.");

    /// <summary>A fresh, empty device home (a folder that does not exist yet).</summary>
    public string NewHome(string name) => Path.Combine(_homes, $"{name}-{Guid.NewGuid():N}");

    /// <summary>Runs <c>mesh --home HOME --portal-url URL ARGS…</c>.</summary>
    public Task<MeshResult> MeshAsync(string home, params string[] args) => MeshProcess.RunAsync(home, ["--portal-url", Url, .. args], null, null);

    /// <inheritdoc/>
    public async Task InitializeAsync() => _portal = await PortalProcess.StartTemporaryAsync();

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (_portal is not null) await _portal.DisposeAsync();
        if (Directory.Exists(_homes)) Directory.Delete(_homes, recursive: true);
    }
}
