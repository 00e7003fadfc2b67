using Mesh.Client.Portal;
using Mesh.Portal.Storage.Postgres;
using Mesh.Portal.Tests.EndToEnd;
using Mesh.Schema;
using Xunit.Abstractions;

namespace Mesh.Portal.Tests.Reliability;

/// <summary>
/// The database goes away under load: the portal answers 503 with Retry-After while it is gone,
/// never 500, keeps running, serves again by itself once the database is back, and has lost
/// nothing it acknowledged.
/// </summary>
public sealed class FaultTests(ITestOutputHelper output)
{
    [PrivatePostgresFact]
    public async Task While_PostgreSQL_is_down_every_request_that_needs_it_is_503_and_after_it_returns_nothing_acknowledged_is_lost()
    {
        using var postgres = PrivatePostgres.Start();
        var data = Path.Combine(Path.GetTempPath(), "mesh-fault-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        try
        {
            using var process = await PortalProcess.StartAsync(data, "--database", postgres.ConnectionString,
                "--checkpoint-key", Path.Combine(data, "checkpoint-key.p8"), "--checkpoint-interval-ms", "100");
            using var client = new PortalClient(TestPortal.Domain, process.Address);
            using var load = new PublishLoad(workers: 4);
            await load.CreateAccountsAsync(client);
            using var stop = new CancellationTokenSource();
            var running = load.RunAsync(() => new PortalClient(TestPortal.Domain, process.Address), stop.Token);
            await Task.Delay(1000);

            // A crash of the database, then an administrator's restart.
            var down = new Dictionary<string, int>();
            foreach (var mode in new[] { "immediate", "fast" })
            {
                postgres.Stop(mode);
                for (var i = 0; i < 5; i++)
                {
                    foreach (var (name, send) in Probes(load.Users[0]))
                    {
                        var answer = $"{name} {await StatusAsync(() => send(client))}";
                        down[answer] = down.GetValueOrDefault(answer) + 1;
                    }
                    await Task.Delay(100);
                }
                Assert.Equal(200, await StatusAsync(() => client.SendAsync<HelloResponse>(new HelloRequest())));

                postgres.Restart();
                var recovered = await RecoveredWithinAsync(client, load.Users[0], TimeSpan.FromSeconds(30));
                output.WriteLine($"stopped ({mode}), restarted: served writes again after {recovered.TotalSeconds:F1} s");
                await Task.Delay(1000);
            }
            await stop.CancelAsync();
            await running;
            process.Stop();

            output.WriteLine($"while down: {string.Join(", ", down.Select(d => $"{d.Key} x{d.Value}"))}");
            output.WriteLine($"load: {load.Tried} writes tried, {load.Acknowledged.Count} acknowledged, refusals by status: {string.Join(", ", load.Refusals.Select(r => $"{r.Key}: {r.Value}"))}");
            Assert.All(down.Keys, k => Assert.EndsWith(" 503", k, StringComparison.Ordinal));
            Assert.All(load.Refusals.Keys, status => Assert.Equal(503, status));
            Assert.True(load.Refusals.GetValueOrDefault(503) > 0, "The load saw no 503: the database was not down while it ran.");
            using var store = new PostgresPortalStore(postgres.ConnectionString);
            load.VerifyStore(store);
        }
        finally
        {
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
