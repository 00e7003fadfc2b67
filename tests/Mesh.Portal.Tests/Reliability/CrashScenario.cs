using System.Collections.Concurrent;
using Mesh.Client.Portal;
using Mesh.Portal.Tests.EndToEnd;
using Mesh.Schema;
using Mesh.Transparency;
using Mesh.X509;

namespace Mesh.Portal.Tests.Reliability;

/// <summary>
/// Runs the real portal process under a publish load, kills it with SIGKILL at a random moment,
/// (after about <c>loadBeforeKill</c>) restarts it on the same data, and again, <c>kills</c> times; after each restart every write
/// acknowledged so far is served and every signed checkpoint seen so far is consistent with the
/// new tree. Ends with a graceful stop, so that the caller can open the store and check it whole.
/// </summary>
public static class CrashScenario
{
    public static async Task<string> RunAsync(PublishLoad load, string data, int kills, TimeSpan loadBeforeKill, params string[] extra)
    {
        ArgumentNullException.ThrowIfNull(load);
        var seen = new ConcurrentBag<Checkpoint>();
        var random = new Random(kills * 7919);
        Cryptography.PublicKeyInfo? key = null;
        for (var round = 0; ; round++)
        {
            using var process = await PortalProcess.StartAsync(data, ["--checkpoint-interval-ms", "50", .. extra]);
            using var client = new PortalClient(TestPortal.Domain, process.Address);
            var current = PersonalCertificates.Read((await client.SendAsync<HelloResponse>(new HelloRequest())).CheckpointKey!.X509Certificate!).SubjectKey;
            Assert.Equal(key ??= current, current);
            if (round == 0) await load.CreateAccountsAsync(client);

            await VerifyServedAsync(client, load, random);
            await PublishLoad.VerifyCheckpointsAsync(client, key, seen);
            if (round == kills)
            {
                process.Stop();
                return $"{kills} kills: {load.Tried} writes tried, {load.Acknowledged.Count} acknowledged (accounts included), 0 lost; {seen.Count} checkpoints seen, all consistent after every restart";
            }

            using var stop = new CancellationTokenSource();
            var running = load.RunAsync(() => new PortalClient(TestPortal.Domain, process.Address), stop.Token);
            var watching = WatchAsync(client, key, seen, stop.Token);
            await Task.Delay(loadBeforeKill * (0.5 + random.NextDouble()));
            process.Kill();
            await stop.CancelAsync();
            await Task.WhenAll(running, watching);
        }
    }

    /// <summary>The newest acknowledged writes and a sample of the others are served by the restarted process.</summary>
    internal static async Task VerifyServedAsync(PortalClient client, PublishLoad load, Random random)
    {
        var all = load.Acknowledged.OrderBy(a => a.Value).ToList();
        var sample = all.TakeLast(20).Concat(all.OrderBy(_ => random.Next()).Take(30)).DistinctBy(a => a.Key);
        foreach (var (identifier, index) in sample)
        {
            var found = await client.SendAsync<GetResponse>(new GetRequest { Identifier = identifier });
            Assert.Equal($"{index}@{TestPortal.Domain}", found.DataItems![0].TransactionID);
        }
    }

    /// <summary>Collects the signed checkpoints the portal publishes while it runs, verifying each.</summary>
    internal static async Task WatchAsync(PortalClient client, Cryptography.PublicKeyInfo key, ConcurrentBag<Checkpoint> seen, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var status = await client.SendAsync<StatusResponse>(new StatusRequest(), CancellationToken.None);
                seen.Add(SignedCheckpoints.Verify(status.CheckpointValue!, key, TestPortal.Domain));
                await Task.Delay(100, stop);
            }
            catch (Exception e) when (e is HttpRequestException or MeshException or OperationCanceledException)
            {
                // Killed, or stopping.
                if (!stop.IsCancellationRequested) await Task.Delay(20, CancellationToken.None);
            }
        }
    }
}
