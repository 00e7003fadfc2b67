using System.Diagnostics;

namespace Mesh.LoadTest;

/// <summary>One measured scenario.</summary>
internal sealed record ScenarioResult(string Name, long Requests, long Errors, double Throughput, double P50, double P99);

/// <summary>
/// Runs one scenario: each worker sends requests back to back, first for the warm-up (not
/// measured: the portal's code is still being compiled), then for the duration; latencies are kept whole.
/// </summary>
internal static class Scenario
{
    public static async Task<ScenarioResult> RunAsync(string name, LoadOptions options, Func<int, Task> request)
    {
        if (options.Warmup > 0)
        {
            Console.Error.WriteLine($"{name}: warming up for {options.Warmup} s…");
            await MeasureAsync(name, options with { Duration = options.Warmup }, request).ConfigureAwait(false);
        }
        return await MeasureAsync(name, options, request).ConfigureAwait(false);
    }

    private static async Task<ScenarioResult> MeasureAsync(string name, LoadOptions options, Func<int, Task> request)
    {
        Console.Error.WriteLine($"{name}: {options.Duration} s with {options.Concurrency} workers…");
        var latencies = new List<double>[options.Concurrency];
        long errors = 0;
        var stop = Stopwatch.StartNew();
        var end = TimeSpan.FromSeconds(options.Duration);
        var workers = Enumerable.Range(0, options.Concurrency).Select(async worker =>
        {
            var mine = latencies[worker] = [];
            while (stop.Elapsed < end)
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    await request(worker).ConfigureAwait(false);
                    mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
                catch (Exception e) when (e is MeshException or HttpRequestException or TaskCanceledException)
                {
                    if (Interlocked.Increment(ref errors) <= 3) Console.Error.WriteLine($"  error: {e.Message}");
                }
            }
        }).ToList();
        await Task.WhenAll(workers).ConfigureAwait(false);
        var elapsed = stop.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        double At(double q) => all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)(q * all.Length))];
        return new ScenarioResult(name, all.Length, errors, all.Length / elapsed, At(0.50), At(0.99));
    }
}
