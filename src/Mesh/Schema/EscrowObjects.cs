namespace Mesh.Schema;

// Draft section 5.10: key escrow objects.

/// <summary>5.10.1 Contains escrowed data.</summary>
public abstract record EscrowEntry : Entry
{
    /// <summary>The encrypted <see cref="EscrowedKeySet"/>.</summary>
    public JoseWebEncryption? EncryptedData { get; init; }
}

/// <summary>5.10.2 Data escrowed with the offline mechanism (a key split into shares).</summary>
public sealed record OfflineEscrowEntry : EscrowEntry;

/// <summary>5.10.3 Data escrowed with the online mechanism (encrypted to a master escrow key).</summary>
public sealed record OnlineEscrowEntry : EscrowEntry;

/// <summary>5.10.4 A set of escrowed keys.</summary>
public sealed record EscrowedKeySet
{
    /// <summary>The escrowed private keys.</summary>
    public IReadOnlyList<Key>? PrivateKeys { get; init; }
}
