namespace Mesh.Cli.Tests.EndToEnd;

/// <summary>A device whose request to join is not answered yet: every command tells the same story.</summary>
[Collection(AppsTests.Name)]
public class PendingDeviceTests(AppsPortalFixture portal)
{
    [Fact]
    public void Reads_writes_and_sync_all_say_the_device_is_waiting_to_join()
    {
        portal.NewAccount("pendpat");
        var phone = AppsProcess.NewHome(portal.Url);
        phone.Local.Ok("device", "request", $"pendpat@{PortalProcess.Domain}", "--description", "phone");
        foreach (string[] args in (string[][])[["password", "get", "www.example.com"], ["password", "list"], ["password", "add", "a.example.com", "u", "--password", "p"],
                     ["profile", "show"], ["sync"], ["ssh", "list"], ["network", "list"]])
        {
            var run = phone.Local.Fails(args);
            Assert.Contains($"This device asked to join pendpat@{PortalProcess.Domain} and is waiting for an administering device to accept it", run.Err, StringComparison.Ordinal);
            Assert.Contains("mesh: hint: ", run.Err, StringComparison.Ordinal);
        }
    }
}
