// Draft sections 3.4 and 7.9: publishing a new version of the personal profile, and what follows from it.
using Mesh.Client.Portal;
using Mesh.Cryptography;
using Mesh.Profiles;
using Mesh.Schema;

namespace Mesh.Client;

public sealed partial class MeshDevice
{
    /// <summary>The master's keys; 401 on a device that does not hold them.</summary>
    private MasterSecrets RequireMaster() => Master
        ?? throw new MeshException(MeshStatus.ClientUnauthorized,
            $"The device in {Home.Folder} does not hold the profile's online signing key; only an administering device (the one that created the profile) can change it.");

    private KeyPair OnlineKey => RequireMaster().OnlineKeys[0];

    /// <summary>
    /// Publishes the version <paramref name="change"/> makes of the latest verified profile, BasedOn
    /// the transaction that published that one (null from <paramref name="change"/>: nothing to do).
    /// When the portal answers 409 because the profile changed meanwhile, syncs and makes the change
    /// again on the new latest version, once. Syncs afterwards, so the profile kept is the one published.
    /// </summary>
    private async Task<(VerifiedPersonalProfile Before, string Transaction, bool Retried)> UpdateProfileAsync(
        PortalClient client, Func<VerifiedPersonalProfile, SignedPersonalProfile?> change, CancellationToken cancel)
    {
        for (var attempt = 0; ; attempt++)
        {
            var before = Profile;
            var next = WithNotaryToken(change(before), client.Portal);
            if (next is null) return (before, Home.ReadState().ProfileTransaction!, attempt > 0);
            try
            {
                await Trust.PublishAsync(client, next, Home.ReadState().ProfileTransaction, null, cancel).ConfigureAwait(false);
            }
            catch (MeshException e) when (e.Status == MeshStatus.AlreadyExists && attempt == 0)
            {
                await SyncAsync(cancel).ConfigureAwait(false);
                continue;
            }
            var synced = await SyncAsync(cancel).ConfigureAwait(false);
            return (before, synced.TransactionId, attempt > 0);
        }
    }

    /// <summary>
    /// The version with the last checkpoint this device verified of the portal as its NotaryToken
    /// (draft 5.1.3): evidence that the profile was signed after that state of the log existed.
    /// </summary>
    private SignedPersonalProfile? WithNotaryToken(SignedPersonalProfile? next, string portal)
    {
        if (next is null || Home.ReadState().Checkpoints?.GetValueOrDefault(portal) is not { } checkpoint) return next;
        var payload = SignedPayload.ReadUnverified<PersonalProfile>(next.SignedData);
        return PersonalProfiles.Sign(payload with { NotaryToken = checkpoint.Checkpoint }, OnlineKey);
    }

    /// <summary>
    /// Seals again, for the devices <paramref name="after"/> lists, the latest published version of
    /// every application <paramref name="which"/> selects (never the administration entry). Returns how
    /// many were sealed and, for the user, why any was left as it was.
    /// </summary>
    private async Task<(int Resealed, List<string> Warnings)> ResealAsync(PortalClient client, VerifiedPersonalProfile before,
        VerifiedPersonalProfile after, Func<ApplicationProfileEntry, bool> which, CancellationToken cancel)
    {
        var (resealed, warnings) = (0, new List<string>());
        foreach (var entry in after.Applications.Where(a => a.Type != Administration.Type && which(a)))
        {
            var name = $"{entry.Type} {entry.Friendly ?? entry.Identifier}";
            var leftAsItWas = "its published version stays as it was until a device that can read it writes it again";
            if (!Lists(before.FindApplication(entry.Identifier)?.DecryptID, Device.Identifier) || !Lists(entry.SignID, Device.Identifier))
            {
                warnings.Add($"{name}: this device cannot both read and sign it, so {leftAsItWas}.");
                continue;
            }
            var latest = await FetchApplicationAsync(client, before, entry.Identifier!, cancel).ConfigureAwait(false);
            if (latest is null) continue; // Listed, never published: nothing to seal.

            SignedApplicationProfile? next;
            try
            {
                next = ApplicationResealer.Reseal(entry.Type, before, after, latest.Entry, Device, Clock.GetUtcNow());
            }
            catch (Exception e) when (e is MeshException or ArgumentException)
            {
                warnings.Add($"{name}: {e.Message} So {leftAsItWas}.");
                continue;
            }
            if (next is null)
            {
                warnings.Add($"{name}: this implementation does not know the application type, so {leftAsItWas}.");
                continue;
            }
            string acknowledged;
            try
            {
                acknowledged = await Trust.PublishAsync(client, next, latest.TransactionId, Signer, cancel).ConfigureAwait(false);
            }
            catch (MeshException e) when (e.Status == MeshStatus.AlreadyExists)
            {
                warnings.Add($"{name}: another device wrote it meanwhile, so it was not sealed again here; run this again to seal its new version.");
                continue;
            }
            // Remember the transaction with the version, so the next change is BasedOn it; the next read must include it.
            Home.WriteCached(next, acknowledged);
            resealed++;
        }
        return (resealed, warnings);
    }

    private static bool Lists(IEnumerable<string>? ids, string id) => ids?.Any(x => Udf.AreEqual(x, id)) == true;
}
