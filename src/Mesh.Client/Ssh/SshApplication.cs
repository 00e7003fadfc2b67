// This implementation's SSH application (docs/applications.md, "SSH"): the person's SSH keys and
// known hosts, one SshProfile application sealed to the devices that may use them.
using System.Security.Cryptography;
using Mesh.Schema;
using Mesh.Ssh;

namespace Mesh.Client.Ssh;

/// <summary>An SSH key of the profile, as this device reads it.</summary>
/// <param name="Entry">the stored entry</param>
/// <param name="PublicKey">its public key</param>
/// <param name="HeldHere">whether this device can sign with it: a shared key, or this device's own per-device key</param>
public sealed record SshKeyRead(SshKeyEntry Entry, SshPublicKey PublicKey, bool HeldHere)
{
    /// <summary>Whether it is a per-device key.</summary>
    public bool PerDevice => Entry.Device is not null;

    /// <summary>Whether a newer key replaced it.</summary>
    public bool Retired => Entry.Retired is not null;
}

/// <summary>The SSH application as a device read it.</summary>
/// <param name="Keys">the keys, current first</param>
/// <param name="KnownHosts">the trusted host keys</param>
/// <param name="StaleSince">when set, the portal could not be reached (since then) and the cache may be out of date</param>
public sealed record SshRead(IReadOnlyList<SshKeyRead> Keys, IReadOnlyList<SshKnownHost> KnownHosts, DateTimeOffset? StaleSince);

/// <summary>
/// The SSH keys and known hosts of the account, read and changed through one device. Shared keys
/// are in the profile's encrypted private part, so every device that reads it can sign with them;
/// a per-device key's private half stays in this device's home and only its public half is published.
/// Changes go through <see cref="MeshDevice.ChangeApplicationAsync{TProfile,TPrivate}"/>, so they merge
/// with another device's concurrent change rather than overwrite it.
/// </summary>
public sealed class SshApplication(MeshDevice device)
{
    /// <summary>The friendly name of the SSH application.</summary>
    public const string Friendly = "SSH";

    /// <summary>The keys and known hosts (from the cache unless <paramref name="refresh"/>, as for passwords).</summary>
    public async Task<SshRead> ReadAsync(bool refresh = false, CancellationToken cancel = default)
    {
        var read = await device.ReadApplicationsAsync<SshProfile, SshProfilePrivate>(refresh, cancel).ConfigureAwait(false);
        return ToRead(Primary(read.Applications)?.Private, read.StaleSince);
    }

    /// <summary>The keys and known hosts from the cache alone, without contacting the portal.</summary>
    public SshRead ReadCached() => ToRead(Primary(device.ReadCachedApplications<SshProfile, SshProfilePrivate>())?.Private, null);

    /// <summary>
    /// The key pairs this device can sign with, current keys first, each with its authorized_keys comment.
    /// The caller disposes them. Read from the cache: the agent never contacts the portal to sign.
    /// </summary>
    public IReadOnlyList<(SshKeyPair Key, string Comment)> OpenKeyPairs()
    {
        var result = new List<(SshKeyPair, string)>();
        foreach (var entry in Order(Primary(device.ReadCachedApplications<SshProfile, SshProfilePrivate>())?.Private?.Keys ?? []))
        {
            if (OpenPrivate(entry) is { } pair) result.Add((pair, CommentOf(entry)));
        }
        return result;
    }

    /// <summary>
    /// Makes a new key: shared by every SSH device (the default), or held by this device alone
    /// (<paramref name="perDevice"/>: its private half is kept in this home, its public half published).
    /// The first key adds the SSH application to the profile, which needs an administering device.
    /// </summary>
    public async Task<(SshPublicKey Key, ApplicationChange Change)> CreateAsync(SshKeyType type, bool perDevice, string? comment = null,
        int rsaBits = 3072, CancellationToken cancel = default)
    {
        using var key = SshKeyPair.Generate(type, rsaBits);
        return await AddAsync(key, perDevice, comment, cancel).ConfigureAwait(false);
    }

