// Draft sections 3.6 and 5.5: application profiles. The public part is signed by a device listed
// in the application's SignID; its private part is a JWE (NOTES.md section 3) with one recipient
// per encryption key of the devices listed in DecryptID.
using Mesh.Jose;
using Mesh.Profiles;
using Mesh.Schema;

namespace Mesh.Applications;

/// <summary>
/// Creates, seals and opens application profiles. Which devices may sign and read an application
/// is always taken from its <see cref="ApplicationProfileEntry"/> in a verified personal profile,
/// so sealing cannot disagree with the entry and opening trusts nothing the profile does not say.
/// </summary>
public static class ApplicationProfiles
{
    /// <summary>
    /// A new application entry of type <typeparamref name="TProfile"/> (its tag name, e.g. PasswordProfile).
    /// Its identifier is a fresh 128-bit nonce UDF (<see cref="Udf.Nonce"/>): draft 3.6 says "randomly
    /// chosen", and a nonce UDF is random, unguessable and recognizable as an identifier, not a key.
    /// Throws <see cref="ArgumentException"/> when a device identifier is not a UDF or no device may read.
    /// </summary>
    /// <param name="signers">identifiers of the devices that may sign the profile (SignID)</param>
    /// <param name="readers">identifiers of the devices that may read its private part (DecryptID)</param>
    /// <param name="friendly">an optional name for the user, e.g. "Work mail"</param>
    public static ApplicationProfileEntry NewEntry<TProfile>(IEnumerable<string> signers, IEnumerable<string> readers, string? friendly = null)
        where TProfile : ApplicationProfile
    {
        ArgumentNullException.ThrowIfNull(signers);
        ArgumentNullException.ThrowIfNull(readers);
        var signIds = DeviceIds(signers, nameof(signers));
        var decryptIds = DeviceIds(readers, nameof(readers));
        if (decryptIds.Count == 0) throw new ArgumentException("An application needs at least one device that can read it.", nameof(readers));
        return new ApplicationProfileEntry
        {
            Identifier = Udf.Nonce(),
            Type = typeof(TProfile).Name,
            Friendly = friendly,
            SignID = signIds,
            DecryptID = decryptIds,
        };
    }

    /// <summary>
    /// Seals a version of application <paramref name="applicationId"/>: encrypts the tagged JSON of
    /// <paramref name="privatePart"/> under a fresh content key to the encryption key of every device
    /// in the entry's DecryptID (ECDH-ES+A256KW, A256GCM, kid = key UDF, cty = the private type's
    /// name), puts it in the profile's EncryptedData with Identifier and Updated set, and signs the
    /// profile with the device signature key of <paramref name="signer"/>. Sealing after a device
    /// was removed from DecryptID therefore leaves it unable to read the new version.
    /// </summary>
    /// <exception cref="ArgumentException">the application is not in the profile or has another type,
    /// the signer is not a device of the profile listed in SignID, or DecryptID is empty</exception>
    public static SignedApplicationProfile Seal<TProfile, TPrivate>(VerifiedPersonalProfile personal, string applicationId,
        TProfile publicPart, TPrivate privatePart, DeviceSecrets signer, DateTimeOffset now)
        where TProfile : ApplicationProfile
        where TPrivate : class
    {
        ArgumentNullException.ThrowIfNull(personal);
        ArgumentNullException.ThrowIfNull(publicPart);
        ArgumentNullException.ThrowIfNull(privatePart);
        ArgumentNullException.ThrowIfNull(signer);
        var entry = personal.FindApplication(applicationId)
            ?? throw new ArgumentException($"The personal profile has no application {applicationId}.", nameof(applicationId));
        if (entry.Type != publicPart.GetType().Name)
            throw new ArgumentException($"Application {applicationId} is a {entry.Type}, not a {publicPart.GetType().Name}.", nameof(publicPart));
        var device = personal.FindDevice(signer.Identifier);
        if (device is null || !device.SignatureKey.Equals(signer.SignatureKey.PublicKey))
            throw new ArgumentException($"Device {signer.Identifier} is not a device of the personal profile.", nameof(signer));
        if (!Lists(entry.SignID, device.Identifier))
            throw new ArgumentException($"Device {device.Identifier} is not authorized to sign application {applicationId}.", nameof(signer));

        // ProfileVerifier has checked that every device the entry names is in the profile.
        var readers = (entry.DecryptID ?? []).Select(id => personal.FindDevice(id)!).DistinctBy(d => d.Identifier).ToList();
        if (readers.Count == 0)
            throw new ArgumentException($"No device is authorized to read application {applicationId}.", nameof(applicationId));
        var recipients = readers.Select(d => JweRecipient.ForPublicKey(d.EncryptionKey, d.EncryptionKey.Udf())).ToList();

        var profile = (TProfile)((ApplicationProfile)publicPart with
        {
            Identifier = entry.Identifier,
            Updated = now,
            EncryptedData = EncryptedPayload.Encrypt(privatePart, recipients),
        });
        return new SignedApplicationProfile { Identifier = entry.Identifier, SignedData = SignedPayload.Sign(profile, signer.SignatureKey) };
    }

