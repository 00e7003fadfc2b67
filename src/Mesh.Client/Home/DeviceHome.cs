using System.Text.Json;
using Mesh.Schema;
using Mesh.Schema.Json;

namespace Mesh.Client.Home;

/// <summary>
/// A device's home folder (<c>--home DIR</c>, else <c>MESH_HOME</c>, else <c>~/.mesh</c>):
/// <list type="bullet">
/// <item><c>device.key</c>, <c>master.key</c>: the device's and (on an administering device) the master's
/// private keys; owner-only, and passphrase-protected when a passphrase is set;</item>
/// <item><c>device.json</c>, <c>profile.json</c>: the device's signed profile and the last verified personal profile;</item>
/// <item><c>state.json</c>: the account, the portal, the last verified checkpoints;</item>
/// <item><c>cache/</c>: the application profiles this device may read, as published (still encrypted),
/// each with the transaction that published it (see DeviceHome.Applications.cs).</item>
/// </list>
/// Every write is atomic (<see cref="AtomicFile"/>).
/// </summary>
public sealed partial class DeviceHome
{
    private const string DeviceKeyFile = "device.key";
    private const string MasterKeyFile = "master.key";
    private const string DeviceFile = "device.json";
    private const string ProfileFile = "profile.json";
    private const string StateFile = "state.json";
    private const string PinKeysFile = "pins.key";
    private const string JournalFile = "journal.json";

    /// <summary>Opens (without creating) the home at <paramref name="folder"/>.</summary>
    public DeviceHome(string folder, string? passphrase = null)
    {
        Folder = Path.GetFullPath(folder);
        Passphrase = string.IsNullOrEmpty(passphrase) ? null : passphrase;
    }

