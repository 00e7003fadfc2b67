using Mesh.Transparency;

namespace Mesh.Tests.Transparency;

/// <summary>C2SP tlog-tiles paths and the tiles a tree has, with the specification's own examples.</summary>
public sealed class TilePathTests
{
    [Theory]
    [InlineData(TileKind.Hashes, 0, 0L, 256, "tile/0/000")]
    [InlineData(TileKind.Hashes, 2, 1234067L, 256, "tile/2/x001/x234/067")]
    [InlineData(TileKind.Hashes, 1, 5L, 17, "tile/1/005.p/17")]
    [InlineData(TileKind.Hashes, 0, 1000L, 1, "tile/0/x001/000.p/1")]
    [InlineData(TileKind.Entries, 0, 273L, 112, "tile/entries/273.p/112")]
    [InlineData(TileKind.MeshEntries, 0, 999L, 256, "tile/mesh-entries/999")]
    public void A_tile_s_path_is_the_specification_s_and_reads_back(TileKind kind, int level, long index, int width, string path)
    {
        var tile = new TilePath(kind, level, index, width);
        Assert.Equal(path, tile.ToString());
        Assert.True(TilePath.TryParse(path, out var read));
        Assert.Equal(tile, read);
    }

    [Theory]
    [InlineData("tile/0/x000/001")] // a superfluous leading element
    [InlineData("tile/0/1")] // not zero-padded
    [InlineData("tile/0/0001")]
    [InlineData("tile/00/001")] // a leading zero in L
    [InlineData("tile/64/001")] // L above 63
    [InlineData("tile/0/001.p/0")] // empty tiles do not exist
    [InlineData("tile/0/001.p/256")] // a full tile has no .p
    [InlineData("tile/0/001.p/07")]
    [InlineData("tile/0/001/002")] // an element without x
    [InlineData("tile/0/x001")] // the last element with x
    [InlineData("tile/data/001")]
    [InlineData("tile/0/")]
    [InlineData("tile/0/-01")]
    [InlineData("tile/0/x999/x999/x999/x999/x999/x999/x999/999")] // beyond a long
    [InlineData("tiles/0/001")]
    public void Anything_but_the_canonical_spelling_names_no_tile(string path) =>
        Assert.False(TilePath.TryParse(path, out _));

    [Fact]
    public void A_tree_of_70000_leaves_has_the_tiles_the_specification_lists()
    {
        var level0 = TilePath.Covering(TileKind.Hashes, 0, 70_000).ToList();
        Assert.Equal(274, level0.Count);
        Assert.All(level0[..273], t => Assert.True(t.IsFull));
        Assert.Equal(TilePath.Hashes(0, 273, 112), level0[^1]);
        Assert.Equal([TilePath.Hashes(1, 0), TilePath.Hashes(1, 1, 17)], TilePath.Covering(TileKind.Hashes, 1, 70_000));
        Assert.Equal([TilePath.Hashes(2, 0, 1)], TilePath.Covering(TileKind.Hashes, 2, 70_000));
        Assert.Empty(TilePath.Covering(TileKind.Hashes, 3, 70_000));
        // A tree of 256: one full level-0 tile and a level-1 tile of width 1.
        Assert.Equal([TilePath.Hashes(0, 0)], TilePath.Covering(TileKind.Hashes, 0, 256));
        Assert.Equal([TilePath.Hashes(1, 0, 1)], TilePath.Covering(TileKind.Hashes, 1, 256));
        Assert.Equal(274, TilePath.Covering(TileKind.Entries, 0, 70_000).Count());
    }
}

public sealed class EntryBundleTests
{
    [Fact]
    public void A_bundle_holds_its_entries_with_big_endian_lengths()
    {
        byte[][] entries = [[], [1, 2, 3], new byte[300]];
        Assert.True(EntryBundle.TryEncode(TileKind.Entries, entries, out var c2sp));
        Assert.Equal([0, 0, 0, 3, 1, 2, 3, 1, 44], c2sp[..9]);
        Assert.True(EntryBundle.TryEncode(TileKind.MeshEntries, entries, out var mesh));
        Assert.Equal([0, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3], mesh[..11]);
        foreach (var (kind, bundle) in new[] { (TileKind.Entries, c2sp), (TileKind.MeshEntries, mesh) })
        {
            Assert.True(EntryBundle.TryRead(kind, bundle, 3, out var read));
            Assert.Equal(entries, read);
            Assert.False(EntryBundle.TryRead(kind, bundle, 2, out _)); // more than asked
            Assert.False(EntryBundle.TryRead(kind, bundle, 4, out _)); // fewer
            Assert.False(EntryBundle.TryRead(kind, bundle.AsSpan(0, bundle.Length - 1), 3, out _)); // truncated
        }
    }

    [Fact]
    public void An_entry_longer_than_a_uint16_fits_only_the_mesh_bundle()
    {
        byte[][] entries = [new byte[EntryBundle.MaxC2spEntry + 1]];
        Assert.False(EntryBundle.TryEncode(TileKind.Entries, entries, out _));
        Assert.True(EntryBundle.TryEncode(TileKind.MeshEntries, entries, out var bundle));
        Assert.True(EntryBundle.TryRead(TileKind.MeshEntries, bundle, 1, out var read));
        Assert.Equal(entries[0].Length, read[0].Length);
        Assert.True(EntryBundle.TryEncode(TileKind.Entries, [new byte[EntryBundle.MaxC2spEntry]], out _));
    }
}
