using Mesh.Client.Portal;
using Mesh.Profiles;
using Mesh.Schema;
using Mesh.Schema.Json;

namespace Mesh.Client;

public sealed partial class MeshDevice
{
    /// <summary>Where warnings for the user go (a moved portal, a busy portal, stale data).</summary>
    public Action<string>? Notice { get; init; }

    /// <summary>
    /// Lets a client follow its portal when it moves (draft 7.2.3), but only to a portal that
    /// serves the account's profile verifying under the same master key as the one this device
    /// holds; on a permanent move the new address is remembered.
    /// </summary>
    private PortalClient Watch(PortalClient client, string account)
    {
        client.Notice = Notice;
        client.ApproveMove = async (uri, permanent) =>
        {
            if (Home.ReadProfile() is null) return false;
            var master = Profile.Master.SigningKey;
            using var probe = new PortalClient(client.Portal, uri, Http) { Clock = Clock };
            try
            {
                var get = await probe.SendAsync<GetResponse>(new GetRequest { Account = account }).ConfigureAwait(false);
                if (get.DataItems is not [{ Entry: SignedPersonalProfile served }, ..]) return false;
                var verified = ProfileVerifier.Verify(TaggedJson.Serialize(served), null, Clock.GetUtcNow(), Verification);
                if (!verified.Master.SigningKey.Equals(master)) return false;
            }
            catch (MeshException)
            {
                return false;
            }
            if (permanent && Home.ReadState().Account == account)
            {
                Home.WriteState(Home.ReadState() with { PortalUrl = uri.ToString() });
                Notice?.Invoke($"the portal of {account} has moved permanently to {uri}; this device will use it from now on.");
            }
            return true;
        };
        return client;
    }
}
