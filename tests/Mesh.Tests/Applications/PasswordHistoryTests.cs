using Mesh.Applications;
using Mesh.Schema;

namespace Mesh.Tests.Applications;

public class PasswordHistoryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Each_change_keeps_the_version_it_replaced_newest_first_and_at_most_ten()
    {
        var vault = new PasswordVault();
        for (var i = 0; i < 13; i++) vault.Set("www.example.com", "alice", $"pw{i}", time: T0.AddMinutes(i), device: "MDEV");
        var entry = Assert.Single(vault.Entries);
        Assert.Equal("pw12", entry.Password);
        Assert.Equal(T0.AddMinutes(12), entry.Modified);
        Assert.Equal("MDEV", entry.Device);
        Assert.Equal(PasswordHistory.Max, entry.History!.Count);
        Assert.Equal(Enumerable.Range(2, 10).Reverse().Select(i => $"pw{i}"), entry.History.Select(v => v.Password));
        Assert.Equal(T0.AddMinutes(11), entry.History[0].Modified);
    }

    [Fact]
    public void Setting_the_same_login_again_keeps_its_time_and_adds_no_version()
    {
        var vault = new PasswordVault();
        vault.Set("www.example.com", "alice", "pw", "n", time: T0, device: "A");
        Assert.True(vault.Set("www.example.com", "alice", "pw", time: T0.AddHours(1), device: "B"));
        var entry = Assert.Single(vault.Entries);
        Assert.Equal((T0, "A"), (entry.Modified!.Value, entry.Device));
        Assert.Null(entry.History);
    }

    [Fact]
    public void Restore_brings_a_version_back_and_keeps_the_current_one()
    {
        var vault = new PasswordVault();
        vault.Set("*.example.com", "alice", "first", "note 1", "JBSWY3DPEHPK3PXP", T0, "A");
        vault.Set("*.example.com", "alice", "second", "note 2", time: T0.AddMinutes(1), device: "A");
        PasswordMerge.Apply(vault, [PasswordOperation.Restore(vault, "*.example.com", "alice", 1, T0.AddMinutes(2), "B")]);
        var restored = Assert.Single(vault.Entries);
        Assert.Equal(("first", "note 1", "B"), (restored.Password, restored.Notes, restored.Device));
        Assert.NotNull(restored.OtpAuth);
        Assert.Equal(["second", "first"], restored.History!.Select(v => v.Password));
        Assert.Throws<ArgumentException>(() => PasswordOperation.Restore(vault, "*.example.com", "alice", 3, T0, "B"));
        Assert.Throws<ArgumentException>(() => PasswordOperation.Restore(vault, "*.example.com", "alice", 0, T0, "B"));
        Assert.Throws<ArgumentException>(() => PasswordOperation.Restore(vault, "*.example.com", "bob", 1, T0, "B"));
    }

    [Fact]
    public void Order_removes_repeats_and_sorts_alike_whatever_order_it_is_given()
    {
        PasswordVersion V(string p, int minute, string device) => new() { Password = p, Modified = T0.AddMinutes(minute), Device = device };
        PasswordVersion[] versions = [V("a", 1, "X"), V("b", 2, "X"), V("c", 2, "W"), V("a", 1, "X"), new() { Password = "old" }];
        var ordered = PasswordHistory.Order(versions)!;
        Assert.Equal(["c", "b", "a", "old"], ordered.Select(v => v.Password));
        Assert.Equal(ordered, PasswordHistory.Order(versions.Reverse())!);
        Assert.Null(PasswordHistory.Order([]));
    }
}
