using Mesh.Schema;
using Mesh.Schema.Json;

namespace Mesh.Client.Home;

/// <summary>
/// The cache's bookkeeping: beside each cached application profile <c>cache/ID.json</c>, the file
/// <c>cache/ID.transaction</c> holds the TransactionID that published that version, which the next
/// update names as its BasedOn; and <c>portal-unreachable</c> records when a read last had to be
/// served from the cache because the portal could not be reached.
/// </summary>
public sealed partial class DeviceHome
{
    private const string UnreachableFile = "portal-unreachable";

    /// <summary>
    /// Caches an application profile with the transaction that published it. The profile is written
    /// first: a crash between the two writes leaves an older TransactionID, which the portal refuses
    /// with 409 and the next sync repairs, never a BasedOn that skips a version.
    /// </summary>
    public void WriteCached(SignedApplicationProfile application, string transactionId)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentException.ThrowIfNullOrEmpty(transactionId);
        WriteCached(application);
        AtomicFile.Write(Path.Combine(Folder, TransactionPath(application.Identifier!)), System.Text.Encoding.UTF8.GetBytes(transactionId));
    }

    /// <summary>The TransactionID of the cached version of an application, or null when unknown.</summary>
    public string? ReadCachedTransaction(string applicationId)
    {
        var path = Path.Combine(Folder, TransactionPath(applicationId));
        return File.Exists(path) ? File.ReadAllText(path).Trim() is { Length: > 0 } id ? id : null : null;
    }

    /// <summary>When a read last found the portal unreachable, if no sync has succeeded since.</summary>
    public DateTimeOffset? PortalUnreachableSince
    {
        get
        {
            var path = Path.Combine(Folder, UnreachableFile);
            return File.Exists(path) && Rfc3339Converter.TryParse(File.ReadAllText(path).Trim(), out var when) ? when : null;
        }
    }

    /// <summary>Records that the portal could not be reached (kept from the first failure until a sync succeeds).</summary>
    public void MarkPortalUnreachable(DateTimeOffset now)
    {
        if (PortalUnreachableSince is not null) return;
        AtomicFile.Write(Path.Combine(Folder, UnreachableFile), System.Text.Encoding.UTF8.GetBytes(Rfc3339Converter.Format(now)));
    }

    /// <summary>Forgets that the portal was unreachable: the cache has just been brought up to date.</summary>
    public void ForgetPortalUnreachable()
    {
        var path = Path.Combine(Folder, UnreachableFile);
        if (File.Exists(path)) File.Delete(path);
    }

    private static string TransactionPath(string applicationId) => Path.ChangeExtension(CachePath(applicationId), ".transaction");
}
