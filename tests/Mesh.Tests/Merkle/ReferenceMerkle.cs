using System.Security.Cryptography;

namespace Mesh.Tests.Merkle;

/// <summary>
/// RFC 9162 sections 2.1.1 (MTH), 2.1.3.1 (PATH) and 2.1.4.1 (PROOF, SUBPROOF) written literally,
/// recursively and over the entries themselves: slow and obviously right, to check the real tree
/// against. It hashes with SHA256.HashData directly so that it shares no code with Mesh.Merkle.
/// </summary>
internal static class ReferenceMerkle
{
    private static byte[] Hash(params byte[][] parts) => SHA256.HashData([.. parts.SelectMany(p => p)]);

    public static byte[] LeafHash(byte[] entry) => Hash([0x00], entry);

    // "k be the largest power of two smaller than n (i.e., k < n <= 2k)".
    private static int K(int n)
    {
        var k = 1;
        while (2 * k < n) k *= 2;
        return k;
    }

    /// <summary>MTH(D[n]).</summary>
    public static byte[] Mth(byte[][] d) => d.Length switch
    {
        0 => Hash(),
        1 => Hash([0x00], d[0]),
        _ => Hash([0x01], Mth(d[..K(d.Length)]), Mth(d[K(d.Length)..])),
    };

    /// <summary>PATH(m, D[n]), the inclusion proof of leaf m.</summary>
    public static List<byte[]> Path(int m, byte[][] d)
    {
        var n = d.Length;
        if (n == 1 && m == 0) return [];
        var k = K(n);
        return m < k
            ? [.. Path(m, d[..k]), Mth(d[k..])]
            : [.. Path(m - k, d[k..]), Mth(d[..k])];
    }

    /// <summary>PROOF(m, D[n]), the consistency proof from the first m leaves.</summary>
    public static List<byte[]> Proof(int m, byte[][] d) => Subproof(m, d, true);

    private static List<byte[]> Subproof(int m, byte[][] d, bool b)
    {
        var n = d.Length;
        if (m == n) return b ? [] : [Mth(d)];
        var k = K(n);
        return m <= k
            ? [.. Subproof(m, d[..k], b), Mth(d[k..])]
            : [.. Subproof(m - k, d[k..], false), Mth(d[..k])];
    }

    /// <summary>
    /// The shape of PATH(m, D[n]) from the leaf up: 'R' where the proof hash is the right sibling,
    /// 'L' where it is the left one; null when there is no such proof. Two proofs of one shape hash
    /// their inputs in the same order.
    /// </summary>
    public static string? PathShape(long m, long n)
    {
        if (m < 0 || m >= n) return null;
        if (n == 1) return "";
        var k = K((int)n);
        return m < k ? PathShape(m, k) + "R" : PathShape(m - k, n - k) + "L";
    }

    /// <summary>
    /// The shape of PROOF(m, D[n]) in proof order: 'S' for the old subtree's own hash, 'R' for a hash
    /// to the right of the old tree, 'L' for one to its left; null when there is no such proof.
    /// </summary>
    public static string? ProofShape(long m, long n) => m <= 0 || m > n ? null : SubproofShape(m, n, true);

    private static string SubproofShape(long m, long n, bool b)
    {
        if (m == n) return b ? "" : "S";
        var k = K((int)n);
        return m <= k ? SubproofShape(m, k, b) + "R" : SubproofShape(m - k, n - k, false) + "L";
    }
}
