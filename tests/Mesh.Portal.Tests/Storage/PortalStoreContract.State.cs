using Mesh.Portal.Storage;

namespace Mesh.Portal.Tests.Storage;

// The contract, continued: derived state, nonces, checkpoints.
public abstract partial class PortalStoreContract
{
    [StoreFact]
    public void PutAccount_replaces_the_account()
    {
        using (var tx = Store.BeginWrite())
        {
            tx.PutAccount(new AccountRow("alice", "MPROFILE1", "Open", 0, T0));
            tx.PutAccount(new AccountRow("bob", "MPROFILE2", "Open", 1, T0));
            tx.PutAccount(new AccountRow("alice", "MPROFILE3", "Suspended", 2, T0.AddDays(1)));
            tx.Commit();
        }
        Assert.Equal(new AccountRow("alice", "MPROFILE3", "Suspended", 2, T0.AddDays(1)), Store.FindAccount("alice"));
        Assert.Equal(new AccountRow("bob", "MPROFILE2", "Open", 1, T0), Store.FindAccount("bob"));
        Assert.Null(Store.FindAccount("carol"));
        Assert.Null(Store.FindAccount("Alice")); // names are stored in lower case and compared exactly
        Assert.Equal(2, Store.DumpDerivedState().Count(line => line.StartsWith("account|", StringComparison.Ordinal)));
    }

    [StoreFact]
    public void A_key_holding_U0000_matches_nothing_and_a_term_holding_one_does_not_fail_the_commit()
    {
        const string nul = "a\0b";
        using (var tx = Store.BeginWrite())
        {
            Assert.Null(tx.FindAccount(nul));
            Assert.Null(tx.FindLatestEntry(nul));
            Assert.Null(tx.FindConnection(nul, nul));
            tx.PutAccount(new AccountRow("alice", "MPROFILE1", "Open", 0, T0));
            tx.PutTerm(nul, "MPROFILE1"); // a profile's Names are whatever it signed
            tx.Commit();
        }
        Assert.Null(Store.FindAccount(nul));
        Assert.Empty(Store.FindEntryVersions(nul, null, null, null, 10));
        Assert.Null(Store.FindConnection(nul, "MDEVICE"));
        Assert.Null(Store.FindConnection("alice", nul));
        Assert.Empty(Store.ListPending(nul, -1, 10, T0));
        Assert.NotNull(Store.FindAccount("alice"));
    }

    [StoreFact]
    public void Entry_versions_come_newest_first_within_the_time_window_index_bound_and_count()
    {
        using (var tx = Store.BeginWrite())
        {
            for (var i = 0; i < 5; i++) tx.PutEntryVersion(new EntryVersionRow("MENTRY", "alice", "SignedDevice", i * 10, T0.AddHours(i)));
            tx.PutEntryVersion(new EntryVersionRow("MOTHER", null, "SignedPersonalProfile", 7, T0));
            tx.Commit();
        }
        long[] Find(DateTimeOffset? notBefore, DateTimeOffset? before, long? below, int max) =>
            [.. Store.FindEntryVersions("MENTRY", notBefore, before, below, max).Select(v => v.LogIndex)];

        Assert.Equal([40L, 30, 20, 10, 0], Find(null, null, null, 10));
        Assert.Equal([40L, 30], Find(null, null, null, 2));
        Assert.Equal([40L, 30, 20], Find(T0.AddHours(2), null, null, 10)); // NotBefore is inclusive
        Assert.Equal([10L, 0], Find(null, T0.AddHours(2), null, 10)); // Before is exclusive
        Assert.Equal([20L, 10], Find(T0.AddHours(1), T0.AddHours(3), null, 10));
        Assert.Equal([20L, 10, 0], Find(null, null, 30, 10)); // belowIndex is exclusive
        Assert.Equal([20L], Find(null, null, 30, 1));
        Assert.Equal([10L], Find(T0.AddHours(1), null, 20, 10));
        Assert.Empty(Find(T0.AddHours(5), null, null, 10));
        Assert.Empty(Store.FindEntryVersions("MNONE", null, null, null, 10));

        Assert.Equal(new EntryVersionRow("MENTRY", "alice", "SignedDevice", 30, T0.AddHours(3)), Store.FindEntryVersions("MENTRY", null, null, 40, 1)[0]);
        Assert.Equal(new EntryVersionRow("MOTHER", null, "SignedPersonalProfile", 7, T0), Store.FindEntryVersions("MOTHER", null, null, null, 10).Single());
        using var read = Store.BeginWrite();
        Assert.Equal(40, read.FindLatestEntry("MENTRY")?.LogIndex);
        Assert.Null(read.FindLatestEntry("MNONE"));
    }

