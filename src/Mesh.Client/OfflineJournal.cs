// Changes made while the portal could not be reached, kept on the device until they are published:
// the file journal.json of the home, replaced atomically and secret like the device's keys (it
// holds passwords). Each change is a PasswordOperation with the entries it was made on, so that it
// merges into whatever other devices published meanwhile (PasswordMerge).
using System.Text.Json;
using System.Text.Json.Serialization;
using Mesh.Applications;
using Mesh.Client.Home;

namespace Mesh.Client;

/// <summary>A change kept in the journal.</summary>
/// <param name="Id">its identifier in the journal</param>
/// <param name="Operation">the change</param>
public sealed record JournalRecord(string Id, PasswordOperation Operation);

/// <summary>A change to another application (mail, network, SSH) kept in the journal: its private part before and after.</summary>
/// <param name="Id">its identifier in the journal</param>
/// <param name="Type">the application's type (its public part's tag)</param>
/// <param name="ApplicationId">the application, or null for one to add to the profile</param>
/// <param name="Friendly">the friendly name of an application to add</param>
/// <param name="Base">the private part (tagged JSON) the change was made on, or null when there was none</param>
/// <param name="New">the private part the change made</param>
/// <param name="Time">when it was made</param>
public sealed record ApplicationRecord(string Id, string Type, string? ApplicationId, string Friendly, string? Base, string New, DateTimeOffset Time);

/// <summary>The journal file's contents.</summary>
public sealed record JournalFile
{
    /// <summary>The password changes not yet published, oldest first.</summary>
    public IReadOnlyList<JournalRecord> Passwords { get; init; } = [];

    /// <summary>The other applications' changes not yet published, oldest first.</summary>
    public IReadOnlyList<ApplicationRecord> Applications { get; init; } = [];
}

/// <summary>The offline journal of a device home.</summary>
public sealed class OfflineJournal(DeviceHome home)
{
    /// <summary>The password changes not yet published, oldest first.</summary>
    public IReadOnlyList<JournalRecord> Passwords => Read().Passwords;

    /// <summary>The other applications' changes not yet published, oldest first.</summary>
    public IReadOnlyList<ApplicationRecord> Applications => Read().Applications;

    /// <summary>Appends a change to another application.</summary>
    public void Append(string type, string? applicationId, string friendly, string? before, string after, DateTimeOffset time)
    {
        var record = new ApplicationRecord(Guid.NewGuid().ToString("N"), type, applicationId, friendly, before, after, time);
        Locked(() =>
        {
            var file = Read(fresh: true);
            Write(file with { Applications = [.. file.Applications, record] });
        });
    }

    /// <summary>Removes other applications' changes that have been published.</summary>
    public void Remove(IEnumerable<ApplicationRecord> published)
    {
        ArgumentNullException.ThrowIfNull(published);
        var ids = published.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        if (ids.Count == 0) return;
        Locked(() =>
        {
            var file = Read(fresh: true);
            Write(file with { Applications = [.. file.Applications.Where(r => !ids.Contains(r.Id))] });
        });
    }

    /// <summary>Appends changes.</summary>
    public void Append(IEnumerable<PasswordOperation> operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        var records = operations.Select(o => new JournalRecord(Guid.NewGuid().ToString("N"), o)).ToList();
        Locked(() =>
        {
            var file = Read(fresh: true);
            Write(file with { Passwords = [.. file.Passwords, .. records] });
        });
    }

    /// <summary>Removes changes that have been published (others appended meanwhile stay).</summary>
    public void Remove(IEnumerable<JournalRecord> published)
    {
        ArgumentNullException.ThrowIfNull(published);
        var ids = published.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        if (ids.Count == 0) return;
        Locked(() =>
        {
            var file = Read(fresh: true);
            Write(file with { Passwords = [.. file.Passwords.Where(r => !ids.Contains(r.Id))] });
        });
    }

    // Two processes on one home (a git credential helper beside a terminal) must not lose each
    // other's appends: each read-modify-write holds an exclusive lock on journal.lock (flock on Unix).
    private void Locked(System.Action change)
    {
        var path = Path.Combine(home.Folder, "journal.lock");
        for (var waited = 0; ; waited += 20)
        {
            FileStream? held = null;
            try
            {
                held = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited < 10_000)
            {
                Thread.Sleep(20);
                continue;
            }
            using (held)
            {
                change();
                return;
            }
        }
    }

    /// <summary>
    /// An application's private part (tagged JSON; null when there is none) with changes made offline
    /// applied, each by a three-way merge of its before and after onto what is there now (<see cref="JsonMerge"/>).
    /// </summary>
    public static string? Overlay(string? current, IEnumerable<ApplicationRecord> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var merged = current is null ? null : System.Text.Json.Nodes.JsonNode.Parse(current);
        foreach (var change in changes)
            merged = JsonMerge.ThreeWay(change.Base is null ? null : System.Text.Json.Nodes.JsonNode.Parse(change.Base),
                System.Text.Json.Nodes.JsonNode.Parse(change.New), merged);
        return merged?.ToJsonString();
    }

    // The file as last read, with its time and length: every read of a command (several per write) would
    // otherwise parse it again, and with a passphrase derive its key (Argon2id, 64 MiB) again.
    private (long Ticks, long Length, JournalFile File)? _read;

    private JournalFile Read(bool fresh = false)
    {
        var info = new FileInfo(home.JournalPath);
        if (!info.Exists) return new JournalFile();
        if (!fresh && _read is { } last && last.Ticks == info.LastWriteTimeUtc.Ticks && last.Length == info.Length) return last.File;
        if (home.ReadJournal() is not { } bytes) return new JournalFile();
        JournalFile file;
        try
        {
            file = JsonSerializer.Deserialize(bytes, JournalJsonContext.Default.JournalFile) ?? new JournalFile();
        }
        catch (JsonException e)
        {
            throw new MeshException($"The home's offline journal is damaged: {e.Message}", e);
        }
        _read = (info.LastWriteTimeUtc.Ticks, info.Length, file);
        return file;
    }

    private void Write(JournalFile file)
    {
        home.WriteJournal(file.Passwords.Count == 0 && file.Applications.Count == 0 ? null : JsonSerializer.SerializeToUtf8Bytes(file, JournalJsonContext.Default.JournalFile));
        _read = null;
    }
}

[JsonSourceGenerationOptions(WriteIndented = false, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JournalFile))]
internal sealed partial class JournalJsonContext : JsonSerializerContext;
