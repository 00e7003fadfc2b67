// Draft section 6: what an administering device makes of a connection request, and of accepting it.
using Mesh.Client.Home;
using Mesh.Cryptography;
using Mesh.Profiles;
using Mesh.Schema;

namespace Mesh.Client;

/// <summary>Checks pending connection requests and builds the profile that admits one.</summary>
internal static class PendingRequests
{
    /// <summary>
    /// Verifies a request as the portal listed it: its device profile is self-signed and the device
    /// signed the request. Computes its witness code for this profile and checks its PIN against the
    /// PINs issued here. Never throws for a bad request: it comes back with a <see cref="PendingRequest.Problem"/>.
    /// </summary>
    public static PendingRequest Examine(SignedConnectionRequest signed, string? transactionId, VerifiedPersonalProfile profile,
        IReadOnlyList<IssuedPin> pins, DateTimeOffset now)
    {
        ConnectionRequest request;
        VerifiedDevice device;
        try
        {
            var claimed = SignedPayload.ReadUnverified<ConnectionRequest>(signed.SignedData);
            device = ProfileVerifier.VerifyDevice(claimed.Device ?? throw new MeshException("The request carries no device profile."), now);
            request = SignedPayload.Verify<ConnectionRequest>(signed.SignedData, device.SignatureKey, "connection request");
        }
        catch (MeshException e)
        {
            return new PendingRequest(signed.Identifier ?? "(no identifier)", null, null, transactionId, PinCheck.None, $"it does not verify: {e.Message}");
        }

        // The witness uses this device's own profile identifier: a request for another profile shows another code.
        var hasNonce = Udf.IsNonce(request.DeviceNonce);
        var witness = hasNonce && !string.IsNullOrEmpty(transactionId)
            ? Witness.Compute(profile.Identifier, device.Identifier, request.DeviceNonce!, transactionId)
            : null;
        var problem = !Udf.AreEqual(request.ParentUDF, profile.Identifier)
            ? $"it asks to join profile {request.ParentUDF}, not this one ({profile.Identifier})"
            // Without the device's nonce there is no witness code to compare, so nothing ties the request to the user's device.
            : !hasNonce ? "it carries no DeviceNonce that is a nonce UDF, so it has no witness code"
            : null;
        var (pin, pinUdf) = CheckPin(request, profile, device, pins, now);
        return new PendingRequest(device.Identifier, device.Profile.Description, witness, transactionId, pin, problem)
        {
            Request = request,
            PinUdf = pinUdf,
        };
    }

    /// <summary>
    /// The next version of the profile with the device added (<see cref="PersonalProfiles.AddDevice"/>'s
    /// rule: any older profile of the same device is replaced) and listed in SignID and DecryptID of every
    /// application except the administration entry, in one version so the device and its access arrive together.
    /// </summary>
    public static SignedPersonalProfile Grant(VerifiedPersonalProfile current, SignedDeviceProfile device, KeyPair onlineKey, DateTimeOffset now)
    {
        var id = device.Identifier!;
        static IReadOnlyList<string> With(IReadOnlyList<string>? ids, string id) =>
            [.. (ids ?? []).Where(x => !Udf.AreEqual(x, id)), id];
        var applications = current.Applications.Select(a => a.Type == Administration.Type ? a : a with
        {
            SignID = With(a.SignID, id),
            DecryptID = With(a.DecryptID, id),
        });
        var next = current.Profile with
        {
            Updated = PersonalProfiles.NextUpdated(current.Updated, now),
            Devices = [.. current.Devices.Where(d => !Udf.AreEqual(d.Identifier, id)).Select(d => d.SignedForm), device],
            Applications = [.. applications],
        };
        return PersonalProfiles.Sign(next, onlineKey);
    }

    private static (PinCheck, string?) CheckPin(ConnectionRequest request, VerifiedPersonalProfile profile, VerifiedDevice device,
        IReadOnlyList<IssuedPin> pins, DateTimeOffset now)
    {
        if (request.PinKey is null && request.PinAuthenticator is null) return (PinCheck.None, null);
        if (request.DeviceNonce is null
            || !ConnectionPin.Verify(request.PinKey, request.PinAuthenticator, profile.Identifier, device.Identifier, request.DeviceNonce, out var keyUdf))
            return (PinCheck.Unknown, null);
        var issued = pins.FirstOrDefault(p => Udf.AreEqual(p.PinUdf, keyUdf));
        return issued switch
        {
            null => (PinCheck.Unknown, null),
            { Used: true } => (PinCheck.Used, null),
            _ when issued.Expires <= now => (PinCheck.Expired, null),
            _ => (PinCheck.Valid, issued.PinUdf),
        };
    }
}
