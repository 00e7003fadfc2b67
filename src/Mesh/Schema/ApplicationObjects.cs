namespace Mesh.Schema;

// Draft sections 5.6 to 5.9: common application objects, password, mail and network profiles.

/// <summary>5.6.1 Network connection parameters for an application.</summary>
public sealed record Connection
{
    /// <summary>DNS address of the server.</summary>
    public string? ServiceName { get; init; }

    /// <summary>TCP/UDP port number.</summary>
    public long? Port { get; init; }

    /// <summary>DNS service prefix (RFC 6335).</summary>
    public string? Prefix { get; init; }

    /// <summary>Security modes: Direct, Upgrade or None.</summary>
    public IReadOnlyList<string>? Security { get; init; }

    /// <summary>Username to present to the service.</summary>
    public string? UserName { get; init; }

    /// <summary>Password to present to the service.</summary>
    public string? Password { get; init; }

    /// <summary>Service connection parameters in URI form.</summary>
    public string? URI { get; init; }

    /// <summary>Acceptable authentication mechanisms, preferred first.</summary>
    public string? Authentication { get; init; }

    /// <summary>Service timeout in seconds.</summary>
    public long? TimeOut { get; init; }

    /// <summary>If set, the client should poll the service intermittently for updates.</summary>
    public bool? Polling { get; init; }
}

/// <summary>5.7.1 Stores usernames and passwords (the entries are in the encrypted private part).</summary>
public sealed record PasswordProfile : ApplicationProfile;

/// <summary>5.7.2 The private part of a password profile.</summary>
public sealed record PasswordProfilePrivate
{
    /// <summary>If true, clients may offer to generate strong passwords.</summary>
    public bool? AutoGenerate { get; init; }

    /// <summary>The password credential entries.</summary>
    public IReadOnlyList<PasswordEntry>? Entries { get; init; }

    /// <summary>Domains for which clients must not ask to store passwords.</summary>
    public IReadOnlyList<string>? NeverAsk { get; init; }
}

/// <summary>5.7.3 Username and password for one site.</summary>
public sealed record PasswordEntry
{
    /// <summary>DNS names of sites; <c>*.example.com</c> matches <c>www.example.com</c>.</summary>
    public IReadOnlyList<string>? Sites { get; init; }

    /// <summary>Case-sensitive username.</summary>
    public string? Username { get; init; }

    /// <summary>Case-sensitive password.</summary>
    public string? Password { get; init; }

    /// <summary>This implementation's addition: free-text notes kept with the login.</summary>
    public string? Notes { get; init; }

    /// <summary>This implementation's addition: the login's authenticator (TOTP, RFC 6238) secret as an otpauth://totp URI.</summary>
    public string? OtpAuth { get; init; }

    /// <summary>This implementation's addition: when this version of the entry was made (the device's clock).</summary>
    public DateTimeOffset? Modified { get; init; }

    /// <summary>This implementation's addition: the identifier of the device that made this version.</summary>
    public string? Device { get; init; }

    /// <summary>This implementation's addition: the entry's previous versions, newest first, at most ten.</summary>
    public IReadOnlyList<PasswordVersion>? History { get; init; }
}

/// <summary>This implementation's addition: a previous version of a password entry.</summary>
public sealed record PasswordVersion
{
    /// <summary>The password it had.</summary>
    public string? Password { get; init; }

    /// <summary>Its notes.</summary>
    public string? Notes { get; init; }

    /// <summary>Its authenticator secret.</summary>
    public string? OtpAuth { get; init; }

    /// <summary>When that version was made.</summary>
    public DateTimeOffset? Modified { get; init; }

    /// <summary>The device that made it.</summary>
    public string? Device { get; init; }
}

/// <summary>5.8.1 Mail profile: the public part gives the receipt policy and encryption keys.</summary>
public sealed record MailProfile : ApplicationProfile
{
    /// <summary>The current OpenPGP encryption key.</summary>
    public PublicKey? EncryptionPGP { get; init; }

    /// <summary>The current S/MIME encryption key.</summary>
    public PublicKey? EncryptionSMIME { get; init; }

