using System.Collections.Concurrent;
using Mesh.Client.Portal;
using Mesh.Portal.Storage.Postgres;
using Mesh.Portal.Tests.EndToEnd;
using Mesh.Portal.Tests.Storage;
using Mesh.Schema;
using Mesh.Transparency;
using Mesh.X509;
using Xunit.Abstractions;

namespace Mesh.Portal.Tests.Reliability;

/// <summary>
/// Two portal processes on one PostgreSQL database under a publish load through both; each in turn is
/// killed with SIGKILL and restarted while the other keeps serving. No acknowledged write is lost, the
/// log stays one gap-free history, both serve every acknowledged write, and every checkpoint either
/// signed is consistent with the tree both serve afterwards.
/// </summary>
[RequiresPostgres]
public sealed class TwoProcessCrashTests(PostgresDatabase database, ITestOutputHelper output) : IClassFixture<PostgresDatabase>
{
    [StoreFact]
    public async Task Killing_either_process_under_load_loses_no_acknowledged_write_and_keeps_one_log()
    {
        var connection = database.NewSchema();
        var data = Path.Combine(Path.GetTempPath(), "mesh-kill-two-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        try
        {
            string[] options = ["--database", connection, "--checkpoint-key", Path.Combine(data, "checkpoint-key.p8"), "--checkpoint-interval-ms", "50"];
            using var a = await PortalProcess.StartAsync(Path.Combine(data, "a"), options);
            using var b = await PortalProcess.StartAsync(Path.Combine(data, "b"), options);
            PortalProcess[] processes = [a, b];
            using var load = new PublishLoad(workers: 4);
            Cryptography.PublicKeyInfo key;
            using (var client = new PortalClient(TestPortal.Domain, a.Address))
            {
                await load.CreateAccountsAsync(client);
                key = PersonalCertificates.Read((await client.SendAsync<HelloResponse>(new HelloRequest())).CheckpointKey!.X509Certificate!).SubjectKey;
            }
            var seen = new ConcurrentBag<Checkpoint>();
            var random = new Random(2);
            for (var round = 0; round < 4; round++)
            {
                using var stop = new CancellationTokenSource();
                var worker = 0;
                // Half the writers publish through each process.
                var running = load.RunAsync(() => new PortalClient(TestPortal.Domain, processes[Interlocked.Increment(ref worker) % 2].Address), stop.Token);
                var watchers = processes.Select(p => Watch(p, key, seen, stop.Token)).ToList();
                await Task.Delay(TimeSpan.FromSeconds(1 + random.NextDouble()));
                var victim = processes[round % 2];
                victim.Kill();
                await Task.Delay(TimeSpan.FromMilliseconds(300 + random.Next(300))); // the other one alone meanwhile
                await victim.RestartAsync();
                await Task.Delay(TimeSpan.FromMilliseconds(500));
                await stop.CancelAsync();
                await Task.WhenAll([running, .. watchers]);

                foreach (var process in processes)
                {
                    using var client = new PortalClient(TestPortal.Domain, process.Address);
                    await CrashScenario.VerifyServedAsync(client, load, random);
                    await PublishLoad.VerifyCheckpointsAsync(client, key, seen);
                }
            }
            a.Stop();
            b.Stop();
            using var store = new PostgresPortalStore(connection);
            load.VerifyStore(store);
            Assert.True(load.Acknowledged.Count > load.Users.Count, "the load wrote nothing");
            output.WriteLine($"4 kills, alternately of each process: {load.Tried} writes tried, {load.Acknowledged.Count} acknowledged, 0 lost; "
                + $"{seen.Count} checkpoints seen, all consistent; refusals by status: {string.Join(", ", load.Refusals.Select(r => $"{r.Key}: {r.Value}"))}");
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task Watch(PortalProcess process, Cryptography.PublicKeyInfo key, ConcurrentBag<Checkpoint> seen, CancellationToken stop)
    {
        using var client = new PortalClient(TestPortal.Domain, process.Address);
        await CrashScenario.WatchAsync(client, key, seen, stop);
    }
}
