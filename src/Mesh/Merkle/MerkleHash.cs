// RFC 9162 section 2.1 (Definitions of the Merkle Tree): the hash of a leaf, of an interior node
// and of the empty tree, with the 0x00/0x01 prefixes that keep leaves and nodes from colliding.
using System.Security.Cryptography;

namespace Mesh.Merkle;

/// <summary>
/// The hashes of RFC 9162 section 2.1 with SHA-256: MTH({}) = SHA-256(), a leaf is
/// SHA-256(0x00 || entry) and an interior node is SHA-256(0x01 || left || right).
/// </summary>
public static class MerkleHash
{
    /// <summary>The length of every hash in the tree, in bytes (SHA-256).</summary>
    public const int Size = 32;

    private const byte LeafPrefix = 0x00;
    private const byte NodePrefix = 0x01;

    private static readonly byte[] EmptyTree = SHA256.HashData(ReadOnlySpan<byte>.Empty);

    /// <summary>The root of the empty tree, SHA-256 of no bytes. Returns a new array each time.</summary>
    public static byte[] EmptyRoot() => (byte[])EmptyTree.Clone();

    /// <summary>True if <paramref name="root"/> is the root of the empty tree.</summary>
    public static bool IsEmptyRoot(ReadOnlySpan<byte> root) => root.SequenceEqual(EmptyTree);

    /// <summary>The leaf hash of a log entry: SHA-256(0x00 || entry). Any entry, even empty, is allowed.</summary>
    public static byte[] Leaf(ReadOnlySpan<byte> entry)
    {
        // Small entries are hashed from the stack; large ones are streamed rather than copied.
        if (entry.Length <= 256)
        {
            Span<byte> input = stackalloc byte[1 + entry.Length];
            input[0] = LeafPrefix;
            entry.CopyTo(input[1..]);
            return SHA256.HashData(input);
        }
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData([LeafPrefix]);
        hash.AppendData(entry);
        return hash.GetHashAndReset();
    }

    /// <summary>The hash of an interior node: SHA-256(0x01 || left || right).</summary>
    /// <remarks>Precondition: both children are <see cref="Size"/> bytes, else <see cref="ArgumentException"/>.</remarks>
    public static byte[] Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        var result = new byte[Size];
        Node(left, right, result);
        return result;
    }

    /// <summary>Writes SHA-256(0x01 || left || right) into <paramref name="destination"/>, without allocating.</summary>
    /// <remarks>
    /// Preconditions: both children are <see cref="Size"/> bytes and the destination has room for
    /// <see cref="Size"/> bytes, else <see cref="ArgumentException"/>. The destination may overlap a child.
    /// </remarks>
    public static void Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        RequireHash(left, nameof(left));
        RequireHash(right, nameof(right));
        if (destination.Length < Size) throw new ArgumentException($"The destination needs {Size} bytes.", nameof(destination));
        Span<byte> input = stackalloc byte[1 + 2 * Size];
        input[0] = NodePrefix;
        left.CopyTo(input[1..]);
        right.CopyTo(input[(1 + Size)..]);
        SHA256.HashData(input, destination);
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="hash"/> is <see cref="Size"/> bytes.</summary>
    internal static void RequireHash(ReadOnlySpan<byte> hash, string name)
    {
        if (hash.Length != Size) throw new ArgumentException($"A Merkle hash is {Size} bytes, not {hash.Length}.", name);
    }
}
