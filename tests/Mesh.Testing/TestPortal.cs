using Mesh.Client.Portal;
using Mesh.Portal;
using Mesh.Portal.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Mesh.Testing;

/// <summary>
/// A real portal on a loopback port, in this process, with its own data folder: the in-process runner of
/// the tests that do not need a separate process (<see cref="PortalProcess"/> is the other).
/// </summary>
public sealed class TestPortal : IAsyncDisposable
{
    public const string Domain = "example.com";

    private readonly WebApplication _app;

    private TestPortal(WebApplication app, string data, Uri address)
    {
        _app = app;
        DataDirectory = data;
        Address = address;
    }

    public string DataDirectory { get; }
    public Uri Address { get; }

    /// <summary>Its base URL without the final slash, for <c>--portal-url</c>.</summary>
    public string Url => Address.GetLeftPart(UriPartial.Authority);
    public IPortalStore Store => _app.Services.GetRequiredService<IPortalStore>();
    public Mesh.Portal.Transactions.PortalServices Services() => _app.Services.GetRequiredService<Mesh.Portal.Transactions.PortalServices>();

    public static async Task<TestPortal> StartAsync(string? data = null, params string[] extra)
    {
        data ??= Path.Combine(Path.GetTempPath(), "mesh-portal-test-" + Guid.NewGuid().ToString("N"));
        var app = PortalHost.Build(["--data", data, "--domain", Domain, "--urls", "http://127.0.0.1:0", .. extra]);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestPortal(app, data, new Uri(address));
    }

    public PortalClient Client() => new(Domain, Address);

    /// <summary>
    /// Appends <paramref name="count"/> records that belong to no account straight through the portal's log writer,
    /// each padded to at least <paramref name="padding"/> bytes, then makes a checkpoint: a log large enough to need
    /// full tiles, in a second.
    /// </summary>
    public async Task AppendRecordsAsync(int count, int padding = 0)
    {
        var services = Services();
        await Task.WhenAll(Enumerable.Range(0, count).Select(i => services.Log.WriteAsync(_ => new Mesh.Portal.Log.WriteDecision(new Mesh.Schema.LogRecord
        {
            Entry = new Mesh.Schema.EncryptedProfile { Identifier = $"filler-{Guid.NewGuid():N}".PadRight(padding, '.') },
        })))).ConfigureAwait(false);
        services.Checkpoints.MakeIfBehind();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A test that restarts the portal on the same folder deletes it itself.
        }
    }
}