    /// <summary>
    /// Opens a signed application profile on this device: the profile's application entry must exist
    /// with type <typeparamref name="TProfile"/>, list the signing device in SignID and this device in
    /// DecryptID; the signature must verify under the signing device's signature key; the private part
    /// must be encrypted to this device and decrypt to a <typeparamref name="TPrivate"/>. With
    /// <paramref name="previous"/>, a version older than it is refused.
    /// </summary>
    /// <exception cref="MeshException">401 when an application, device or signer is not authorized or the
    /// signature is bad; 400 when the profile is malformed; 409 when it is older than <paramref name="previous"/></exception>
    public static OpenedApplication<TProfile, TPrivate> Open<TProfile, TPrivate>(VerifiedPersonalProfile personal,
        SignedApplicationProfile signedProfile, DeviceSecrets reader, OpenedApplication<TProfile, TPrivate>? previous = null)
        where TProfile : ApplicationProfile
        where TPrivate : class
    {
        ArgumentNullException.ThrowIfNull(personal);
        ArgumentNullException.ThrowIfNull(signedProfile);
        ArgumentNullException.ThrowIfNull(reader);
        var id = signedProfile.Identifier ?? throw new MeshException("The application profile has no identifier.");
        var entry = personal.FindApplication(id)
            ?? throw Unauthorized($"Application {id} is not in the personal profile.");
        if (entry.Type != typeof(TProfile).Name)
            throw new MeshException($"Application {id} is a {entry.Type}, not a {typeof(TProfile).Name}.");
        if (previous is not null && previous.Entry.Identifier != id)
            throw new ArgumentException($"The previous version is of application {previous.Entry.Identifier}, not {id}.", nameof(previous));

        var self = personal.FindDevice(reader.Identifier);
        if (self is null || !self.EncryptionKey.Equals(reader.EncryptionKey.PublicKey))
            throw Unauthorized($"This device ({reader.Identifier}) is not a device of the personal profile.");
        if (!Lists(entry.DecryptID, self.Identifier))
            throw Unauthorized($"This device ({self.Identifier}) is not authorized to read application {id}.");

        var (profile, signer) = OpenSignature<TProfile>(personal, entry, signedProfile, id);
        var updated = profile.Updated ?? throw new MeshException($"Application profile {id} has no Updated time.");
        if (previous is not null && updated < previous.Updated)
            throw new MeshException(MeshStatus.AlreadyExists, $"Application profile {id} is older than the version already seen.");

        var message = EncryptedPayload.Parse<TPrivate>(profile.EncryptedData, "application profile");
        var kid = message.KeyIds.FirstOrDefault(k => Udf.AreEqual(k, self.EncryptionKey.Udf()))
            ?? throw Unauthorized($"The private part of application {id} is not encrypted to this device.");
        byte[] plaintext;
        try
        {
            plaintext = message.Decrypt(reader.EncryptionKey, kid);
        }
        catch (MeshException e)
        {
            throw new MeshException($"The private part of application {id} does not decrypt: {e.Message}", e);
        }
        var privatePart = EncryptedPayload.Read<TPrivate>(plaintext, "private part");
        return new OpenedApplication<TProfile, TPrivate>(entry, profile, privatePart, signer, updated);
    }

    /// <summary>
    /// Checks a signed application profile without opening its private part: the profile lists the
    /// application, the signer is a device of the profile listed in its SignID, the signature verifies,
    /// and the signed payload is that application, of the type the profile gives it. Returns the payload.
    /// </summary>
    /// <exception cref="MeshException">401 when the application, signer or signature is not authorized or bad; 400 when malformed</exception>
    public static ApplicationProfile VerifySigned(VerifiedPersonalProfile personal, SignedApplicationProfile signedProfile)
    {
        ArgumentNullException.ThrowIfNull(personal);
        ArgumentNullException.ThrowIfNull(signedProfile);
        var id = signedProfile.Identifier ?? throw new MeshException("The application profile has no identifier.");
        var entry = personal.FindApplication(id) ?? throw Unauthorized($"Application {id} is not in the personal profile.");
        var (profile, _) = OpenSignature<ApplicationProfile>(personal, entry, signedProfile, id);
        if (profile.GetType().Name != entry.Type)
            throw Unauthorized($"The signed application profile is a {profile.GetType().Name}, not the {entry.Type} the profile lists for application {id}.");
        return profile;
    }

    // The signer must be a device of the profile that the entry's SignID lists, and its signature must verify.
    private static (T Profile, VerifiedDevice Signer) OpenSignature<T>(VerifiedPersonalProfile personal, ApplicationProfileEntry entry,
        SignedApplicationProfile signedProfile, string id) where T : ApplicationProfile
    {
        var signerId = SignedPayload.SignerKeyId(signedProfile.SignedData)
            ?? throw new MeshException($"The signature of application profile {id} is malformed or names no key.");
        var signer = personal.FindDevice(signerId)
            ?? throw Unauthorized($"Application profile {id} is signed by key {signerId}, which is not a device of the personal profile.");
        if (!Lists(entry.SignID, signer.Identifier))
            throw Unauthorized($"Application profile {id} is signed by device {signer.Identifier}, which is not authorized to sign it.");
        T profile;
        try
        {
            profile = SignedPayload.Open<T>(signedProfile.SignedData, signer.SignatureKey, ProfileFailure.SignatureInvalid, "application profile");
        }
        catch (ProfileVerificationException e)
        {
            throw e.Problem.ToMeshException();
        }
        if (profile.Identifier != id)
            throw Unauthorized($"The signed application profile is of application {profile.Identifier}, not {id}.");
        return (profile, signer);
    }

    private static List<string> DeviceIds(IEnumerable<string> ids, string parameter)
    {
        var list = new List<string>();
        foreach (var id in ids)
        {
            if (!Udf.TryParse(id, out _))
                throw new ArgumentException($"'{id}' is not a device identifier (a UDF).", parameter);
            if (!Lists(list, id)) list.Add(id);
        }
        return list;
    }

    private static bool Lists(IEnumerable<string>? ids, string id) => ids?.Any(x => Udf.AreEqual(x, id)) == true;

    private static MeshException Unauthorized(string message) => new(MeshStatus.ClientUnauthorized, message);
}
