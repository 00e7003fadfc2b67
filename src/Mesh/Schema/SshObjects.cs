namespace Mesh.Schema;

// This implementation's addition (docs/applications.md, "SSH"): an application of draft sections
// 3.6 and 5.5 that carries a person's SSH keys and the SSH hosts they trust.

/// <summary>The SSH application profile (its keys and known hosts are in the encrypted private part).</summary>
public sealed record SshProfile : ApplicationProfile;

/// <summary>The private part of the SSH profile.</summary>
public sealed record SshProfilePrivate
{
    /// <summary>The SSH keys, current and retired.</summary>
    public IReadOnlyList<SshKeyEntry>? Keys { get; init; }

    /// <summary>The host keys of SSH servers, as in OpenSSH's known_hosts.</summary>
    public IReadOnlyList<SshKnownHost>? KnownHosts { get; init; }
}

/// <summary>One SSH key of the person.</summary>
public sealed record SshKeyEntry
{
    /// <summary>The public key blob (RFC 4253 section 6.6).</summary>
    public byte[]? PublicKey { get; init; }

    /// <summary>The private key as DER PKCS#8, for a key shared by every device that reads the profile; absent for a per-device key.</summary>
    public byte[]? PrivateKey { get; init; }

    /// <summary>For a per-device key, the UDF of the one device that holds its private key (in its own home, never published).</summary>
    public string? Device { get; init; }

    /// <summary>The comment written after the key in authorized_keys.</summary>
    public string? Comment { get; init; }

    /// <summary>When the key was made or imported.</summary>
    public DateTimeOffset? Created { get; init; }

    /// <summary>When a newer key replaced it (<c>mesh ssh rotate</c>): still offered, to reach servers not yet updated, until removed.</summary>
    public DateTimeOffset? Retired { get; init; }
}

/// <summary>An SSH server's host key, trusted for some host names.</summary>
public sealed record SshKnownHost
{
    /// <summary>The host names as known_hosts writes them: <c>example.com</c>, <c>[example.com]:2222</c>, an address.</summary>
    public IReadOnlyList<string>? Hosts { get; init; }

    /// <summary>The host's public key blob.</summary>
    public byte[]? PublicKey { get; init; }

    /// <summary>When it was added.</summary>
    public DateTimeOffset? Added { get; init; }
}
