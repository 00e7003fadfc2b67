using Mesh.Client.Portal;
using Mesh.Portal.Storage.Postgres;
using Mesh.Portal.Tests.EndToEnd;
using Mesh.Schema;
using Xunit.Abstractions;

namespace Mesh.Portal.Tests.Reliability;

/// <summary>
/// The database goes away under load: the portal answers 503 with Retry-After while it is gone,
/// never 500, keeps running, serves again by itself once the database is back, and has lost
/// nothing it acknowledged; so do two processes sharing the database.
/// </summary>
public sealed class FaultTests(ITestOutputHelper output)
{
    [PrivatePostgresFact]
    public Task While_PostgreSQL_is_down_every_request_that_needs_it_is_503_and_after_it_returns_nothing_acknowledged_is_lost() =>
        RestartUnderLoadAsync(processes: 1);

    [PrivatePostgresFact]
    public Task Two_processes_on_one_database_ride_out_its_restarts_the_same_way() => RestartUnderLoadAsync(processes: 2);

    // Half the writers publish through each process; each process is probed while the database is down.
    private async Task RestartUnderLoadAsync(int processes)
    {
        using var postgres = PrivatePostgres.Start();
        var data = Path.Combine(Path.GetTempPath(), "mesh-fault-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        var portals = new List<PortalProcess>();
        var clients = new List<PortalClient>();
        try
        {
            for (var i = 0; i < processes; i++)
            {
                portals.Add(await PortalProcess.StartAsync(Path.Combine(data, $"p{i}"), "--database", postgres.ConnectionString,
                    "--checkpoint-key", Path.Combine(data, "checkpoint-key.p8"), "--checkpoint-interval-ms", "100"));
                clients.Add(new PortalClient(TestPortal.Domain, portals[i].Address));
            }
            using var load = new PublishLoad(workers: 4);
            await load.CreateAccountsAsync(clients[0]);
            using var stop = new CancellationTokenSource();
            var worker = 0;
            var running = load.RunAsync(() => new PortalClient(TestPortal.Domain, portals[Interlocked.Increment(ref worker) % processes].Address), stop.Token);
            await Task.Delay(1000);

            // A crash of the database, then an administrator's restart.
            var down = new Dictionary<string, int>();
            foreach (var mode in new[] { "immediate", "fast" })
            {
                postgres.Stop(mode);
                var clock = System.Diagnostics.Stopwatch.StartNew();
                for (var i = 0; i < 5; i++)
                {
                    // The processes in turn.
                    var client = clients[i % processes];
                    foreach (var (name, send) in Probes(load.Users[0]))
                    {
                        var answer = $"{name} {await StatusAsync(() => send(client))}";
                        down[answer] = down.GetValueOrDefault(answer) + 1;
                    }
                    Assert.Equal(200, await StatusAsync(() => client.SendAsync<HelloResponse>(new HelloRequest())));
                    await Task.Delay(100);
                }
                output.WriteLine($"stopped ({mode}): probed for {clock.Elapsed.TotalSeconds:F1} s");

                postgres.Restart();
                foreach (var client in clients)
                {
                    var recovered = await RecoveredWithinAsync(client, load.Users[0], TimeSpan.FromSeconds(30));
                    output.WriteLine($"stopped ({mode}), restarted: served writes again after {recovered.TotalSeconds:F1} s");
                }
                await Task.Delay(1000);
            }
            await stop.CancelAsync();
            await running;
            foreach (var client in clients) await CrashScenario.VerifyServedAsync(client, load, new Random(3));
            foreach (var portal in portals) portal.Stop();

            output.WriteLine($"{processes} process(es), while down: {string.Join(", ", down.Select(d => $"{d.Key} x{d.Value}"))}");
            output.WriteLine($"load: {load.Tried} writes tried, {load.Acknowledged.Count} acknowledged, refusals by status: {string.Join(", ", load.Refusals.Select(r => $"{r.Key}: {r.Value}"))}");
            Assert.All(down.Keys, k => Assert.EndsWith(" 503", k, StringComparison.Ordinal));
            Assert.All(load.Refusals.Keys, status => Assert.Equal(503, status));
            Assert.True(load.Refusals.GetValueOrDefault(503) > 0, "The load saw no 503: the database was not down while it ran.");
            using var store = new PostgresPortalStore(postgres.ConnectionString);
            load.VerifyStore(store);
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
            foreach (var portal in portals) portal.Dispose();
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>A write, and reads that need the database, as a device of <paramref name="user"/>.</summary>
    private static (string Name, Func<PortalClient, Task> Send)[] Probes(TestAccount user) =>
    [
        ("Publish", c => c.SendAsync<PublishResponse>(new PublishRequest { Entry = TestAccount.EscrowFor("probe-" + Guid.NewGuid().ToString("N")) }, user.Signer())),
        ("Get", c => c.SendAsync<GetResponse>(new GetRequest { Account = user.Account })),
        ("Status", c => c.SendAsync<StatusResponse>(new StatusRequest())),
        ("Transfer", c => c.SendAsync<TransferResponse>(new TransferRequest())),
        ("ConnectPending", c => c.SendAsync<ConnectPendingResponse>(new ConnectPendingRequest { AccountID = user.Account }, user.Signer())),
    ];

    /// <summary>The Mesh status a request was answered with.</summary>
    private static async Task<int> StatusAsync(Func<Task> send)
    {
        try
        {
            await send();
            return 200;
        }
        catch (MeshException e)
        {
            return (int)e.Status;
        }
    }

    /// <summary>How long it took until a write was acknowledged again.</summary>
    private static async Task<TimeSpan> RecoveredWithinAsync(PortalClient client, TestAccount user, TimeSpan limit)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var status = await StatusAsync(() => Probes(user)[0].Send(client));
            if (status == 200) return clock.Elapsed;
            Assert.Equal(503, status);
            Assert.True(clock.Elapsed < limit, $"The portal did not serve writes again within {limit.TotalSeconds} s of the database's return.");
            await Task.Delay(200);
        }
    }
}
