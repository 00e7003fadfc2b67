namespace Mesh.Schema;

// Draft section 6: portal connection request and result structures.

/// <summary>6.1.1 A device's request to connect to a profile.</summary>
public record ConnectionRequest
{
    /// <summary>UDF of the profile to which connection is requested.</summary>
    public string? ParentUDF { get; init; }

    /// <summary>The device profile to be connected.</summary>
    public SignedDeviceProfile? Device { get; init; }

    /// <summary>
    /// A fresh nonce UDF chosen by the device for this request (this implementation's addition): one
    /// of the inputs of the witness code both devices show (docs/connecting-devices.md).
    /// A result echoes the nonce of the request it answers.
    /// </summary>
    public string? DeviceNonce { get; init; }

    /// <summary>
    /// The DER SubjectPublicKeyInfo of the Ed25519 key derived from a one-time PIN (this
    /// implementation's addition): the administering device that issued the PIN knows its UDF.
    /// </summary>
    public byte[]? PinKey { get; init; }

    /// <summary>
    /// The signature by <see cref="PinKey"/> over the PIN statement, which binds the profile, the
    /// device and <see cref="DeviceNonce"/> (this implementation's addition; docs/connecting-devices.md).
    /// </summary>
    public byte[]? PinAuthenticator { get; init; }
}

/// <summary>6.1.2 A ConnectionRequest signed by the requesting device's signature key.</summary>
public sealed record SignedConnectionRequest : SignedProfile;

/// <summary>6.1.3 The result of a connection request.</summary>
public sealed record ConnectionResult : ConnectionRequest
{
    /// <summary>Accepted, Refused or Query.</summary>
    public string? Result { get; init; }

    /// <summary>
    /// In the answer to a request made with a PIN, the MAC under a key derived from the PIN over the profile,
    /// the device, the nonce and the result (this implementation's addition; docs/connecting-devices.md):
    /// the new device accepts no answer to such a request without it.
    /// </summary>
    public byte[]? PinAnswer { get; init; }
}

/// <summary>6.1.4 A signed connection result.</summary>
public sealed record SignedConnectionResult : SignedProfile;