    [StoreFact]
    public void Terms_index_identifiers_once_each()
    {
        using (var tx = Store.BeginWrite())
        {
            tx.PutTerm("fingerprint", "MB");
            tx.PutTerm("fingerprint", "MA");
            tx.PutTerm("fingerprint", "MB"); // indexing again is no error and no second row
            tx.PutTerm("other", "MC");
            tx.Commit();
        }
        Assert.Equal(["MA", "MB"], Store.FindByTerm("fingerprint", 10).Order(StringComparer.Ordinal));
        Assert.Single(Store.FindByTerm("fingerprint", 1), id => id is "MA" or "MB");
        Assert.Equal(["MC"], Store.FindByTerm("other", 10));
        Assert.Empty(Store.FindByTerm("none", 10));
        Assert.Equal(3, Store.DumpDerivedState().Count);
    }

    [StoreFact]
    public void Connections_are_replaced_when_answered_and_answered_ones_are_not_pending()
    {
        using (var tx = Store.BeginWrite())
        {
            tx.PutConnection(new ConnectionRow("alice", "MD1", 1, null, T0));
            tx.PutConnection(new ConnectionRow("alice", "MD2", 2, null, T0.AddMinutes(1)));
            tx.PutConnection(new ConnectionRow("alice", "MD3", 3, null, T0.AddMinutes(2)));
            tx.PutConnection(new ConnectionRow("bob", "MD4", 4, null, T0));
            tx.PutConnection(new ConnectionRow("alice", "MD2", 2, 5, T0.AddMinutes(1))); // the answer
            Assert.Equal(2, tx.CountPending("alice", T0));
            Assert.Equal(1, tx.CountPending("bob", T0));
            Assert.Equal(0, tx.CountPending("carol", T0));
            tx.Commit();
        }
        Assert.Equal(new ConnectionRow("alice", "MD2", 2, 5, T0.AddMinutes(1)), Store.FindConnection("alice", "MD2"));
        Assert.Equal(new ConnectionRow("alice", "MD1", 1, null, T0), Store.FindConnection("alice", "MD1"));
        Assert.Null(Store.FindConnection("alice", "MD4"));
        Assert.Null(Store.FindConnection("bob", "MD1"));

        long[] Pending(string account, long after, int max) => [.. Store.ListPending(account, after, max, T0).Select(c => c.RequestIndex)];
        Assert.Equal([1L, 3], Pending("alice", -1, 10));
        Assert.Equal([1L], Pending("alice", -1, 1)); // oldest first
        Assert.Equal([3L], Pending("alice", 1, 10)); // after the page key, which is exclusive
        Assert.Empty(Pending("alice", 3, 10));
        Assert.Equal([4L], Pending("bob", -1, 10));
        Assert.Empty(Pending("carol", -1, 10));
        Assert.Equal(new ConnectionRow("alice", "MD3", 3, null, T0.AddMinutes(2)), Store.ListPending("alice", 1, 10, T0)[0]);

        // Requests made before 'since' have expired: neither listed nor counted.
        Assert.Equal([3L], [.. Store.ListPending("alice", -1, 10, T0.AddMinutes(2)).Select(c => c.RequestIndex)]);
        Assert.Empty(Store.ListPending("alice", -1, 10, T0.AddMinutes(3)));
        using var later = Store.BeginWrite();
        Assert.Equal(1, later.CountPending("alice", T0.AddMinutes(2)));
        Assert.Equal(0, later.CountPending("alice", T0.AddMinutes(3)));
    }

