using Mesh.Protocol;
using System.Collections.Concurrent;
using Mesh.Client.Portal;
using Mesh.Portal.Log;
using Mesh.Portal.Storage;
using Mesh.Schema;
using Mesh.Schema.Json;
using Mesh.Transparency;

namespace Mesh.Portal.Tests.Reliability;

/// <summary>
/// A publish load on a portal and the bookkeeping of what it acknowledged: each worker publishes
/// escrow entries with fresh identifiers as one account, without retrying, so every 2xx names
/// exactly one write that must be in the log for ever after. A write that failed may or may not
/// have been kept; nothing is concluded from it.
/// </summary>
public sealed class PublishLoad : IDisposable
{
    private readonly ConcurrentDictionary<string, long> _acknowledged = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, int> _refusals = new();
    private long _tried;
    private long _sequence;

    public PublishLoad(int workers) => Users = [.. Enumerable.Range(0, workers).Select(i => new TestAccount($"writer{i}"))];

    public IReadOnlyList<TestAccount> Users { get; }

    /// <summary>Identifier → log index of every acknowledged write.</summary>
    public IReadOnlyDictionary<string, long> Acknowledged => _acknowledged;

    /// <summary>Requests made, acknowledged or not.</summary>
    public long Tried => Interlocked.Read(ref _tried);

    /// <summary>Answers other than 2xx, by status (0: no answer, the connection failed).</summary>
    public IReadOnlyDictionary<int, int> Refusals => _refusals;

    /// <summary>Creates the writers' accounts (acknowledged writes too).</summary>
    public async Task CreateAccountsAsync(PortalClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        foreach (var user in Users)
        {
            var created = await user.CreateAsync(client);
            Acknowledge(user.Profile.Identifier!, created.TransactionID);
        }
    }

    /// <summary>Publishes from every worker until <paramref name="stop"/> is cancelled or the portal stops answering for good.</summary>
    public Task RunAsync(Func<PortalClient> client, CancellationToken stop) =>
        Task.WhenAll(Users.Select(user => Task.Run(async () =>
        {
            using var portal = client();
            while (!stop.IsCancellationRequested)
            {
                var entry = TestAccount.EscrowFor($"escrow-{user.Account}-{Interlocked.Increment(ref _sequence)}");
                var identifier = entry.Identifier!;
                Interlocked.Increment(ref _tried);
                try
                {
                    var answer = await portal.SendAsync<PublishResponse>(new PublishRequest { Entry = entry }, user.Signer(), CancellationToken.None);
                    Acknowledge(identifier, answer.TransactionID);
                }
                catch (MeshException e)
                {
                    _refusals.AddOrUpdate((int)e.Status, 1, (_, n) => n + 1);
                    await Task.Delay(20, CancellationToken.None);
                }
                catch (HttpRequestException)
                {
                    // The portal is down (killed, or restarting): wait for it.
                    _refusals.AddOrUpdate(0, 1, (_, n) => n + 1);
                    await Task.Delay(20, CancellationToken.None);
                }
            }
        }, CancellationToken.None)));

    private void Acknowledge(string identifier, string? transaction)
    {
        if (!TransactionIds.TryParse(transaction, TestPortal.Domain, out var index))
            throw new InvalidOperationException($"An acknowledged write has no transaction id of this portal: '{transaction}'.");
        _acknowledged[identifier] = index;
    }

    /// <summary>
    /// Checks a store against what was acknowledged: every acknowledged write is at its index with its
    /// identifier, the log has no gap, and the derived state equals a rebuild from the log. Rebuilds the
    /// store's derived state in place: use it only on a store no process serves any more.
    /// </summary>
    public void VerifyStore(IPortalStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var size = store.ReadHead().Size;
        var log = new List<LogRow>();
        while (log.Count < size) log.AddRange(store.ReadLog(log.Count, 1000));
        Assert.Equal(Enumerable.Range(0, (int)size).Select(i => (long)i), log.Select(r => r.Index));
        foreach (var (identifier, index) in _acknowledged)
        {
            Assert.True(index < size, $"Acknowledged write {identifier} at {index} is beyond the log's end ({size}).");
            var record = TaggedJson.Deserialize<LogRecord>(log[(int)index].Leaf);
            var found = record.Entry switch { AccountProfile account => account.UserProfileUDF, Entry entry => entry.Identifier, _ => null };
            Assert.Equal(identifier, found);
        }
        var live = store.DumpDerivedState();
        StateRebuilder.Rebuild(store);
        Assert.Equal(live, store.DumpDerivedState());
    }

    /// <summary>Checks that each signed checkpoint seen is consistent with the portal's current tree.</summary>
    public static async Task VerifyCheckpointsAsync(PortalClient client, Cryptography.PublicKeyInfo key, IEnumerable<Checkpoint> seen)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(seen);
        foreach (var known in seen.Where(c => c.TreeSize > 0).DistinctBy(c => c.TreeSize))
        {
            var status = await client.SendAsync<StatusResponse>(new StatusRequest { ConsistencyFrom = known.TreeSize });
            var now = SignedCheckpoints.Verify(status.CheckpointValue!, key, TestPortal.Domain);
            LogMonitor.Advance(known, now, status.ConsistencyProof);
        }
    }

    public void Dispose()
    {
        foreach (var user in Users) user.Dispose();
    }
}
