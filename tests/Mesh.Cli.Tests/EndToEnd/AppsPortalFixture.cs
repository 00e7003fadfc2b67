namespace Mesh.Cli.Tests.EndToEnd;

/// <summary>
/// One real portal for the application tests, which run one after another (one collection). Each test
/// makes its own account on it, so none depends on another's data.
/// </summary>
public sealed class AppsPortalFixture : IAsyncLifetime
{
    private PortalProcess? _portal;

    public string Url => _portal!.Url;

    /// <summary>A new device home with a new profile and the account NAME@example.com (made in-process: it is set-up, not the test).</summary>
    public AppsProcess NewAccount(string name)
    {
        var device = AppsProcess.NewHome(Url);
        device.Local.Ok("profile", "create", "--account", $"{name}@{PortalProcess.Domain}", "--description", "laptop");
        return device;
    }

    public async Task InitializeAsync() => _portal = await PortalProcess.StartTemporaryAsync();

    public async Task DisposeAsync()
    {
        if (_portal is not null) await _portal.DisposeAsync();
        AppsProcess.DeleteAll();
    }
}

[CollectionDefinition(Name)]
public sealed class AppsTests : ICollectionFixture<AppsPortalFixture>
{
    public const string Name = "applications end to end";
}
