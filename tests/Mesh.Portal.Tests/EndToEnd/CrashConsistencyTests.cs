using Mesh.Client.Portal;
using Mesh.Schema;
using Mesh.Transparency;
using Mesh.X509;

namespace Mesh.Portal.Tests.EndToEnd;

/// <summary>After kill -9 and a restart, every checkpoint signed before the crash is provably consistent with the new log.</summary>
public sealed class CrashConsistencyTests
{
    [Fact]
    public async Task Checkpoints_signed_before_a_kill_are_consistent_with_the_log_after_it()
    {
        var data = Path.Combine(Path.GetTempPath(), "mesh-crash-" + Guid.NewGuid().ToString("N"));
        var seen = new List<Checkpoint>();
        var users = Enumerable.Range(0, 8).Select(i => new TestAccount($"user{i}")).ToList();
        try
        {
            Cryptography.PublicKeyInfo key;
            bool[] acknowledged;
            using (var first = await PortalProcess.StartAsync(data, "--checkpoint-interval-ms", "50"))
            using (var client = new PortalClient(TestPortal.Domain, first.Address))
            {
                key = await KeyAsync(client);
                foreach (var user in users.Take(6))
                {
                    await user.CreateAsync(client);
                    await Task.Delay(60);
                    seen.Add(SignedCheckpoints.Verify((await client.SendAsync<StatusResponse>(new StatusRequest())).CheckpointValue!, key, TestPortal.Domain));
                }
                // Writes in flight when the process dies may or may not be kept; acknowledged ones must be.
                var inFlight = users.Skip(6).Select(async u =>
                {
                    try
                    {
                        await u.CreateAsync(client);
                        return true;
                    }
                    catch (Exception e) when (e is MeshException or HttpRequestException)
                    {
                        return false;
                    }
                }).ToList();
                first.Kill();
                acknowledged = await Task.WhenAll(inFlight);
            }

            using var second = await PortalProcess.StartAsync(data);
            using var again = new PortalClient(TestPortal.Domain, second.Address);
            Assert.Equal(key, await KeyAsync(again));
            foreach (var user in users.Take(6).Concat(users.Skip(6).Where((_, i) => acknowledged[i])))
                Assert.NotEmpty((await again.SendAsync<GetResponse>(new GetRequest { Account = user.Account })).DataItems!);
            foreach (var known in seen.Where(c => c.TreeSize > 0))
            {
                var status = await again.SendAsync<StatusResponse>(new StatusRequest { ConsistencyFrom = known.TreeSize });
                var now = SignedCheckpoints.Verify(status.CheckpointValue!, key, TestPortal.Domain);
                LogMonitor.Advance(known, now, status.ConsistencyProof);
            }
        }
        finally
        {
            foreach (var u in users) u.Dispose();
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<Cryptography.PublicKeyInfo> KeyAsync(PortalClient client) =>
        PersonalCertificates.Read((await client.SendAsync<HelloResponse>(new HelloRequest())).CheckpointKey!.X509Certificate!).SubjectKey;
}
