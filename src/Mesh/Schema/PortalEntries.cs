namespace Mesh.Schema;

// Draft section 8: the portal's log entries and the state derived from them.

/// <summary>8.1.1 Base of the portal's entries.</summary>
public abstract record PortalEntry
{
    /// <summary>Time the item was created.</summary>
    public DateTimeOffset? Created { get; init; }

    /// <summary>Time the item was last modified.</summary>
    public DateTimeOffset? Modified { get; init; }
}

/// <summary>8.1.2 An account: its name, the profile bound to it and its status.</summary>
public record Account : PortalEntry
{
    /// <summary>The account identifier, e.g. alice@example.com; not case sensitive.</summary>
    public string? AccountID { get; init; }

    /// <summary>Fingerprint of the associated personal profile.</summary>
    public string? UserProfileUDF { get; init; }

    /// <summary>Open, Closed or Suspended.</summary>
    public string? Status { get; init; }
}

/// <summary>8.1.3 An account with its personal profile.</summary>
public sealed record AccountProfile : Account
{
    /// <summary>The personal profile bound to the account.</summary>
    public SignedPersonalProfile? Profile { get; init; }
}

/// <summary>8.1.4 The pending device connection requests of an account.</summary>
public sealed record ConnectionsPending : Account
{
    /// <summary>The pending requests.</summary>
    public IReadOnlyList<SignedConnectionRequest>? Requests { get; init; }
}
