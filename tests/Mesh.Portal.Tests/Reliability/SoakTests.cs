using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Mesh.Client.Portal;
using Mesh.Portal.Tests.EndToEnd;
using Mesh.Schema;
using Xunit.Abstractions;

namespace Mesh.Portal.Tests.Reliability;

/// <summary>
/// A sustained mixed load on the real portal process for a bounded time (20 s, or MESH_SOAK_SECONDS):
/// reads, writes, signed and public transactions from 8 clients. No request may fail, and the
/// process's working set at the end may not have grown far beyond what it was a third of the way
/// in (a generous bound: a leak grows without end, a cache settles). Latency is reported, not asserted.
/// </summary>
public sealed class SoakTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(double.Parse(Environment.GetEnvironmentVariable("MESH_SOAK_SECONDS") ?? "20", CultureInfo.InvariantCulture));

    [Fact]
    public async Task A_sustained_mixed_load_has_no_errors_and_no_unbounded_memory_growth()
    {
        var data = Path.Combine(Path.GetTempPath(), "mesh-soak-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var process = await PortalProcess.StartAsync(data, "--rate-limit", "0");
            using var setup = new PortalClient(TestPortal.Domain, process.Address);
            using var load = new PublishLoad(workers: 8);
            await load.CreateAccountsAsync(setup);
            var escrow = TestAccount.EscrowFor("soak-escrow");
            await setup.SendAsync<PublishResponse>(new PublishRequest { Entry = escrow }, load.Users[0].Signer());

            var latencies = new ConcurrentDictionary<string, ConcurrentBag<double>>();
            var errors = new ConcurrentQueue<string>();
            var memory = new List<(TimeSpan At, long Bytes)>();
            var clock = Stopwatch.StartNew();
            using var stop = new CancellationTokenSource(Duration);
            var workers = load.Users.Select((user, w) => Task.Run(async () =>
            {
                using var client = new PortalClient(TestPortal.Domain, process.Address);
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var (name, send) = Mix(user, w, i);
                    var start = Stopwatch.GetTimestamp();
                    try
                    {
                        await send(client);
                        latencies.GetOrAdd(name, _ => []).Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    }
                    catch (Exception e) when (e is MeshException or HttpRequestException)
                    {
                        errors.Enqueue($"{name}: {e.Message}");
                    }
                }
            })).ToList();
            using (var portal = Process.GetProcessById(process.Id))
            {
                while (!stop.IsCancellationRequested)
                {
                    portal.Refresh();
                    memory.Add((clock.Elapsed, portal.WorkingSet64));
                    await Task.Delay(250, CancellationToken.None);
                }
            }
            await Task.WhenAll(workers);
            process.Stop();

            var third = Median(memory.Where(m => m.At >= Duration / 3 - TimeSpan.FromSeconds(1) && m.At <= Duration / 3 + TimeSpan.FromSeconds(1)));
            var end = Median(memory.Where(m => m.At >= Duration - TimeSpan.FromSeconds(2)));
            var total = latencies.Values.Sum(b => b.Count);
            output.WriteLine($"{Duration.TotalSeconds:F0} s, 8 clients: {total} requests ({total / Duration.TotalSeconds:F0}/s), {errors.Count} errors; working set {Mb(memory[0].Bytes)} at start, {Mb(third)} at 1/3, {Mb(end)} at the end, peak {Mb(memory.Max(m => m.Bytes))}");
            output.WriteLine("| transaction | requests | p50 ms | p99 ms | max ms |");
            output.WriteLine("|---|---:|---:|---:|---:|");
            foreach (var (name, samples) in latencies.OrderBy(l => l.Key, StringComparer.Ordinal))
            {
                var sorted = samples.Order().ToArray();
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {sorted.Length} | {Percentile(sorted, 0.50):F1} | {Percentile(sorted, 0.99):F1} | {sorted[^1]:F1} |"));
            }

            Assert.True(errors.IsEmpty, string.Join("\n", errors.Take(10)));
            Assert.True(end <= third * 2 + 64 * 1024 * 1024, $"The working set grew from {Mb(third)} at 1/3 to {Mb(end)} at the end.");
            Assert.Equal(7, latencies.Count);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>The i-th request of worker w: mostly reads, a write in four, signed and public.</summary>
    private static (string Name, Func<PortalClient, Task> Send) Mix(TestAccount user, int w, int i) => (i % 8) switch
    {
        0 or 4 => ("Publish escrow", c => c.SendAsync<PublishResponse>(new PublishRequest { Entry = TestAccount.EscrowFor($"soak-{w}-{i}") }, user.Signer())),
        1 => ("Get account", c => c.SendAsync<GetResponse>(new GetRequest { Account = user.Account, Full = true })),
        2 => ("Hello", c => c.SendAsync<HelloResponse>(new HelloRequest())),
        3 => ("Status", c => c.SendAsync<StatusResponse>(new StatusRequest { ConsistencyFrom = 1 })),
        5 => ("Transfer", c => c.SendAsync<TransferResponse>(new TransferRequest { SearchConstraints = new SearchConstraints { PageKey = (i % 50).ToString(CultureInfo.InvariantCulture), MaxEntries = 20 } })),
        6 => ("ConnectPending", c => c.SendAsync<ConnectPendingResponse>(new ConnectPendingRequest { AccountID = user.Account }, user.Signer())),
        _ => ("Get escrow", c => c.SendAsync<GetResponse>(new GetRequest { Identifier = TestAccount.EscrowFor("soak-escrow").Identifier })),
    };

    private static long Median(IEnumerable<(TimeSpan At, long Bytes)> samples)
    {
        var sorted = samples.Select(s => s.Bytes).Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:F0} MB");
}
