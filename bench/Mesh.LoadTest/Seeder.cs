using Mesh.Client.Portal;
using Mesh.Schema;

namespace Mesh.LoadTest;

/// <summary>Grows the log with small escrow entries (signed requests), so that the scenarios run against a large log.</summary>
internal static class Seeder
{
    public static async Task<long> GrowAsync(PortalClient client, List<User> users, int target)
    {
        var head = await LogSizeAsync(client);
        var needed = Math.Max(0, target - head);
        long done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, (int)needed), new ParallelOptions { MaxDegreeOfParallelism = Math.Min(64, users.Count) }, async (i, cancel) =>
        {
            var user = users[i % users.Count];
            var jwe = new JoseWebEncryption { Ciphertext = Mesh.Encoding.Base64Url.Encode(Guid.NewGuid().ToByteArray()) };
            var entry = new OfflineEscrowEntry { Identifier = Mesh.Escrow.OfflineEscrow.EscrowIdentifier(jwe), EncryptedData = jwe };
            await client.SendAsync<PublishResponse>(new PublishRequest { Entry = entry }, user.Signer, cancel);
            if (Interlocked.Increment(ref done) % 10_000 == 0) Console.Error.WriteLine($"  {done} / {needed}");
        });
        return head + done;
    }

    private static async Task<long> LogSizeAsync(PortalClient client)
    {
        var status = await client.SendAsync<StatusResponse>(new StatusRequest());
        return status.LogSize ?? throw new InvalidOperationException("The portal's Status does not say how large its log is.");
    }
}
