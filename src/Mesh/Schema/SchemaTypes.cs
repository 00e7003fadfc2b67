namespace Mesh.Schema;

/// <summary>
/// Every type that can appear tagged on the wire, found by its tag (the type's name). The list is
/// the schema's index: a type missing here cannot be read, and a test checks that every record in
/// <c>Mesh.Schema</c> is listed and registered in <see cref="Json.MeshJsonContext"/>.
/// </summary>
public static class SchemaTypes
{
    /// <summary>All concrete wire types.</summary>
    public static IReadOnlyList<Type> All { get; } =
    [
        // 4 Cryptographic data objects
        typeof(PublicKey), typeof(Key), typeof(SignedData), typeof(EncryptedData),
        // 5 Profiles
        typeof(SignedDeviceProfile), typeof(DeviceProfile), typeof(DevicePrivateProfile),
        typeof(SignedMasterProfile), typeof(MasterProfile),
        typeof(SignedPersonalProfile), typeof(PersonalProfile),
        typeof(SignedApplicationProfile), typeof(EncryptedProfile), typeof(ApplicationProfileEntry),
        typeof(Connection), typeof(PasswordProfile), typeof(PasswordProfilePrivate), typeof(PasswordEntry), typeof(PasswordVersion),
        typeof(MailProfile), typeof(MailProfilePrivate), typeof(NetworkProfile), typeof(NetworkProfilePrivate), typeof(WiFiNetwork),
        typeof(SshProfile), typeof(SshProfilePrivate), typeof(SshKeyEntry), typeof(SshKnownHost),
        typeof(OfflineEscrowEntry), typeof(OnlineEscrowEntry), typeof(EscrowedKeySet),
        // 6 Connection
        typeof(ConnectionRequest), typeof(SignedConnectionRequest), typeof(ConnectionResult), typeof(SignedConnectionResult),
        // 7 Portal messages
        typeof(MeshResponse), typeof(Version), typeof(Encoding), typeof(KeyValue), typeof(SearchConstraints), typeof(DataItem),
        typeof(HelloRequest), typeof(HelloResponse), typeof(ValidateRequest), typeof(ValidateResponse),
        typeof(CreateRequest), typeof(CreateResponse), typeof(GetRequest), typeof(GetResponse),
        typeof(PublishRequest), typeof(PublishResponse), typeof(StatusRequest), typeof(StatusResponse),
        typeof(ConnectStartRequest), typeof(ConnectStartResponse), typeof(ConnectStatusRequest), typeof(ConnectStatusResponse),
        typeof(ConnectPendingRequest), typeof(ConnectPendingResponse), typeof(ConnectCompleteRequest), typeof(ConnectCompleteResponse),
        typeof(TransferRequest), typeof(TransferResponse),
        // 8 Portal entries
        typeof(Account), typeof(AccountProfile), typeof(ConnectionsPending),
        // This implementation's log
        typeof(LogRecord), typeof(RequestClaims), typeof(Checkpoint),
    ];

    private static readonly Dictionary<string, Type> ByTag = All.ToDictionary(t => t.Name, StringComparer.Ordinal);

    /// <summary>The type a tag names, or null when it names none.</summary>
    public static Type? Find(string tag) => ByTag.GetValueOrDefault(tag);
}
