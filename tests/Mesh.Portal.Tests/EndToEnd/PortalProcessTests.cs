using Mesh.Client.Portal;
using Mesh.Schema;

namespace Mesh.Portal.Tests.EndToEnd;

/// <summary>The real mesh-portal process: it serves, stops gracefully, and keeps every acknowledged write across a crash.</summary>
public sealed class PortalProcessTests
{
    [Fact]
    public async Task The_portal_process_keeps_acknowledged_writes_across_a_kill_and_a_restart()
    {
        var data = Path.Combine(Path.GetTempPath(), "mesh-e2e-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var alice = new TestAccount("alice");
            using (var first = await PortalProcess.StartAsync(data))
            using (var client = new PortalClient(TestPortal.Domain, first.Address))
            {
                Assert.Equal(201, (await alice.CreateAsync(client)).Status);
                first.Kill();
            }
            using var second = await PortalProcess.StartAsync(data);
            using var again = new PortalClient(TestPortal.Domain, second.Address);
            var found = await again.SendAsync<GetResponse>(new GetRequest { Account = alice.Account });
            Assert.Equal(alice.Profile.Identifier, found.DataItems![0].Entry!.Identifier);

            second.Stop();
            Assert.Equal(0, second.ExitCode);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