    /// <summary>The home folder chosen by option, then MESH_HOME, then ~/.mesh.</summary>
    public static string DefaultFolder(string? option)
    {
        if (!string.IsNullOrEmpty(option)) return option;
        var env = Environment.GetEnvironmentVariable("MESH_HOME");
        return !string.IsNullOrEmpty(env) ? env : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".mesh");
    }

    /// <summary>The folder.</summary>
    public string Folder { get; }

    /// <summary>The passphrase protecting secret files, if any.</summary>
    public string? Passphrase { get; }

    /// <summary>Whether a device has been set up here.</summary>
    public bool Exists => File.Exists(Path.Combine(Folder, DeviceKeyFile));

    /// <summary>Whether the master's keys are kept here (an administering device), read or not.</summary>
    public bool HoldsMaster => File.Exists(Path.Combine(Folder, MasterKeyFile));

    /// <summary>The device's private keys.</summary>
    public DevicePrivateProfile? ReadDeviceKeys() => ReadSecret<DevicePrivateProfile>(DeviceKeyFile);

    /// <summary>Stores the device's private keys (owner-only, passphrase-protected if set).</summary>
    public void WriteDeviceKeys(DevicePrivateProfile keys) => WriteSecret(DeviceKeyFile, keys);

    /// <summary>The master's private keys, on an administering device.</summary>
    public EscrowedKeySet? ReadMasterKeys() => ReadSecret<EscrowedKeySet>(MasterKeyFile);

    /// <summary>Stores the master's private keys.</summary>
    public void WriteMasterKeys(EscrowedKeySet keys) => WriteSecret(MasterKeyFile, keys);

    /// <summary>The device's signed profile.</summary>
    public SignedDeviceProfile? ReadDevice() => Read<SignedDeviceProfile>(DeviceFile);

    /// <summary>Stores the device's signed profile.</summary>
    public void WriteDevice(SignedDeviceProfile device) => Write(DeviceFile, device);

    /// <summary>The last verified personal profile.</summary>
    public SignedPersonalProfile? ReadProfile() => Read<SignedPersonalProfile>(ProfileFile);

    /// <summary>Stores the last verified personal profile.</summary>
    public void WriteProfile(SignedPersonalProfile profile) => Write(ProfileFile, profile);

    /// <summary>The device's remembered state (empty when none yet).</summary>
    public HomeState ReadState()
    {
        var path = Path.Combine(Folder, StateFile);
        if (!File.Exists(path)) return new HomeState();
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), HomeJsonContext.Default.HomeState) ?? new HomeState();
        }
        catch (JsonException e)
        {
            throw new MeshException($"The home's {StateFile} is damaged: {e.Message}", e);
        }
    }

    /// <summary>Whether the home has a state file yet.</summary>
    public bool HasState => File.Exists(Path.Combine(Folder, StateFile));

    /// <summary>Deletes the state file (a home left as empty as it was found).</summary>
    public void DeleteState()
    {
        var path = Path.Combine(Folder, StateFile);
        if (File.Exists(path)) File.Delete(path);
    }

    /// <summary>Stores the device's state.</summary>
    public void WriteState(HomeState state) =>
        AtomicFile.Write(Path.Combine(Folder, StateFile), JsonSerializer.SerializeToUtf8Bytes(state, HomeJsonContext.Default.HomeState));

    /// <summary>An application profile from the cache, or null.</summary>
    public SignedApplicationProfile? ReadCached(string applicationId) => Read<SignedApplicationProfile>(CachePath(applicationId));

    /// <summary>Caches an application profile (as published: encrypted).</summary>
    public void WriteCached(SignedApplicationProfile application) => Write(CachePath(application.Identifier!), application);

    /// <summary>Removes an application profile from the cache.</summary>
    public void RemoveCached(string applicationId)
    {
        var path = Path.Combine(Folder, CachePath(applicationId));
        if (File.Exists(path)) File.Delete(path);
        var transaction = Path.Combine(Folder, TransactionPath(applicationId));
        if (File.Exists(transaction)) File.Delete(transaction);
    }

    private static string CachePath(string applicationId)
    {
        if (applicationId.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '-'))
            throw new MeshException($"'{applicationId}' is not a valid application identifier.");
        return Path.Combine("cache", applicationId + ".json");
    }

    private T? Read<T>(string name) where T : class
    {
        var path = Path.Combine(Folder, name);
        return File.Exists(path) ? TaggedJson.Deserialize<T>(File.ReadAllBytes(path)) : null;
    }

    private void Write<T>(string name, T value) where T : class =>
        AtomicFile.Write(Path.Combine(Folder, name), TaggedJson.Serialize(value));

    private T? ReadSecret<T>(string name) where T : class =>
        ReadSecretBytes(name) is { } bytes ? TaggedJson.Deserialize<T>(bytes) : null;

    private byte[]? ReadSecretBytes(string name)
    {
        var path = Path.Combine(Folder, name);
        if (!File.Exists(path)) return null;
        var bytes = File.ReadAllBytes(path);
        if (Home.Passphrase.IsProtected(bytes))
            bytes = Passphrase is null
                ? throw new MeshException(MeshStatus.ClientUnauthorized, "The device's keys are protected by a passphrase; give it with MESH_PASSPHRASE or --passphrase-file.")
                : Home.Passphrase.Unprotect(bytes, Passphrase);
        return bytes;
    }

    private void WriteSecret<T>(string name, T value) where T : class => WriteSecretBytes(name, TaggedJson.Serialize(value));

    private void WriteSecretBytes(string name, byte[] bytes) =>
        AtomicFile.Write(Path.Combine(Folder, name), Passphrase is null ? bytes : Home.Passphrase.Protect(bytes, Passphrase), secret: true);

    /// <summary>
    /// A value that changes whenever the stored profile, the cached applications, the per-device SSH keys or the
    /// offline journal change (each is replaced by a rename, which changes its time or its folder's): cheap enough
    /// to ask on every request.
    /// </summary>
    public string ChangeStamp() => string.Join('/', new[] { ProfileFile, "cache", "ssh", JournalFile }
        .Select(name => Path.Combine(Folder, name))
        .Select(path => (File.Exists(path) ? File.GetLastWriteTimeUtc(path) : Directory.GetLastWriteTimeUtc(path)).Ticks));

    /// <summary>The offline journal (<c>journal.json</c>, owner-only, passphrase-protected if set; see <see cref="OfflineJournal"/>), or null.</summary>
    public byte[]? ReadJournal() => ReadSecretBytes(JournalFile);

    /// <summary>Where the offline journal is kept (to see whether it changed without reading it).</summary>
    public string JournalPath => Path.Combine(Folder, JournalFile);

    /// <summary>Replaces the offline journal, atomically; an empty one removes the file.</summary>
    public void WriteJournal(byte[]? journal)
    {
        if (journal is not null) WriteSecretBytes(JournalFile, journal);
        else if (File.Exists(JournalPath)) File.Delete(JournalPath);
    }

    /// <summary>A per-device SSH private key (DER PKCS#8) by its file name (<c>ssh/NAME.key</c>, owner-only, passphrase-protected if set), or null.</summary>
    public byte[]? ReadSshKey(string name) => ReadSecretBytes(SshKeyPath(name));

    /// <summary>Stores a per-device SSH private key.</summary>
    public void WriteSshKey(string name, byte[] pkcs8) => WriteSecretBytes(SshKeyPath(name), pkcs8);

    private static string SshKeyPath(string name) => name.Length > 0 && name.All(char.IsAsciiHexDigitLower)
        ? Path.Combine("ssh", name + ".key")
        : throw new ArgumentException($"'{name}' is not an SSH key file name.", nameof(name));

    /// <summary>
    /// The keys that prove a PIN in the answer to a request made with it (<see cref="ConnectionPin.AnswerKey"/>),
    /// by the UDF of the PIN's public key, on the administering device that issued them (<c>pins.key</c>, secret).
    /// </summary>
    public Dictionary<string, byte[]> ReadPinAnswerKeys() =>
        ReadSecretBytes(PinKeysFile) is { } bytes
            ? JsonSerializer.Deserialize(bytes, HomeJsonContext.Default.DictionaryStringByteArray) ?? []
            : [];

    /// <summary>Stores the PIN answer keys (owner-only, passphrase-protected if set).</summary>
    public void WritePinAnswerKeys(Dictionary<string, byte[]> keys) =>
        WriteSecretBytes(PinKeysFile, JsonSerializer.SerializeToUtf8Bytes(keys, HomeJsonContext.Default.DictionaryStringByteArray));
}
