using Mesh.Client.Home;

namespace Mesh.Client.Tests;

/// <summary>Draft 7.2.3: a device follows its portal to a new address only when the new portal proves it serves the same profile.</summary>
public sealed class MovedPortalTests
{
    [Fact]
    public async Task A_permanent_move_to_a_portal_serving_the_same_profile_is_followed_and_remembered()
    {
        await using var portal = await InProcessPortal.StartAsync();
        var alice = await portal.AdministratorAsync();
        await using var old = await InProcessPortal.StartAsync("--moved-to", portal.Url, "--moved-permanently", "true");

        var notices = new List<string>();
        alice.Home.WriteState(alice.Home.ReadState() with { PortalUrl = old.Url });
        using var moved = new MeshDevice(new DeviceHome(alice.Home.Folder)) { Notice = notices.Add };
        var result = await moved.SyncAsync();

        Assert.Equal(alice.Profile.Identifier, result.Profile.Identifier);
        Assert.Equal(new Uri(portal.Url), new Uri(moved.Home.ReadState().PortalUrl!));
        Assert.Contains(notices, n => n.Contains("moved permanently", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_move_to_a_portal_that_serves_another_profile_is_refused()
    {
        await using var impostor = await InProcessPortal.StartAsync();
        await impostor.AdministratorAsync("mallory");
        await using var portal = await InProcessPortal.StartAsync();
        var alice = await portal.AdministratorAsync();
        await using var old = await InProcessPortal.StartAsync("--moved-to", impostor.Url, "--moved-permanently", "true");

        alice.Home.WriteState(alice.Home.ReadState() with { PortalUrl = old.Url });
        using var moved = new MeshDevice(new DeviceHome(alice.Home.Folder));
        var e = await Assert.ThrowsAsync<MeshException>(() => moved.SyncAsync());
        Assert.Contains("could not prove", e.Message, StringComparison.Ordinal);
        Assert.Equal(old.Url, moved.Home.ReadState().PortalUrl);
    }
}
