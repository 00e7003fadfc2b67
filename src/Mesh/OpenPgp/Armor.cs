// ASCII armor, RFC 4880 section 6 (RFC 9580 section 6.2). BouncyCastle encodes and decodes the
// radix-64 body and its CRC; this file adds the framing checks untrusted text needs: one block, of
// the expected type, with its END line (a cut-off block would otherwise read as a shorter one).

using Org.BouncyCastle.Bcpg;

namespace Mesh.OpenPgp;

internal static class Armor
{
    internal const string PublicKeyBlock = "PGP PUBLIC KEY BLOCK";
    internal const string PrivateKeyBlock = "PGP PRIVATE KEY BLOCK";
    internal const string SignatureBlock = "PGP SIGNATURE";

    /// <summary>Larger than any key of the profile by far; bounds the work done on untrusted text.</summary>
    internal const int MaxChars = 1 << 20;

    /// <summary>Armors binary packets; BouncyCastle picks the block type from the first packet.</summary>
    internal static string Encode(byte[] binary)
    {
        using var buffer = new MemoryStream();
        // No "Version:" header: it says which library made the key and nothing else of use.
        using (var armored = new ArmoredOutputStream(buffer, false))
            armored.Write(binary);
        return System.Text.Encoding.ASCII.GetString(buffer.ToArray());
    }

    /// <summary>The binary packets of exactly one armored block of <paramref name="type"/>; throws <see cref="MeshException"/> otherwise.</summary>
    internal static byte[] Decode(string text, string type)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxChars)
            throw new MeshException(MeshStatus.TooLarge, $"The armored text is longer than {MaxChars} characters.");

        var trimmed = text.Trim();
        var begin = $"-----BEGIN {type}-----";
        var end = $"-----END {type}-----";
        if (!trimmed.StartsWith(begin, StringComparison.Ordinal))
            throw new MeshException($"The text is not ASCII-armored as expected: it must begin with {begin}.");
        if (!trimmed.EndsWith(end, StringComparison.Ordinal))
            throw new MeshException($"The armored text is truncated: it does not end with {end}.");
        if (trimmed.IndexOf("-----BEGIN ", begin.Length, StringComparison.Ordinal) >= 0)
            throw new MeshException("The armored text holds more than one block.");

        // UTF-8, not ASCII: armor header values such as Comment may be UTF-8 (RFC 4880 section 6.2).
        var binary = Untrusted.Parse("armored text", () =>
        {
            using var input = new ArmoredInputStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(trimmed)));
            using var output = new MemoryStream();
            input.CopyTo(output);
            return output.ToArray();
        });
        return binary.Length > 0 ? binary : throw new MeshException("The armored block is empty.");
    }
}
