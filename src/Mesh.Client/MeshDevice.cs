using Mesh.Client.Home;
using Mesh.Client.Portal;
using Mesh.Client.Trust;
using Mesh.Escrow;
using Mesh.Profiles;
using Mesh.Schema;
using Mesh.Schema.Json;

namespace Mesh.Client;

/// <summary>
/// One device of the Mesh, as its home folder describes it: its keys, its account and portal, the
/// profile it last verified. The flows (create, connect, sync, applications, escrow) are built on it.
/// </summary>
public sealed partial class MeshDevice : IDisposable
{
    private DeviceSecrets? _device;
    private MasterSecrets? _master;

    /// <summary>Opens the device in <paramref name="home"/>; <paramref name="portalUrl"/> overrides discovery.</summary>
    public MeshDevice(DeviceHome home, string? portalUrl = null)
    {
        Home = home;
        PortalUrl = portalUrl;
    }

    /// <summary>The home folder.</summary>
    public DeviceHome Home { get; }

    /// <summary>The portal URL given explicitly, if any.</summary>
    public string? PortalUrl { get; }

    /// <summary>The clock.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>The HttpClient used to reach portals (tests supply their own).</summary>
    public HttpClient? Http { get; init; }

    /// <summary>The device's keys; 404 when this home has no device.</summary>
    public DeviceSecrets Device => _device ??= LoadDevice();

    /// <summary>The master's keys, on an administering device; null elsewhere.</summary>
    public MasterSecrets? Master => _master ??= LoadMaster();

    /// <summary>The account this device belongs to; 404 when it has none yet.</summary>
    public string Account => Home.ReadState() is { Account: { } account } ? account : throw NotJoined();

    /// <summary>The last verified personal profile; 404 when there is none.</summary>
    public VerifiedPersonalProfile Profile
    {
        get
        {
            var signed = Home.ReadProfile() ?? throw NotJoined("This device has no profile yet.");
            var bytes = TaggedJson.Serialize(signed);
            // Flows read the profile many times; verify each stored version once per process.
            if (_profile is { } known && known.Bytes.AsSpan().SequenceEqual(bytes)) return known.Verified;
            var verified = ProfileVerifier.Verify(bytes, null, Clock.GetUtcNow(), Verification);
            _profile = (bytes, verified);
            return verified;
        }
    }

    /// <summary>The message every command gives on a device that has not joined an account: the same words whether it reads, writes or syncs.</summary>
    public const string WaitingToJoin = "is waiting for an administering device to accept it";

    /// <summary>Throws, with the same words for every command, when this device asked to join an account and has no answer yet.</summary>
    public void RequireJoined()
    {
        if (Home.ReadState() is { Account: null, Pending: not null }) throw NotJoined();
    }

    // A device that asked to join and has no answer yet says so, whatever was asked of it.
    private MeshException NotJoined(string otherwise = "This device has no account yet.") => Home.ReadState().Pending is { } pending
        ? new MeshException(MeshStatus.NotFound, $"This device asked to join {pending.Account} and {WaitingToJoin}; run 'mesh device complete' to learn the answer.")
        : new MeshException(MeshStatus.NotFound, otherwise);

    /// <summary>Master and device profiles this device has verified, reused across versions of the personal profile.</summary>
    internal VerificationCache Verification { get; } = new(capacity: 1_000);

    private (byte[] Bytes, VerifiedPersonalProfile Verified)? _profile;

    /// <summary>What this device has verified of its portal, and the rules it holds the portal to.</summary>
    public DeviceTrust Trust => _trust ??= new DeviceTrust(Home);

    private DeviceTrust? _trust;

    /// <summary>Proofs, from the portal's log, that it withheld nothing of the account.</summary>
    public AccountAudit Audit => new(Home, Trust);

    /// <summary>Signs requests as this device of its account.</summary>
    public RequestSigner Signer => new(Account, Device);

    /// <summary>
    /// A client for the portal of <paramref name="account"/>: at the URL given to this device, else the one saved
    /// in the home when the account is at the home's portal (any account there: the log commands ask it as mesh@PORTAL),
    /// else found from the account's domain.
    /// </summary>
    public async Task<PortalClient> ConnectAsync(string account, CancellationToken cancel = default)
    {
        if (_offline) throw new HttpRequestException("The portal could not be reached a moment ago; this command does not try again.");
        var portal = PortalLocator.PortalOf(account);
        var stored = Home.ReadState();
        bool AtHomePortal(string? other) => other is not null && string.Equals(PortalLocator.PortalOf(other), portal, StringComparison.OrdinalIgnoreCase);
        var url = PortalUrl ?? (AtHomePortal(stored.Account) || AtHomePortal(stored.Pending?.Account) ? stored.PortalUrl : null);
        var uri = url is not null ? PortalLocator.Check(url, explicitlyNamed: true) : await PortalLocator.LocateAsync(portal, null, cancel).ConfigureAwait(false);
        return Watch(new PortalClient(portal, uri, Http) { Clock = Clock }, account);
    }

    /// <summary>
    /// Creates the master profile, this device's profile and the personal profile binding them, with
    /// this device as the administrator; stores them in the home. Throws <see cref="MeshException"/> (409)
    /// when the home already has a device.
    /// </summary>
    public VerifiedPersonalProfile CreateProfile(string description)
    {
        if (Home.Exists) throw new MeshException(MeshStatus.AlreadyExists, $"{Home.Folder} already holds a device; use another --home.");
        var now = Clock.GetUtcNow();
        var master = MasterSecrets.Create(now);
        var device = DeviceSecrets.Create(description, now);
        var signed = PersonalProfiles.Create(master, [device.Profile], now, [Administration.Entry([device.Identifier])]);
        Home.WriteMasterKeys(EscrowedKeys.Pack(master.AllKeys));
        Home.WriteDeviceKeys(device.ExportPrivate());
        Home.WriteDevice(device.Profile);
        Home.WriteProfile(signed);
        (_device, _master) = (device, master);
        return Profile;
    }

    private DeviceSecrets LoadDevice()
    {
        var keys = Home.ReadDeviceKeys() ?? throw new MeshException(MeshStatus.NotFound, $"There is no device in {Home.Folder}; run 'mesh profile create' or 'mesh device request'.");
        var profile = Home.ReadDevice() ?? throw new MeshException($"The device profile is missing from {Home.Folder}.");
        return DeviceSecrets.Import(keys, profile, Clock.GetUtcNow());
    }

    private MasterSecrets? LoadMaster()
    {
        var keys = Home.ReadMasterKeys();
        if (keys is null) return null;
        var pairs = EscrowedKeys.Unpack(keys);
        return MasterSecrets.Restore(pairs, Profile.Master.SignedForm, Clock.GetUtcNow());
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _device?.Dispose();
        _master?.Dispose();
    }
}
