using Mesh.Profiles;
using Mesh.Schema;

namespace Mesh.Portal.Tests.Transactions;

/// <summary>The portal's part of the witness code: the transaction recording each request (docs/connecting-devices.md).</summary>
public sealed class ConnectWitnessInputTests
{
    [Fact]
    public async Task ConnectStart_and_ConnectPending_name_the_same_transaction_for_a_request()
    {
        await using var portal = await TestPortal.StartAsync();
        using var client = portal.Client();
        using var alice = new TestAccount("alice");
        await alice.CreateAsync(client);
        using var phone = DeviceSecrets.Create("phone", DateTimeOffset.UtcNow);
        using var tablet = DeviceSecrets.Create("tablet", DateTimeOffset.UtcNow);

        var started = new List<string>();
        foreach (var device in new[] { phone, tablet })
        {
            var request = new ConnectionRequest { ParentUDF = alice.Verified.Identifier, Device = device.Profile, DeviceNonce = Udf.Nonce() };
            var signed = new SignedConnectionRequest { Identifier = device.Identifier, SignedData = SignedPayload.Sign(request, device.SignatureKey) };
            var response = await client.SendAsync<ConnectStartResponse>(new ConnectStartRequest { AccountID = alice.Account, SignedRequest = signed });
            started.Add(Assert.IsType<string>(response.TransactionID));
        }
        Assert.NotEqual(started[0], started[1]);

        // One per page, so the page key carries the order on.
        var listed = new List<(string Device, string Transaction)>();
        string? page = null;
        do
        {
            var pending = await client.SendAsync<ConnectPendingResponse>(new ConnectPendingRequest
            {
                AccountID = alice.Account,
                SearchConstraints = new SearchConstraints { MaxEntries = 1, PageKey = page },
            }, alice.Signer());
            Assert.Equal(pending.Pending!.Count, pending.TransactionIDs!.Count);
            listed.AddRange(pending.Pending.Select((p, i) => (p.Identifier!, pending.TransactionIDs[i])));
            page = pending.PageKey;
        }
        while (page is not null);

        Assert.Equal([(phone.Identifier, started[0]), (tablet.Identifier, started[1])], listed);
    }
}
