using System.Globalization;
using Mesh.Client.Portal;
using Mesh.LoadTest;
using Mesh.Schema;
using Mesh.Transparency;

// mesh-load --url URL[,URL…] --domain NAME [--accounts 64] [--seed 100000] [--duration 15] [--concurrency 64]
//           [--scenarios hello,get,publish,tiles,bundles] [--presign N] [--warmup 3] [--label TEXT] [--alternate]
// With several URLs (portal processes sharing one database) the workers take them in turn, each account
// publishing through one of them (as a device's keep-alive connection would), or with --alternate each of its
// successive updates through the next; --label adds a first column.
// Creates accounts, grows the log to --seed entries, then runs Hello, Get-by-account and Publish
// (a verified personal profile update, acknowledged only once durable) for --warmup seconds
// unmeasured and then --duration seconds each,
// GETs of full hash tiles and entry bundles (C2SP tlog-tiles, round robin over every full one the log has),
// and prints requests, errors, throughput and p50/p99 latency as a Markdown table. Request bodies
// are serialized, and profile updates signed (--presign in all, default 3,000 per second of the
// run), before the clock starts; answers are checked by HTTP status.
var options = LoadOptions.Parse(args);
using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency * 2, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
using var client = new PortalClient(options.Domain, new Uri(options.Urls[0]), http);
var portals = options.Urls.Select(url => new RawPortal(http, new Uri(url), options.Domain)).ToArray();
var raw = portals[0];
RawPortal At(int worker) => portals[worker % portals.Length];

Console.Error.WriteLine($"Creating {options.Accounts} accounts…");
var users = await Users.CreateAsync(client, options.Accounts, options.Domain);
Console.Error.WriteLine($"Growing the log to {options.Seed} entries…");
var seeded = await Seeder.GrowAsync(client, users, options.Seed);
Console.Error.WriteLine($"Log holds about {seeded} entries.");

var results = new List<ScenarioResult>();
if (options.Scenarios.Contains("hello"))
{
    var hello = raw.Body(new HelloRequest());
    results.Add(await Scenario.RunAsync("Hello", options, worker => At(worker).PostAsync(hello, 200)));
}
if (options.Scenarios.Contains("get"))
{
    var gets = users.Select(u => raw.Body(new GetRequest { Account = u.Account })).ToArray();
    results.Add(await Scenario.RunAsync("Get by account", options, worker => At(worker).PostAsync(gets[worker % gets.Length], 200)));
}
if (options.Scenarios.Contains("tiles") || options.Scenarios.Contains("bundles"))
{
    // Every full tile of the log as it is now: GETs of them are reads of immutable bytes.
    var size = (await client.SendAsync<StatusResponse>(new StatusRequest())).LogSize ?? 0;
    var full = Math.Max(1, size / TilePath.FullWidth);
    if (options.Scenarios.Contains("tiles"))
    {
        var tiles = Enumerable.Range(0, (int)Math.Min(full, 4096)).Select(n => "mmm/" + TilePath.Hashes(0, n)).ToArray();
        results.Add(await Scenario.RunAsync("GET hash tile (8 KiB)", options, worker => At(worker).GetAsync(tiles[Random.Shared.Next(tiles.Length)])));
    }
    if (options.Scenarios.Contains("bundles"))
    {
        var bundles = Enumerable.Range(0, (int)Math.Min(full, 4096)).Select(n => "mmm/" + TilePath.Bundle(TileKind.MeshEntries, n)).ToArray();
        results.Add(await Scenario.RunAsync("GET entry bundle (256 entries)", options, worker => At(worker).GetAsync(bundles[Random.Shared.Next(bundles.Length)])));
    }
}
if (options.Scenarios.Contains("publish"))
{
    var publishers = options with { Concurrency = Math.Min(options.Concurrency, users.Count) };
    var each = (options.Presign ?? (options.Duration + options.Warmup) * 3000) / publishers.Concurrency + 1;
    Console.Error.WriteLine($"Signing {each} profile updates for each of {publishers.Concurrency} accounts…");
    Parallel.ForEach(users.Take(publishers.Concurrency), user => user.SignUpdates(each));
    results.Add(await Scenario.RunAsync("Publish profile update", publishers, worker => users[worker].PublishUpdateAsync(portals, worker, options.Alternate, options.Domain)));
}
Console.WriteLine($"Log of about {seeded} entries, {options.Concurrency} concurrent clients, {options.Duration} s per scenario, {portals.Length} portal URL(s).");
Console.WriteLine();
var (setup, rule) = options.Label is null ? ("", "") : ("| setup ", "|---");
Console.WriteLine($"{setup}| scenario | requests | errors | requests/s | p50 ms | p99 ms |");
Console.WriteLine($"{rule}|---|---:|---:|---:|---:|---:|");
foreach (var r in results)
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{(options.Label is null ? "" : $"| {options.Label} ")}| {r.Name} | {r.Requests} | {r.Errors} | {r.Throughput:F0} | {r.P50:F2} | {r.P99:F2} |"));
return results.Any(r => r.Errors > 0) ? 1 : 0;
