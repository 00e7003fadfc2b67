namespace Mesh.Client;

/// <summary>A connection request the new device has made.</summary>
/// <param name="Account">the account asked to join</param>
/// <param name="DeviceId">this device's identifier</param>
/// <param name="Witness">the witness code to compare with the one the administering device shows</param>
/// <param name="TransactionId">the portal's transaction recording the request</param>
/// <param name="WithPin">whether the request carries a PIN authenticator</param>
/// <param name="ProfileUdf">the fingerprint (UDF) of the profile the account is bound to, as the portal served it: compare it with
/// 'mesh profile show' on a device already in the account</param>
public sealed record ConnectionStarted(string Account, string DeviceId, string Witness, string TransactionId, bool WithPin, string ProfileUdf);

/// <summary>How a connection request stands, as the new device learns it.</summary>
public enum ConnectionStatus
{
    /// <summary>No administering device has answered yet.</summary>
    Pending,

    /// <summary>Accepted: the device is in the profile and has synced.</summary>
    Accepted,

    /// <summary>Refused by an administering device.</summary>
    Refused,
}

/// <summary>A pending request as an administering device sees it.</summary>
/// <param name="DeviceId">the asking device</param>
/// <param name="Description">the device's own description of itself</param>
/// <param name="Witness">the witness code, or null when the request lacks the nonce or transaction to make it</param>
/// <param name="TransactionId">the portal's transaction recording the request</param>
/// <param name="Pin">what its PIN authenticator proves</param>
/// <param name="Problem">why it cannot be accepted as it is, or null</param>
public sealed record PendingRequest(string DeviceId, string? Description, string? Witness, string? TransactionId, PinCheck Pin, string? Problem)
{
    /// <summary>The request as received (verified: signed by the device it carries).</summary>
    internal Schema.ConnectionRequest? Request { get; init; }

    /// <summary>The issued PIN its authenticator verifies under, when <see cref="Pin"/> is Valid.</summary>
    internal string? PinUdf { get; init; }

    /// <summary>Set when this listing accepted the request because of its valid PIN.</summary>
    public DeviceChange? AcceptedWithPin { get; init; }
}

/// <summary>What a request's PIN authenticator proves.</summary>
public enum PinCheck
{
    /// <summary>The request carries no PIN.</summary>
    None,

    /// <summary>It verifies under a PIN this device issued, unexpired and unused.</summary>
    Valid,

    /// <summary>It does not verify, or under no PIN this device issued (a wrong PIN).</summary>
    Unknown,

    /// <summary>It verifies under a PIN this device issued that has expired.</summary>
    Expired,

    /// <summary>It verifies under a PIN that has already been used.</summary>
    Used,

    /// <summary>
    /// It verifies under a PIN that another pending request carries too: someone else knows the PIN,
    /// so neither is accepted by it (and the PIN is spent); compare witness codes and accept by hand.
    /// </summary>
    Shared,
}

/// <summary>The outcome of an administering device's answer or revocation.</summary>
/// <param name="DeviceId">the device concerned</param>
/// <param name="Result">Accepted, Refused or Revoked</param>
/// <param name="ProfileTransaction">the transaction of the profile version published, or null when none was</param>
/// <param name="Resealed">the application profiles sealed again for the new set of devices</param>
/// <param name="Retried">whether the profile had changed at the portal and the update was made again on the latest version</param>
/// <param name="Warnings">what could not be done, for the user</param>
public sealed record DeviceChange(string DeviceId, string Result, string? ProfileTransaction, int Resealed, bool Retried, IReadOnlyList<string> Warnings);

/// <summary>A PIN just issued.</summary>
/// <param name="Pin">the PIN to type on the new device</param>
/// <param name="Expires">when it stops being accepted</param>
public sealed record IssuedPinCode(string Pin, DateTimeOffset Expires);
