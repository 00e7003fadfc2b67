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

/// <summary>The journal file's contents.</summary>
public sealed record JournalFile
{
    /// <summary>The password changes not yet published, oldest first.</summary>
    public IReadOnlyList<JournalRecord> Passwords { get; init; } = [];
}

/// <summary>The offline journal of a device home.</summary>
public sealed class OfflineJournal(DeviceHome home)
{
    /// <summary>The password changes not yet published, oldest first.</summary>
    public IReadOnlyList<JournalRecord> Passwords => Read().Passwords;

    /// <summary>Appends changes.</summary>
    public void Append(IEnumerable<PasswordOperation> operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        var records = operations.Select(o => new JournalRecord(Guid.NewGuid().ToString("N"), o)).ToList();
        Locked(() =>
        {
            var file = Read();
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
            var file = Read();
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

    private JournalFile Read()
    {
        if (home.ReadJournal() is not { } bytes) return new JournalFile();
        try
        {
            return JsonSerializer.Deserialize(bytes, JournalJsonContext.Default.JournalFile) ?? new JournalFile();
        }
        catch (JsonException e)
        {
            throw new MeshException($"The home's offline journal is damaged: {e.Message}", e);
        }
    }

    private void Write(JournalFile file) =>
        home.WriteJournal(file.Passwords.Count == 0 ? null : JsonSerializer.SerializeToUtf8Bytes(file, JournalJsonContext.Default.JournalFile));
}

[JsonSourceGenerationOptions(WriteIndented = false, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JournalFile))]
internal sealed partial class JournalJsonContext : JsonSerializerContext;
