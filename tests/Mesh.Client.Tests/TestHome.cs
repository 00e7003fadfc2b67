using System.Net;
using System.Net.Sockets;
using Mesh.Applications;
using Mesh.Client.Home;
using Mesh.Profiles;
using Mesh.Schema;

namespace Mesh.Client.Tests;

/// <summary>
/// A device home made in-process, without a portal: a profile with this device as administrator and
/// an account whose portal URL is a loopback port nothing listens on, so any contact fails at once.
/// </summary>
internal sealed class TestHome : IDisposable
{
    public static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    public TestHome()
    {
        Folder = Path.Combine(Path.GetTempPath(), "mesh-client-test-" + Guid.NewGuid().ToString("N"));
        Home = new DeviceHome(Folder);
        Device = new MeshDevice(Home, DeadPortal);
        Device.CreateProfile("test device");
        Home.WriteState(Home.ReadState() with { Account = "alice@example.com", PortalUrl = DeadPortal });
    }

    /// <summary>A loopback URL on a port that was free a moment ago: connections to it are refused.</summary>
    public static readonly string DeadPortal = FreePortUrl();

    public string Folder { get; }
    public DeviceHome Home { get; }
    public MeshDevice Device { get; }

    /// <summary>Adds a password application listing the given devices (this one by default) and caches a version holding the vault.</summary>
    public string AddPasswords(PasswordVault vault, DeviceSecrets? sealer = null, IEnumerable<string>? readers = null)
    {
        var profile = Device.Profile;
        var devices = readers?.ToList() ?? [Device.Device.Identifier];
        var entry = ApplicationProfiles.NewEntry<PasswordProfile>(devices, devices, "Passwords");
        Home.WriteProfile(PersonalProfiles.WithApplications(profile, [.. profile.Applications, entry], Device.Master!.OnlineKeys[0], Now));
        Home.WriteCached(ApplicationProfiles.Seal(Device.Profile, entry.Identifier!, new PasswordProfile(), vault.ToPrivate(), sealer ?? Device.Device, Now), "7@example.com");
        return entry.Identifier!;
    }

    private static string FreePortUrl()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
    }

    public void Dispose()
    {
        Device.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
