// Three-way merge of password changes, entry by entry: a change is applied to the latest version of
// the vault knowing the entries it was made on (its base). Different entries changed on two devices
// both survive; the same entry changed on both keeps the later change and the other as a previous
// version; a delete removes only the versions its device saw, so an edit made elsewhere meanwhile
// survives it (and an edit of an entry deleted meanwhile brings it back). The outcome does not
// depend on the order devices merge in (tests/Mesh.Tests/Properties/PasswordMergeProperties.cs).
using Mesh.Schema;

namespace Mesh.Applications;

/// <summary>What merging one operation did.</summary>
public enum MergeOutcome
{
    /// <summary>Applied as made: the vault still held what the change was made on.</summary>
    Applied,

    /// <summary>Nothing to do: the vault already holds it (or what it removes is gone).</summary>
    AlreadyThere,

    /// <summary>The entry had changed elsewhere and this change is the later: it is current, the other a previous version.</summary>
    WonConflict,

    /// <summary>The entry had changed elsewhere, later: that change stays current, this one is kept as a previous version.</summary>
    LostConflict,

    /// <summary>The entry had been deleted elsewhere: the edit brings it back.</summary>
    EditOverDelete,

    /// <summary>A delete of entries changed elsewhere since it was made: those are kept.</summary>
    DeleteSkipped,
}

/// <summary>An operation and what merging it did.</summary>
public sealed record MergeResult(PasswordOperation Operation, MergeOutcome Outcome);

/// <summary>Applies <see cref="PasswordOperation"/>s to a vault by three-way merge.</summary>
public static class PasswordMerge
{
    /// <summary>Applies the operations in order; returns what each did.</summary>
    public static IReadOnlyList<MergeResult> Apply(PasswordVault vault, IEnumerable<PasswordOperation> operations)
    {
        ArgumentNullException.ThrowIfNull(vault);
        ArgumentNullException.ThrowIfNull(operations);
        return [.. operations.Select(op => new MergeResult(op, op.Kind switch
        {
            PasswordOperationKind.Set => Set(vault, op),
            PasswordOperationKind.Remove => Remove(vault, op),
            PasswordOperationKind.AddNeverAsk => vault.AddNeverAsk(op.Sites[0]) ? MergeOutcome.Applied : MergeOutcome.AlreadyThere,
            _ => vault.RemoveNeverAsk(op.Sites[0]) ? MergeOutcome.Applied : MergeOutcome.AlreadyThere,
        }))];
    }

    private static MergeOutcome Set(PasswordVault vault, PasswordOperation op)
    {
        var made = op.Entry();
        var current = vault.Matching(op.Sites, op.Username ?? "");
        if (current.FirstOrDefault(c => PasswordHistory.SameContent(c, made)) is { } same)
        {
            // The same login written twice: the later writing's time and device, whichever came first.
            if (Later(made, same)) vault.Replace(same, same with { Modified = made.Modified, Device = made.Device });
            return MergeOutcome.AlreadyThere;
        }
        // A version already there (current or previous): this change was merged before (a journal replayed).
        if (current.Any(c => PasswordHistory.Versions(c).Contains(PasswordHistory.Of(made)))) return MergeOutcome.AlreadyThere;
        if (current.Count == 0)
        {
            vault.Put(made, current);
            return op.Base.Count == 0 ? MergeOutcome.Applied : MergeOutcome.EditOverDelete;
        }
        var replaced = current.SelectMany(PasswordHistory.Versions);
        if (current.Count == op.Base.Count && current.All(c => op.Base.Any(b => SameVersion(b, c))))
        {
            vault.Put(made with { History = PasswordHistory.Order(replaced) }, current);
            return MergeOutcome.Applied;
        }
        var other = current[0];
        if (Later(made, other))
        {
            vault.Put(made with { History = PasswordHistory.Order(replaced) }, current);
            return MergeOutcome.WonConflict;
        }
        vault.Replace(other, other with { History = PasswordHistory.Order([.. other.History ?? [], PasswordHistory.Of(made)]) });
        return MergeOutcome.LostConflict;
    }

    // A delete removes the versions of an entry the remover saw; when there are others (made elsewhere
    // meanwhile), the newest of them becomes current and the rest its history. What a device deleted
    // is then gone whatever the order of merging, and what it never saw is never lost.
    private static MergeOutcome Remove(PasswordVault vault, PasswordOperation op)
    {
        var current = vault.Entries.Where(e => (op.Username is null || e.Username == op.Username) && SitePattern.Lists(e.Sites, op.Sites[0])).ToList();
        if (current.Count == 0) return MergeOutcome.AlreadyThere;
        var seen = op.Base.SelectMany(PasswordHistory.Versions).ToList();
        var kept = false;
        foreach (var entry in current)
        {
            var versions = PasswordHistory.Versions(entry).ToList();
            var unseen = versions.Where(v => !seen.Contains(v)).ToList();
            if (unseen.Count == 0)
            {
                vault.Put(null, [entry]);
                continue;
            }
            kept = true;
            var newest = unseen.Aggregate((a, b) => Later(b, a) ? b : a);
            vault.Replace(entry, entry with
            {
                Password = newest.Password, Notes = newest.Notes, OtpAuth = newest.OtpAuth, Modified = newest.Modified, Device = newest.Device,
                History = PasswordHistory.Order(unseen.Where(v => v != newest)),
            });
        }
        return kept ? MergeOutcome.DeleteSkipped : MergeOutcome.Applied;
    }

    // The same version of an entry: same login, made at the same time by the same device.
    private static bool SameVersion(PasswordEntry a, PasswordEntry b) =>
        PasswordHistory.SameContent(a, b) && a.Modified == b.Modified && a.Device == b.Device;

    private static bool Later(PasswordEntry a, PasswordEntry b) => Later(PasswordHistory.Of(a), PasswordHistory.Of(b));

    // A total order on versions, so that every device picks the same winner.
    private static bool Later(PasswordVersion a, PasswordVersion b)
    {
        var order = Nullable.Compare(a.Modified, b.Modified);
        if (order == 0) order = string.CompareOrdinal(a.Device, b.Device);
        if (order == 0) order = string.CompareOrdinal(a.Password, b.Password);
        if (order == 0) order = string.CompareOrdinal(a.Notes, b.Notes);
        if (order == 0) order = string.CompareOrdinal(a.OtpAuth, b.OtpAuth);
        return order > 0;
    }
}