    /// <summary>Adds an existing key pair (imported from a file) as a shared or per-device key; 409 when the profile has it already.</summary>
    public async Task<(SshPublicKey Key, ApplicationChange Change)> AddAsync(SshKeyPair key, bool perDevice, string? comment = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var entry = new SshKeyEntry
        {
            PublicKey = key.PublicKey.Blob,
            PrivateKey = perDevice ? null : key.ExportPkcs8(),
            Device = perDevice ? device.Device.Identifier : null,
            Comment = comment ?? DefaultComment(perDevice),
            Created = device.Clock.GetUtcNow(),
        };
        // Kept here before it is published: a per-device key whose private half were lost would be useless.
        if (perDevice) device.Home.WriteSshKey(KeyFileName(key.PublicKey), key.ExportPkcs8());
        var change = await ChangeAsync(ssh =>
        {
            if ((ssh.Keys ?? []).Any(k => key.PublicKey.BlobSpan.SequenceEqual(k.PublicKey)))
                throw new MeshException(MeshStatus.AlreadyExists, $"Your SSH profile already has the key {key.PublicKey.Fingerprint}.");
            return ssh with { Keys = [.. ssh.Keys ?? [], entry] };
        }, cancel).ConfigureAwait(false);
        return (key.PublicKey, change!);
    }

    /// <summary>
    /// Adds shared keys (DER PKCS#8, from an export) in one change, skipping those the profile has
    /// already; returns how many were added (no change is published when none is).
    /// </summary>
    public async Task<(int Added, ApplicationChange? Change)> AddSharedAsync(IReadOnlyList<(byte[] Pkcs8, string Comment)> keys, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var entries = new List<SshKeyEntry>();
        foreach (var (der, comment) in keys)
        {
            using var pair = SshKeyPair.FromPkcs8(der);
            if (!entries.Any(e => pair.PublicKey.BlobSpan.SequenceEqual(e.PublicKey)))
                entries.Add(new() { PublicKey = pair.PublicKey.Blob, PrivateKey = pair.ExportPkcs8(), Comment = comment, Created = device.Clock.GetUtcNow() });
        }
        var added = 0;
        var change = await ChangeAsync(ssh =>
        {
            var fresh = entries.Where(e => !(ssh.Keys ?? []).Any(k => e.PublicKey.AsSpan().SequenceEqual(k.PublicKey))).ToList();
            added = fresh.Count;
            return fresh.Count == 0 ? null : ssh with { Keys = [.. ssh.Keys ?? [], .. fresh] };
        }, cancel).ConfigureAwait(false);
        return (added, change);
    }

    /// <summary>
    /// Makes a new shared key and retires the current shared keys (they are still offered, to reach
    /// servers not yet updated, until <see cref="RemoveAsync"/>). A device removed from the profile
    /// cannot read the new key. Returns the retired keys and the new one.
    /// </summary>
    public async Task<(IReadOnlyList<SshPublicKey> Retired, SshPublicKey Key, ApplicationChange Change)> RotateAsync(SshKeyType type, int rsaBits = 3072,
        CancellationToken cancel = default)
    {
        using var key = SshKeyPair.Generate(type, rsaBits);
        var now = device.Clock.GetUtcNow();
        var retired = new List<SshPublicKey>();
        var change = await ChangeAsync(ssh =>
        {
            retired.Clear();
            var keys = (ssh.Keys ?? []).Select(k =>
            {
                if (k.Device is not null || k.Retired is not null) return k;
                retired.Add(SshPublicKey.ParseBlob(k.PublicKey));
                return k with { Retired = now };
            }).ToList();
            keys.Add(new SshKeyEntry { PublicKey = key.PublicKey.Blob, PrivateKey = key.ExportPkcs8(), Comment = DefaultComment(false), Created = now });
            return ssh with { Keys = keys };
        }, cancel).ConfigureAwait(false);
        return (retired, key.PublicKey, change!);
    }

    /// <summary>Removes a key, found by its fingerprint (<c>SHA256:…</c>); 404 when the profile has none such.</summary>
    public async Task<(SshKeyEntry Removed, ApplicationChange Change)> RemoveAsync(string fingerprint, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        SshKeyEntry? removed = null;
        var change = await ChangeAsync(ssh =>
        {
            removed = (ssh.Keys ?? []).FirstOrDefault(k => Matches(k, fingerprint))
                ?? throw new MeshException(MeshStatus.NotFound, $"Your SSH profile has no key {fingerprint}.");
            return ssh with { Keys = [.. ssh.Keys!.Where(k => !ReferenceEquals(k, removed))] };
        }, cancel).ConfigureAwait(false);
        return (removed!, change!);
    }

