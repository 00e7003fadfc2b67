namespace Mesh.Cli.Tests.EndToEnd;

/// <summary>mesh log status and verify find the portal as every other command does: at the URL the home saved.</summary>
[Collection(AppsTests.Name)]
public class LogAtSavedPortalTests(AppsPortalFixture portal)
{
    [Fact]
    public void Log_status_and_verify_use_the_saved_portal_url()
    {
        var owner = portal.NewAccount("logsaved");
        // No --portal-url: the home saved it when the profile was created, and the domain alone would not resolve here.
        foreach (string[] args in (string[][])[["log", "status", "--json"], ["log", "status", PortalProcess.Domain, "--json"], ["log", "verify", "--json"],
                     ["log", "verify", $"logsaved@{PortalProcess.Domain}", "--json"]])
        {
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            Assert.True(MeshCommand.Run(["--home", owner.Home, .. args], TextReader.Null, stdout, stderr) == 0, $"{string.Join(' ', args)}: {stderr}");
            Assert.Contains($"\"portal\": \"{PortalProcess.Domain}\"", stdout.ToString(), StringComparison.Ordinal);
        }
    }
}
