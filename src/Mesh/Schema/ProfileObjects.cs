namespace Mesh.Schema;

// Draft section 5.1 to 5.5: base profile objects, device, master, personal and application profiles.

/// <summary>5.1.1 Base class for all Mesh Profile objects.</summary>
public abstract record Entry
{
    /// <summary>Globally unique identifier that remains constant for the lifetime of the entry.</summary>
    public string? Identifier { get; init; }
}

/// <summary>5.1.2 Contains a signed profile entry; the payload is the tagged JSON of a specific profile type.</summary>
public abstract record SignedProfile : Entry
{
    /// <summary>The signed profile.</summary>
    public JoseWebSignature? SignedData { get; init; }
}

/// <summary>5.1.3 Parent class from which all profile types are derived.</summary>
public abstract record Profile : Entry
{
    /// <summary>Fingerprints of index terms for profile retrieval (never the terms themselves).</summary>
    public IReadOnlyList<string>? Names { get; init; }

    /// <summary>The time instant the profile was last modified.</summary>
    public DateTimeOffset? Updated { get; init; }

    /// <summary>Evidence that the signature was made after the token was created.</summary>
    public string? NotaryToken { get; init; }
}

/// <summary>5.2.1 Contains a signed device profile.</summary>
public sealed record SignedDeviceProfile : SignedProfile;

/// <summary>5.2.2 Describes a mesh device.</summary>
public sealed record DeviceProfile : Profile
{
    /// <summary>Description of the device.</summary>
    public string? Description { get; init; }

    /// <summary>Key used to sign certificates for the DAK and DEK; its UDF is the profile's identifier.</summary>
    public PublicKey? DeviceSignatureKey { get; init; }

    /// <summary>Key used to authenticate requests made by the device.</summary>
    public PublicKey? DeviceAuthenticationKey { get; init; }

    /// <summary>Key used to pass encrypted data to the device (the draft's spelling, kept on the wire).</summary>
    public PublicKey? DeviceEncryptiontionKey { get; init; }
}

/// <summary>5.2.3 Private portion of the device profile; never leaves the device.</summary>
public sealed record DevicePrivateProfile
{
    /// <summary>Private portion of the DeviceSignatureKey.</summary>
    public Key? DeviceSignatureKey { get; init; }

    /// <summary>Private portion of the DeviceAuthenticationKey.</summary>
    public Key? DeviceAuthenticationKey { get; init; }

    /// <summary>Private portion of the DeviceEncryptiontionKey.</summary>
    public Key? DeviceEncryptiontionKey { get; init; }
}

/// <summary>5.3.1 Contains a signed master profile.</summary>
public sealed record SignedMasterProfile : SignedProfile;

/// <summary>5.3.2 The long term parameters of a personal profile: the axioms of trust.</summary>
public sealed record MasterProfile : Profile
{
    /// <summary>The root of trust, presented as a self-signed X.509v3 CA certificate.</summary>
    public PublicKey? MasterSignatureKey { get; init; }

    /// <summary>Escrow keys (PMEK), certified by the master signing key.</summary>
    public IReadOnlyList<PublicKey>? MasterEscrowKeys { get; init; }

    /// <summary>Online signature keys (POSK) that sign the personal profile, certified by the master signing key.</summary>
    public IReadOnlyList<PublicKey>? OnlineSignatureKeys { get; init; }
}

/// <summary>5.4.1 Contains a signed personal profile.</summary>
public sealed record SignedPersonalProfile : SignedProfile;

/// <summary>5.4.2 The current applications and devices connected to a master profile.</summary>
public sealed record PersonalProfile : Profile
{
    /// <summary>The master profile, signed by the master signing key.</summary>
    public SignedMasterProfile? SignedMasterProfile { get; init; }

    /// <summary>The devices connected to the profile, each signed by its own signature key.</summary>
    public IReadOnlyList<SignedDeviceProfile>? Devices { get; init; }

    /// <summary>Application profiles connected to this profile.</summary>
    public IReadOnlyList<ApplicationProfileEntry>? Applications { get; init; }
}

/// <summary>5.5.1 Contains a signed application profile.</summary>
public sealed record SignedApplicationProfile : SignedProfile;

/// <summary>5.5.2 Contains an encrypted profile entry.</summary>
public sealed record EncryptedProfile : Entry
{
    /// <summary>The signed and encrypted profile.</summary>
    public JoseWebEncryption? EncryptedData { get; init; }
}

/// <summary>5.5.3 Parent class from which all application profiles inherit.</summary>
public abstract record ApplicationProfile : Profile
{
    /// <summary>The encrypted private part of the application profile.</summary>
    public JoseWebEncryption? EncryptedData { get; init; }
}

/// <summary>5.5.4 An application attached to a personal profile, and which devices may sign and read it.</summary>
public sealed record ApplicationProfileEntry
{
    /// <summary>The unique identifier of the application.</summary>
    public string? Identifier { get; init; }

    /// <summary>The application type (the tag of its profile, e.g. PasswordProfile).</summary>
    public string? Type { get; init; }

    /// <summary>Optional friendly name.</summary>
    public string? Friendly { get; init; }

    /// <summary>Devices authorized to sign the application profile.</summary>
    public IReadOnlyList<string>? SignID { get; init; }

    /// <summary>Devices authorized to read its private part.</summary>
    public IReadOnlyList<string>? DecryptID { get; init; }
}
