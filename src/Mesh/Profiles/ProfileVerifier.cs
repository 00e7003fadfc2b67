using Mesh.Cryptography;
using Mesh.Schema;
using Mesh.Schema.Json;

namespace Mesh.Profiles;

/// <summary>
/// Verifies the chain of trust of draft sections 3.3 to 3.5 from the bytes alone: the master
/// profile is signed by the master signing key its self-signed CA certificate presents; every
/// online and escrow key is certified by it; the personal profile is signed by one of those
/// online keys; every device profile is signed by its own signature key, which certifies its
/// authentication and encryption keys; every identifier is the UDF the draft says; and, against a
/// version seen before, the master key is the same and <c>Updated</c> does not go backwards.
/// </summary>
public static class ProfileVerifier
{
    /// <summary>Verifies a SignedPersonalProfile given as tagged JSON; throws <see cref="MeshException"/> with the reason.</summary>
    public static VerifiedPersonalProfile Verify(ReadOnlySpan<byte> signedPersonalProfile, VerifiedPersonalProfile? previous, DateTimeOffset now,
        VerificationCache? cache = null) =>
        TryVerify(signedPersonalProfile, previous, now, out var profile, out var problem, cache) ? profile! : throw problem!.ToMeshException();

    /// <summary>Verifies a SignedPersonalProfile given as tagged JSON; false with the problem when any check fails.</summary>
    public static bool TryVerify(ReadOnlySpan<byte> signedPersonalProfile, VerifiedPersonalProfile? previous, DateTimeOffset now,
        out VerifiedPersonalProfile? profile, out ProfileProblem? problem, VerificationCache? cache = null)
    {
        SignedPersonalProfile signedProfile;
        try
        {
            signedProfile = TaggedJson.Deserialize<SignedPersonalProfile>(signedPersonalProfile);
        }
        catch (MeshException e)
        {
            (profile, problem) = (null, new ProfileProblem(ProfileFailure.Malformed, $"The personal profile is malformed: {e.Message}"));
            return false;
        }
        return TryVerify(signedProfile, previous, now, out profile, out problem, cache);
    }

    /// <summary>Verifies a parsed SignedPersonalProfile; false with the problem when any check fails.</summary>
    /// <param name="signedProfile">the profile</param>
    /// <param name="previous">the version seen before, if any</param>
    /// <param name="now">the time certificates must be valid at</param>
    /// <param name="profile">the verified profile</param>
    /// <param name="problem">why it failed</param>
    /// <param name="cache">remembers master and device profiles verified before (a portal's)</param>
    public static bool TryVerify(SignedPersonalProfile signedProfile, VerifiedPersonalProfile? previous, DateTimeOffset now,
        out VerifiedPersonalProfile? profile, out ProfileProblem? problem, VerificationCache? cache = null)
    {
        ArgumentNullException.ThrowIfNull(signedProfile);
        try
        {
            profile = VerifyPersonal(signedProfile, previous, now, cache);
            problem = null;
            return true;
        }
        catch (ProfileVerificationException e)
        {
            (profile, problem) = (null, e.Problem);
            return false;
        }
    }

    /// <summary>Verifies a device profile on its own; throws <see cref="MeshException"/> with the reason.</summary>
    public static VerifiedDevice VerifyDevice(SignedDeviceProfile signedProfile, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(signedProfile);
        return ThrowingMeshException(Device, signedProfile, now);
    }

    /// <summary>Verifies a master profile on its own; throws <see cref="MeshException"/> with the reason.</summary>
    public static VerifiedMaster VerifyMaster(SignedMasterProfile signedProfile, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(signedProfile);
        return ThrowingMeshException(Master, signedProfile, now);
    }

    private static TVerified ThrowingMeshException<TSigned, TVerified>(Func<TSigned, DateTimeOffset, TVerified> verify, TSigned signedProfile, DateTimeOffset now)
    {
        try
        {
            return verify(signedProfile, now);
        }
        catch (ProfileVerificationException e)
        {
            throw e.Problem.ToMeshException();
        }
    }

