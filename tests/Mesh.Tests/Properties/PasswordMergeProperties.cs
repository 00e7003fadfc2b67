using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Mesh.Applications;
using Mesh.Schema;
using Mesh.Schema.Json;

namespace Mesh.Tests.Properties;

/// <summary>
/// The three-way merge of offline password changes, for random edit histories on two or three
/// devices that all start from one vault: merging the devices' journals in any order gives the
/// same vault, and no edit a device made is lost (unless the same device deleted it afterwards).
/// </summary>
public sealed class PasswordMergeProperties
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 6, 0, 0, TimeSpan.Zero);
    private static readonly string[] Sites = ["a.example.com", "b.example.com", "c.example.com"];

    /// <summary>One device's action: on which site, set (with which password) or delete.</summary>
    public sealed record Action(int Site, bool Delete, char Password);

    private static readonly Gen<Action> AnAction =
        from site in Gen.Choose(0, Sites.Length - 1)
        from delete in Gen.Frequency((1, Gen.Constant(true)), (3, Gen.Constant(false)))
        from password in Gen.Elements('p', 'q', 'r')
        select new Action(site, delete, password);

    private static Arbitrary<Action[][]> Histories { get; } = Arb.From(
        from devices in Gen.Choose(2, 3)
        from actions in Gen.ArrayOf(Gen.Choose(1, 3).SelectMany(n => Gen.ArrayOf(AnAction, n)), devices)
        select actions);

    [Property(MaxTest = 2000)]
    public Property Merging_in_any_order_gives_one_vault_and_loses_no_edit() => Prop.ForAll(Histories, histories =>
    {
        var journals = histories.Select((actions, device) => Journal(actions, device, histories.Length)).ToList();
        var results = Permutations(Enumerable.Range(0, journals.Count).ToList())
            .Select(order => Canonical(Merge(order.SelectMany(i => journals[i])))).Distinct().ToList();
        if (results.Count != 1) return false.Label($"{results.Count} different vaults:\n{string.Join("\n", results)}");
        var merged = Merge(journals.SelectMany(j => j));
        foreach (var journal in journals)
            for (var i = 0; i < journal.Count; i++)
            {
                var op = journal[i];
                if (op.Kind != PasswordOperationKind.Set) continue;
                if (journal.Skip(i + 1).Any(later => later.Kind == PasswordOperationKind.Remove && later.Sites[0] == op.Sites[0])) continue;
                var entry = merged.Entries.FirstOrDefault(e => e.Sites![0] == op.Sites[0]);
                var versions = entry is null ? [] : PasswordHistory.Versions(entry).ToList();
                if (!versions.Any(v => v.Password == op.Password && v.Modified == op.Time))
                    return false.Label($"the edit {op.Password}@{op.Time:mm} on {op.Sites[0]} by {op.Device} is lost:\n{Canonical(merged)}");
            }
        return true.ToProperty();
    });

    [Fact]
    public void Two_devices_change_the_same_login_and_the_later_wins_with_the_other_in_history()
    {
        var a = PasswordOperation.Set(Initial(), ["a.example.com"], "u", "from-a", null, null, T0.AddMinutes(1), "A");
        var b = PasswordOperation.Set(Initial(), ["a.example.com"], "u", "from-b", null, null, T0.AddMinutes(2), "B");
        foreach (var order in (PasswordOperation[][])[[a, b], [b, a]])
        {
            var vault = Initial();
            var outcomes = PasswordMerge.Apply(vault, order);
            var entry = vault.Entries.Single(e => e.Sites![0] == "a.example.com");
            Assert.Equal("from-b", entry.Password);
            Assert.Equal(["from-a", "initial"], entry.History!.Select(v => v.Password));
            Assert.Contains(outcomes, o => o.Outcome is MergeOutcome.LostConflict or MergeOutcome.WonConflict);
        }
    }

    [Fact]
    public void A_delete_against_an_edit_keeps_the_edit()
    {
        var delete = PasswordOperation.Remove(Initial(), "a.example.com", "u", T0.AddMinutes(5), "A");
        var edit = PasswordOperation.Set(Initial(), ["a.example.com"], "u", "edited", null, null, T0.AddMinutes(1), "B");
        foreach (var order in (PasswordOperation[][])[[delete, edit], [edit, delete]])
        {
            var vault = Initial();
            var outcomes = PasswordMerge.Apply(vault, order);
            Assert.Equal("edited", vault.Entries.Single(e => e.Sites![0] == "a.example.com").Password);
            Assert.Contains(outcomes, o => o.Outcome is MergeOutcome.DeleteSkipped or MergeOutcome.EditOverDelete);
        }
    }

    [Fact]
    public void Applying_a_journal_twice_changes_nothing_the_second_time()
    {
        var view = Initial();
        var journal = new List<PasswordOperation>();
        foreach (var (site, password) in new[] { ("a.example.com", "x"), ("d.example.com", "y"), ("a.example.com", "z") })
        {
            var op = PasswordOperation.Set(view, [site], "u", password, null, null, T0.AddMinutes(journal.Count + 1), "A");
            PasswordMerge.Apply(view, [op]);
            journal.Add(op);
        }
        journal.Add(PasswordOperation.Remove(view, "b.example.com", "u", T0.AddMinutes(9), "A"));
        var vault = Initial();
        PasswordMerge.Apply(vault, journal);
        var once = Canonical(vault);
        Assert.All(PasswordMerge.Apply(vault, journal), r => Assert.Equal(MergeOutcome.AlreadyThere, r.Outcome));
        Assert.Equal(once, Canonical(vault));
    }

    private static PasswordVault Initial()
    {
        var vault = new PasswordVault();
        foreach (var site in Sites) vault.Set(site, "u", "initial", time: T0, device: "Z");
        return vault;
    }

    // The operations a device journals for its actions, each made on its own view of the vault so far.
    private static List<PasswordOperation> Journal(Action[] actions, int device, int devices)
    {
        var view = Initial();
        var journal = new List<PasswordOperation>();
        for (var i = 0; i < actions.Length; i++)
        {
            var action = actions[i];
            // Every action of every device at its own minute: steps interleave across devices.
            var time = T0.AddMinutes(1 + (i * devices) + device);
            var name = ((char)('A' + device)).ToString();
            var op = action.Delete
                ? PasswordOperation.Remove(view, Sites[action.Site], "u", time, name)
                : PasswordOperation.Set(view, [Sites[action.Site]], "u", $"{action.Password}{name}{i}", null, null, time, name);
            PasswordMerge.Apply(view, [op]);
            journal.Add(op);
        }
        return journal;
    }

    private static PasswordVault Merge(IEnumerable<PasswordOperation> operations)
    {
        var vault = Initial();
        PasswordMerge.Apply(vault, operations);
        return vault;
    }

    private static string Canonical(PasswordVault vault) =>
        string.Join("\n", vault.Entries.OrderBy(e => e.Sites![0], StringComparer.Ordinal).Select(e => TaggedJson.SerializeToString(new PasswordProfilePrivate { Entries = [e] })));

    private static IEnumerable<List<int>> Permutations(List<int> items) => items.Count <= 1
        ? [items]
        : items.SelectMany(first => Permutations([.. items.Where(i => i != first)]).Select(rest => (List<int>)[first, .. rest]));
}
