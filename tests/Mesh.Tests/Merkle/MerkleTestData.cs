using Mesh.Merkle;

namespace Mesh.Tests.Merkle;

internal static class MerkleTestData
{
    /// <summary>The 8 standard leaves of the RFC 6962 test tree, as transparency-dev/merkle uses them.</summary>
    public static readonly byte[][] StandardLeaves =
    [
        [], [0x00], [0x10], [0x20, 0x21], [0x30, 0x31], [0x40, 0x41, 0x42, 0x43],
        Convert.FromHexString("5051525354555657"), Convert.FromHexString("606162636465666768696a6b6c6d6e6f"),
    ];

    /// <summary>
    /// Random entries of 4 to 40 bytes, the same for a given seed. They start with their index so
    /// that no two are equal: the shape tests rely on H(a, b) differing from H(b, a).
    /// </summary>
    public static byte[][] RandomEntries(int count, int seed)
    {
        var random = new Random(seed);
        var entries = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            entries[i] = new byte[4 + random.Next(37)];
            random.NextBytes(entries[i]);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(entries[i], i);
        }
        return entries;
    }

    /// <summary>A tree in memory holding the leaf hashes of <paramref name="entries"/>.</summary>
    public static (MerkleTree Tree, MemoryMerkleNodeStore Store) TreeOf(byte[][] entries)
    {
        var store = new MemoryMerkleNodeStore();
        var tree = new MerkleTree(store);
        tree.AppendRange([.. entries.Select(e => MerkleHash.Leaf(e))]);
        return (tree, store);
    }

    public static byte[] FlipBit(byte[] hash, int bit)
    {
        var copy = (byte[])hash.Clone();
        copy[bit / 8] ^= (byte)(1 << (bit % 8));
        return copy;
    }
}
