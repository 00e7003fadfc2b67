namespace Mesh.Portal.Storage;

/// <summary>One entry of the log: its index, the exact leaf bytes and when it was accepted.</summary>
public sealed record LogRow(long Index, byte[] Leaf, DateTimeOffset Published);

/// <summary>The log's size and the time of its last entry.</summary>
public sealed record LogHead(long Size, DateTimeOffset? LastWrite);

/// <summary>An account: derived state, the latest of its <c>AccountProfile</c> records.</summary>
/// <param name="AccountId">the account name in lower case</param>
/// <param name="ProfileId">the identifier of the bound personal profile</param>
/// <param name="Status">Open, Closed or Suspended</param>
/// <param name="LogIndex">the log entry holding the account's current AccountProfile</param>
/// <param name="Created">when the account was created</param>
public sealed record AccountRow(string AccountId, string ProfileId, string Status, long LogIndex, DateTimeOffset Created);

/// <summary>One published version of an entry: derived state indexing the log.</summary>
/// <param name="Identifier">the entry's identifier</param>
/// <param name="Account">the account that published it, when any</param>
/// <param name="Type">the entry's tag, e.g. SignedPersonalProfile</param>
/// <param name="LogIndex">the log entry that holds this version</param>
/// <param name="Published">when it was published</param>
public sealed record EntryVersionRow(string Identifier, string? Account, string Type, long LogIndex, DateTimeOffset Published);

/// <summary>A device's connection request or its answer, per account and device: derived state.</summary>
/// <param name="Account">the account asked to</param>
/// <param name="DeviceId">the asking device</param>
/// <param name="RequestIndex">the log entry holding the SignedConnectionRequest</param>
/// <param name="ResultIndex">the log entry holding the SignedConnectionResult, once answered</param>
/// <param name="Created">when the request was made</param>
public sealed record ConnectionRow(string Account, string DeviceId, long RequestIndex, long? ResultIndex, DateTimeOffset Created);

/// <summary>A signed checkpoint of the log.</summary>
/// <param name="TreeSize">the number of log entries it covers</param>
/// <param name="SignedBytes">the exact bytes of the signed checkpoint</param>
/// <param name="Time">when it was made</param>
public sealed record CheckpointRow(long TreeSize, byte[] SignedBytes, DateTimeOffset Time);