    [StoreFact]
    public void A_nonce_is_used_once_per_key_until_it_expires_and_is_forgotten()
    {
        var expires = T0.AddMinutes(5);
        using (var tx = Store.BeginWrite())
        {
            Assert.True(tx.TryUseNonce("key1", "n1", expires));
            Assert.False(tx.TryUseNonce("key1", "n1", expires)); // a replay
            Assert.True(tx.TryUseNonce("key2", "n1", expires)); // the same nonce from another key
            Assert.True(tx.TryUseNonce("key1", "n2", T0.AddMinutes(10)));
            tx.Commit();
        }
        using (var tx = Store.BeginWrite())
        {
            Assert.True(tx.TryUseNonce("key1", "n3", expires));
            // not committed: n3 was never used
        }
        using (var tx = Store.BeginWrite())
        {
            Assert.False(tx.TryUseNonce("key1", "n1", expires));
            tx.ForgetNonces(expires); // expired before 'now' only: n1 expires exactly now and is kept
            Assert.False(tx.TryUseNonce("key1", "n1", expires));
            tx.ForgetNonces(expires.AddTicks(1));
            Assert.True(tx.TryUseNonce("key1", "n1", expires.AddMinutes(5)));
            Assert.True(tx.TryUseNonce("key2", "n1", expires.AddMinutes(5)));
            Assert.False(tx.TryUseNonce("key1", "n2", T0)); // not yet expired, so not forgotten
            Assert.True(tx.TryUseNonce("key1", "n3", expires));
            tx.Commit();
        }
        using (var tx = Store.BeginWrite())
            Assert.False(tx.TryUseNonce("key1", "n1", expires));
    }

    [StoreFact]
    public void Checkpoints_are_found_latest_and_by_size()
    {
        using (var tx = Store.BeginWrite())
        {
            tx.PutCheckpoint(new CheckpointRow(1, [1], T0));
            tx.PutCheckpoint(new CheckpointRow(5, [5, 5], T0.AddHours(2)));
            tx.PutCheckpoint(new CheckpointRow(3, [3, 3, 3], T0.AddHours(1)));
            tx.Commit();
        }
        var latest = Store.LatestCheckpoint()!;
        Assert.Equal((5L, T0.AddHours(2)), (latest.TreeSize, latest.Time));
        Assert.Equal([5, 5], latest.SignedBytes);
        var three = Store.FindCheckpoint(3)!;
        Assert.Equal((3L, T0.AddHours(1)), (three.TreeSize, three.Time));
        Assert.Equal([3, 3, 3], three.SignedBytes);
        Assert.Null(Store.FindCheckpoint(4));
    }

    [StoreFact]
    public void The_derived_state_dumps_as_canonical_lines_and_clears_alone()
    {
        var ticks = T0.UtcTicks;
        using (var tx = Store.BeginWrite())
        {
            tx.AppendLog(0, Leaf(0), T0);
            tx.PutAccount(new AccountRow("alice", "MPROFILE", "Open", 0, T0));
            tx.PutEntryVersion(new EntryVersionRow("MPROFILE", "alice", "SignedPersonalProfile", 0, T0));
            tx.PutEntryVersion(new EntryVersionRow("MAPP", null, "SignedApplicationProfile", 2, T0));
            tx.PutTerm("fingerprint", "MAPP");
            tx.PutConnection(new ConnectionRow("alice", "MDEVICE", 1, null, T0));
            tx.PutConnection(new ConnectionRow("alice", "MDONE", 3, 4, T0));
            tx.PutCheckpoint(new CheckpointRow(1, [1], T0));
            Assert.True(tx.TryUseNonce("key", "nonce", T0.AddDays(1)));
            tx.Commit();
        }
        // The format both backends share, so that their states can be compared line by line.
        Assert.Equal(
        [
            $"account|alice|MPROFILE|Open|0|{ticks}",
            $"connection|alice|MDEVICE|1|null|{ticks}",
            $"connection|alice|MDONE|3|4|{ticks}",
            $"entry|MAPP|2|null|SignedApplicationProfile|{ticks}",
            $"entry|MPROFILE|0|alice|SignedPersonalProfile|{ticks}",
            "term|fingerprint|MAPP",
        ], Store.DumpDerivedState());

        using (var tx = Store.BeginWrite())
        {
            tx.ClearDerivedState();
            Assert.Null(tx.FindAccount("alice"));
            Assert.Equal(0, tx.CountPending("alice", T0));
            Assert.Equal(6, Store.DumpDerivedState().Count); // not yet committed
            tx.Commit();
        }
        Assert.Empty(Store.DumpDerivedState());
        Assert.Empty(Store.FindEntryVersions("MPROFILE", null, null, null, 10));
        Assert.Empty(Store.FindByTerm("fingerprint", 10));
        Assert.Empty(Store.ListPending("alice", -1, 10, T0));
        // The log, checkpoints and nonces are not derived state.
        Assert.Equal(1, Store.ReadHead().Size);
        Assert.NotNull(Store.FindCheckpoint(1));
        using var again = Store.BeginWrite();
        Assert.False(again.TryUseNonce("key", "nonce", T0.AddDays(1)));
    }
}
