namespace Mesh.Schema;

// Draft section 6: portal connection request and result structures.

/// <summary>6.1.1 A device's request to connect to a profile.</summary>
public record ConnectionRequest
{
    /// <summary>UDF of the profile to which connection is requested.</summary>
    public string? ParentUDF { get; init; }

    /// <summary>The device profile to be connected.</summary>
    public SignedDeviceProfile? Device { get; init; }
}

/// <summary>6.1.2 A ConnectionRequest signed by the requesting device's signature key.</summary>
public sealed record SignedConnectionRequest : SignedProfile;

/// <summary>6.1.3 The result of a connection request.</summary>
public sealed record ConnectionResult : ConnectionRequest
{
    /// <summary>Accepted, Refused or Query.</summary>
    public string? Result { get; init; }
}

/// <summary>6.1.4 A signed connection result.</summary>
public sealed record SignedConnectionResult : SignedProfile;