    /// <summary>
    /// This implementation's addition: the OpenPGP public key that <see cref="EncryptionPGP"/>
    /// names, as a transferable public key in binary packets (RFC 4880 section 11.1), since
    /// <see cref="PublicKey"/> has no field for OpenPGP key material.
    /// </summary>
    public byte[]? EncryptionPGPKey { get; init; }
}

/// <summary>5.8.2 A mail account's configuration: servers and private keys.</summary>
public sealed record MailProfilePrivate
{
    /// <summary>The RFC 822 address, e.g. alice@example.com.</summary>
    public string? EmailAddress { get; init; }

    /// <summary>The address replies should go to.</summary>
    public string? ReplyToAddress { get; init; }

    /// <summary>The display name, e.g. "Alice Example".</summary>
    public string? DisplayName { get; init; }

    /// <summary>The account name shown to the user, e.g. "Work Account".</summary>
    public string? AccountName { get; init; }

    /// <summary>Inbound connections (IMAP, POP3), preferred first.</summary>
    public IReadOnlyList<Connection>? Inbound { get; init; }

    /// <summary>Outbound connections (SMTP submission), preferred first.</summary>
    public IReadOnlyList<Connection>? Outbound { get; init; }

    /// <summary>Key pairs for signing mail, preferred first.</summary>
    public IReadOnlyList<PublicKey>? Sign { get; init; }

    /// <summary>Key pairs for encrypting and decrypting mail, preferred first.</summary>
    public IReadOnlyList<PublicKey>? Encrypt { get; init; }

    /// <summary>
    /// This implementation's addition: the private keys of the X.509 key pairs in <see cref="Sign"/>
    /// and <see cref="Encrypt"/> and of the CA that issued their certificates, each found by its UDF,
    /// since the draft's <see cref="PublicKey"/> has no field for a private key.
    /// </summary>
    public IReadOnlyList<Key>? PrivateKeys { get; init; }

    /// <summary>
    /// This implementation's addition: the OpenPGP key pair named in <see cref="Sign"/> and
    /// <see cref="Encrypt"/>, as an unprotected transferable secret key in binary packets
    /// (RFC 4880 section 11.2); the encryption of the private part protects it.
    /// </summary>
    public byte[]? OpenPGPSecretKey { get; init; }
}

/// <summary>5.9.1 Network profile (the settings are in the encrypted private part).</summary>
public sealed record NetworkProfile : ApplicationProfile;

/// <summary>5.9.2 The private part of a network profile.</summary>
public sealed record NetworkProfilePrivate
{
    /// <summary>DNS names of sites the profile applies to; <c>*.example.com</c> matches <c>www.example.com</c>.</summary>
    public IReadOnlyList<string>? Sites { get; init; }

    /// <summary>DNS resolution services.</summary>
    public IReadOnlyList<Connection>? DNS { get; init; }

    /// <summary>DNS prefixes to search.</summary>
    public IReadOnlyList<string>? Prefix { get; init; }

    /// <summary>Certificate trust list giving WebPKI roots to trust.</summary>
    public byte[]? CTL { get; init; }

    /// <summary>UDF fingerprints of the keys trusted as WebPKI roots.</summary>
    public IReadOnlyList<string>? WebPKI { get; init; }

    /// <summary>This implementation's addition: Wi-Fi networks and their passphrases (what a CXF <c>wifi</c> credential holds).</summary>
    public IReadOnlyList<WiFiNetwork>? WiFi { get; init; }
}

/// <summary>This implementation's addition: a Wi-Fi network the devices may join.</summary>
public sealed record WiFiNetwork
{
    /// <summary>The network's name (SSID).</summary>
    public string? SSID { get; init; }

    /// <summary>Its security, as CXF names it: unsecured, wpa-personal, wpa2-personal, wpa3-personal, wep (or another name).</summary>
    public string? Security { get; init; }

    /// <summary>The passphrase (absent for an unsecured network).</summary>
    public string? Passphrase { get; init; }

    /// <summary>Whether the network hides its name.</summary>
    public bool? Hidden { get; init; }
}