    private static VerifiedPersonalProfile VerifyPersonal(SignedPersonalProfile signedProfile, VerifiedPersonalProfile? previous, DateTimeOffset now,
        VerificationCache? cache)
    {
        // The master profile inside is read before the signature over it is checked only to learn
        // which keys may have signedProfile; everything used afterwards comes from the verified payload.
        var claimed = SignedPayload.Claim<PersonalProfile>(signedProfile.SignedData, "personal profile");
        var signedMaster = claimed.Payload.SignedMasterProfile ?? throw Malformed("The personal profile has no master profile.");
        var master = cache is null ? Master(signedMaster, now) : cache.GetOrVerify(signedMaster, now, () => Master(signedMaster, now));
        var signer = master.FindOnlineKey(claimed.KeyId)
            ?? throw new ProfileVerificationException(ProfileFailure.SignerNotListed,
                "The personal profile is not signed by an online signature key of its master profile.");
        var personal = claimed.Verify(signer, ProfileFailure.SignatureInvalid);

        var identifier = master.SigningKey.Udf();
        if (personal.Identifier != identifier || signedProfile.Identifier != identifier)
            throw new ProfileVerificationException(ProfileFailure.IdentifierMismatch,
                "The personal profile's identifier is not the UDF of its master signing key.");
        var updated = personal.Updated ?? throw Malformed("The personal profile has no Updated time.");

        var devices = (personal.Devices ?? []).Select(d => cache is null ? Device(d, now) : cache.GetOrVerify(d, now, () => Device(d, now))).ToList();
        // Device identifiers are parsed once, as UDF values that compare as Udf.AreEqual (and so as
        // FindDevice) does, so that checking the application entries stays linear in the size of the profile.
        var known = new HashSet<UdfValue>(devices.Select(d => Udf.Parse(d.Identifier)));
        if (known.Count != devices.Count) throw Malformed("The personal profile lists a device twice.");
        var applications = personal.Applications ?? [];
        foreach (var application in applications)
            foreach (var id in (application.SignID ?? []).Concat(application.DecryptID ?? []))
                if (!Udf.TryParse(id, out var device) || !known.Contains(device))
                    throw new ProfileVerificationException(ProfileFailure.UnknownDevice,
                        $"The application {application.Identifier} names device {id}, which is not in the profile.");

        if (previous is not null)
        {
            if (!previous.Master.SigningKey.Equals(master.SigningKey))
                throw new ProfileVerificationException(ProfileFailure.MasterProfileChanged,
                    $"The profile is bound to master key {identifier}, not to {previous.Identifier} as before.");
            if (updated < previous.Updated)
                throw new ProfileVerificationException(ProfileFailure.RolledBack,
                    $"The profile was updated at {Rfc3339(updated)}, before the version already seen ({Rfc3339(previous.Updated)}).");
        }
        return new VerifiedPersonalProfile(identifier, master, devices, applications, updated, signer, personal, signedProfile);
    }

    private static VerifiedMaster Master(SignedMasterProfile signedProfile, DateTimeOffset now)
    {
        var claimed = SignedPayload.Claim<MasterProfile>(signedProfile.SignedData, "master profile");
        var key = CertifiedKeys.ReadSelfSigned(claimed.Payload.MasterSignatureKey, now, "master signing key");
        var master = claimed.Verify(key, ProfileFailure.MasterSignatureInvalid);
        var identifier = MasterSecrets.MasterIdentifier(key);
        if (master.Identifier != identifier || signedProfile.Identifier != identifier)
            throw new ProfileVerificationException(ProfileFailure.IdentifierMismatch,
                "The master profile's identifier is not \"Master\" followed by the UDF of its signing key.");
        var escrow = (master.MasterEscrowKeys ?? []).Select(k => CertifiedKeys.ReadIssued(k, key, now, "master escrow key")).ToList();
        var online = (master.OnlineSignatureKeys ?? []).Select(k => CertifiedKeys.ReadIssued(k, key, now, "online signature key")).ToList();
        if (online.Count == 0) throw Malformed("The master profile lists no online signature key.");
        // Each key must be able to do its job: online keys sign, escrow keys decrypt.
        if (online.Any(k => k.Algorithm == KeyAlgorithm.X25519)) throw Malformed("An online signature key cannot sign (it is an X25519 key).");
        if (escrow.Any(k => k.Algorithm == KeyAlgorithm.Ed25519)) throw Malformed("An escrow key cannot encrypt (it is an Ed25519 key).");
        return new VerifiedMaster(identifier, key, escrow, online, master, signedProfile);
    }

    private static VerifiedDevice Device(SignedDeviceProfile signedProfile, DateTimeOffset now)
    {
        var claimed = SignedPayload.Claim<DeviceProfile>(signedProfile.SignedData, "device profile");
        var key = CertifiedKeys.ReadSelfSigned(claimed.Payload.DeviceSignatureKey, now, "device signature key");
        var device = claimed.Verify(key, ProfileFailure.DeviceNotSelfSigned);
        var identifier = key.Udf();
        if (device.Identifier != identifier || signedProfile.Identifier != identifier)
            throw new ProfileVerificationException(ProfileFailure.IdentifierMismatch,
                "The device profile's identifier is not the UDF of its signature key.");
        var authentication = CertifiedKeys.ReadIssued(device.DeviceAuthenticationKey, key, now, "device authentication key");
        var encryption = CertifiedKeys.ReadIssued(device.DeviceEncryptiontionKey, key, now, "device encryption key");
        if (authentication.Algorithm == KeyAlgorithm.X25519)
            throw Malformed("The device authentication key cannot sign.");
        if (encryption.Algorithm == KeyAlgorithm.Ed25519)
            throw Malformed("The device encryption key cannot encrypt (it is an Ed25519 key).");
        return new VerifiedDevice(identifier, key, authentication, encryption, device, signedProfile);
    }

    private static ProfileVerificationException Malformed(string message) => new(message);

    private static string Rfc3339(DateTimeOffset t) => Rfc3339Converter.Format(t);
}
