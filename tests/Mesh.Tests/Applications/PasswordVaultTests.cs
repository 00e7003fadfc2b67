using Mesh.Applications;
using Mesh.Schema;
using Mesh.Schema.Json;

namespace Mesh.Tests.Applications;

public class PasswordVaultTests
{
    [Fact]
    public void Set_adds_entries_in_normal_form_and_find_returns_them_for_matching_hosts()
    {
        var vault = new PasswordVault();
        Assert.False(vault.Set(["*.Example.com", "example.com."], "Alice", "pw1"));

        var entry = Assert.Single(vault.Entries);
        Assert.Equal(["*.example.com", "example.com"], entry.Sites);
        Assert.Same(entry, vault.Find("example.com", "Alice"));
        Assert.Same(entry, vault.Find("mail.example.com", "Alice"));
        Assert.Empty(vault.Find("example.org"));
        Assert.Empty(vault.Find("not a host"));
    }

    [Fact]
    public void Usernames_and_passwords_are_case_sensitive()
    {
        var vault = new PasswordVault();
        vault.Set("example.com", "alice", "Password");
        vault.Set("example.com", "Alice", "password");

        Assert.Equal(2, vault.Entries.Count);
        Assert.Equal("Password", vault.Find("example.com", "alice")!.Password);
        Assert.Equal("password", vault.Find("example.com", "Alice")!.Password);
        Assert.Null(vault.Find("example.com", "ALICE"));
    }

    [Fact]
    public void Set_replaces_the_entry_of_the_same_user_on_a_shared_site()
    {
        var vault = new PasswordVault();
        vault.Set(["example.com", "www.example.com"], "alice", "old");
        vault.Set("other.com", "alice", "other");

        Assert.True(vault.Set("WWW.example.com", "alice", "new"));
        Assert.Equal(2, vault.Entries.Count);
        Assert.Equal("new", vault.Find("www.example.com", "alice")!.Password);
        Assert.Null(vault.Find("example.com", "alice"));
        Assert.Equal("other", vault.Find("other.com", "alice")!.Password);
    }

    [Fact]
    public void Find_puts_exact_sites_before_wildcards_and_longer_wildcards_first()
    {
        var vault = new PasswordVault();
        vault.Set("*.example.com", "wide", "1");
        vault.Set("*.mail.example.com", "narrow", "2");
        vault.Set("imap.mail.example.com", "exact", "3");

        Assert.Equal(["exact", "narrow", "wide"], vault.Find("imap.mail.example.com").Select(e => e.Username));
        Assert.Equal(["narrow", "wide"], vault.Find("smtp.mail.example.com").Select(e => e.Username));
        Assert.Equal(["wide"], vault.Find("mail.example.com").Select(e => e.Username));
    }

    [Fact]
    public void Remove_deletes_entries_listing_the_site_for_one_user_or_all()
    {
        var vault = new PasswordVault();
        vault.Set("example.com", "alice", "1");
        vault.Set("example.com", "bob", "2");
        vault.Set("other.com", "alice", "3");

        Assert.Equal(1, vault.Remove("EXAMPLE.com", "alice"));
        Assert.Equal(0, vault.Remove("example.com", "alice"));
        Assert.Equal(1, vault.Remove("example.com"));
        Assert.Equal(0, vault.Remove("*.other.com"));
        Assert.Equal("other.com", Assert.Single(vault.Entries).Sites![0]);
    }

    [Fact]
    public void NeverAsk_adds_lists_matches_and_removes_patterns()
    {
        var vault = new PasswordVault();
        Assert.True(vault.AddNeverAsk("*.Bank.example"));
        Assert.False(vault.AddNeverAsk("*.bank.example."));
        Assert.True(vault.AddNeverAsk("intranet.example"));

        Assert.Equal(["*.bank.example", "intranet.example"], vault.NeverAsk);
        Assert.True(vault.IsNeverAsk("login.bank.example"));
        Assert.False(vault.IsNeverAsk("bank.example"));
        Assert.True(vault.RemoveNeverAsk("*.BANK.example"));
        Assert.False(vault.RemoveNeverAsk("*.bank.example"));
        Assert.False(vault.IsNeverAsk("login.bank.example"));
    }

    [Fact]
    public void Misuse_is_refused()
    {
        var vault = new PasswordVault();
        Assert.Throws<ArgumentException>(() => vault.Set("*.com", "alice", "pw"));
        Assert.Throws<ArgumentException>(() => vault.Set([], "alice", "pw"));
        Assert.Throws<ArgumentException>(() => vault.Set("example.com", "alice", ""));
        Assert.Throws<ArgumentException>(() => vault.AddNeverAsk("*"));
        Assert.Throws<ArgumentException>(() => vault.Remove("bad..name"));
        Assert.Empty(vault.Entries);
    }

    [Fact]
    public void The_contents_round_trip_through_the_private_part_and_its_tagged_json()
    {
        var vault = new PasswordVault { AutoGenerate = true };
        vault.Set(["*.example.com"], "alice", "pässwörd \"quoted\"");
        vault.AddNeverAsk("bank.example");

        var read = TaggedJson.Deserialize<PasswordProfilePrivate>(TaggedJson.Serialize(vault.ToPrivate()));
        var copy = new PasswordVault(read);
        Assert.True(copy.AutoGenerate);
        Assert.Equal("pässwörd \"quoted\"", copy.Find("www.example.com", "alice")!.Password);
        Assert.Equal(["bank.example"], copy.NeverAsk);
    }

    [Fact]
    public void A_stored_entry_with_an_invalid_pattern_is_kept_but_never_matches()
    {
        var stored = new PasswordProfilePrivate { Entries = [new PasswordEntry { Sites = ["*"], Username = "x", Password = "y" }] };
        var vault = new PasswordVault(stored);

        Assert.Single(vault.Entries);
        Assert.Empty(vault.Find("example.com"));
        Assert.Single(vault.ToPrivate().Entries!);
    }
}