    /// <summary>Whether an entry's key has this fingerprint (<c>SHA256:…</c>, as ssh-keygen -l prints it).</summary>
    public static bool Matches(SshKeyEntry entry, string fingerprint) =>
        SshPublicKey.TryParseBlob(entry.PublicKey, out var key, out _) && key!.Fingerprint == fingerprint.Trim();

    /// <summary>
    /// Changes the known hosts: <paramref name="edit"/> gets the current list and returns the new one (null: nothing to change).
    /// It may run twice, when another device changed the profile meanwhile.
    /// </summary>
    public Task<ApplicationChange?> ChangeKnownHostsAsync(Func<IReadOnlyList<SshKnownHost>, IReadOnlyList<SshKnownHost>?> edit,
        CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(edit);
        return ChangeAsync(ssh => edit(ssh.KnownHosts ?? []) is { } hosts ? ssh with { KnownHosts = hosts } : null, cancel);
    }

    private Task<ApplicationChange?> ChangeAsync(Func<SshProfilePrivate, SshProfilePrivate?> edit, CancellationToken cancel) =>
        device.ChangeApplicationAsync<SshProfile, SshProfilePrivate>(applications =>
        {
            var target = Primary(applications);
            return edit(target?.Private ?? new SshProfilePrivate()) is { } changed ? new(target?.Identifier, new SshProfile(), changed) : null;
        }, Friendly, cancel);

    private SshRead ToRead(SshProfilePrivate? ssh, DateTimeOffset? stale) =>
        new([.. Order(ssh?.Keys ?? []).Select(e => SshPublicKey.TryParseBlob(e.PublicKey, out var key, out _)
                ? new SshKeyRead(e, key!, e.PrivateKey is not null || (IsMine(e) && device.Home.ReadSshKey(KeyFileName(key!)) is not null))
                : null).OfType<SshKeyRead>()],
            ssh?.KnownHosts ?? [], stale);

    private SshKeyPair? OpenPrivate(SshKeyEntry entry)
    {
        if (!SshPublicKey.TryParseBlob(entry.PublicKey, out var expected, out _)) return null;
        var pkcs8 = entry.PrivateKey ?? (IsMine(entry) ? device.Home.ReadSshKey(KeyFileName(expected!)) : null);
        if (pkcs8 is null) return null;
        try
        {
            var pair = SshKeyPair.FromPkcs8(pkcs8);
            // A private key that is not the published public key's would sign for a key no server lists.
            if (pair.PublicKey.Equals(expected)) return pair;
            pair.Dispose();
        }
        catch (FormatException) { }
        return null;
    }

    private bool IsMine(SshKeyEntry entry) => entry.Device is { } d && Udf.AreEqual(d, device.Device.Identifier);

    private string DefaultComment(bool perDevice) =>
        perDevice ? $"{device.Account} {device.Profile.FindDevice(device.Device.Identifier)?.Profile.Description ?? device.Device.Identifier}" : device.Account;

    private static string CommentOf(SshKeyEntry entry) => entry.Comment ?? "";

    // Current keys first (newest first), then retired ones: clients try keys in the order offered.
    private static IEnumerable<SshKeyEntry> Order(IEnumerable<SshKeyEntry> keys) =>
        keys.OrderBy(k => k.Retired is not null).ThenByDescending(k => k.Created ?? DateTimeOffset.MinValue);

    /// <summary>The name of a per-device key's file in the home: the hex SHA-256 of its public blob.</summary>
    internal static string KeyFileName(SshPublicKey key) => Convert.ToHexStringLower(SHA256.HashData(key.BlobSpan));

    // One SSH application is used by every device, the first published (as for passwords); one this
    // device cannot read stops reads and writes, rather than being shown empty or written over.
    private static StoredApplication<SshProfile, SshProfilePrivate>? Primary(IReadOnlyList<StoredApplication<SshProfile, SshProfilePrivate>> applications) =>
        applications.FirstOrDefault(a => !a.Missing) is { } published
            ? published.Unreadable is { } reason ? throw new MeshException(MeshStatus.ClientUnauthorized, reason) : published
            : applications.Count > 0 ? applications[0] : null;
}
