using Mesh.Client.Home;

namespace Mesh.Client.Tests;

/// <summary>A real portal for example.com on a loopback port in this process (a <see cref="TestPortal"/>), and device homes in temporary folders that use it.</summary>
internal sealed class InProcessPortal : IAsyncDisposable
{
    public const string Account = "alice@example.com";

    private readonly TestPortal _portal;
    private readonly string _root;
    private readonly List<MeshDevice> _devices = [];

    private InProcessPortal(TestPortal portal, string root)
    {
        _portal = portal;
        _root = root;
    }

    public string Url => _portal.Url;

    /// <summary>The portal itself.</summary>
    public TestPortal Portal => _portal;

    public static async Task<InProcessPortal> StartAsync(params string[] options)
    {
        var root = Path.Combine(Path.GetTempPath(), "mesh-client-test-" + Guid.NewGuid().ToString("N"));
        return new InProcessPortal(await TestPortal.StartAsync(Path.Combine(root, "portal"), options), root);
    }

    /// <summary>The device in home <paramref name="name"/> (created empty on first use), reaching this portal.</summary>
    public MeshDevice Device(string name, HttpMessageHandler? handler = null)
    {
        var device = new MeshDevice(new DeviceHome(Path.Combine(_root, name)), Url) { Http = handler is null ? null : new HttpClient(handler) };
        _devices.Add(device);
        return device;
    }

    /// <summary>A copy of home <paramref name="from"/> as it is now, named <paramref name="to"/>.</summary>
    public MeshDevice CopyOf(string from, string to, HttpMessageHandler? handler = null)
    {
        var source = Path.Combine(_root, from);
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(_root, to, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return Device(to, handler);
    }

    /// <summary>A device with a profile and the account alice@example.com, administering it.</summary>
    public async Task<MeshDevice> AdministratorAsync(string name = "a")
    {
        var device = Device(name);
        device.CreateProfile("laptop");
        await device.CreateAccountAsync(Account);
        return device;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var device in _devices) device.Dispose();
        await _portal.DisposeAsync();
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }
}
