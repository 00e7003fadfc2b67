using Mesh.OpenPgp;

namespace Mesh.Tests.OpenPgp;

/// <summary>Untrusted keys that must fail with <see cref="MeshException"/> and nothing else.</summary>
public class OpenPgpRejectionTests
{
    private static OpenPgpSecretKey Key => TestKeys.For(OpenPgpAlgorithm.Ed25519);

    public static TheoryData<string> NotPublicKeyBlocks()
    {
        var armored = Key.PublicKey.ExportArmored();
        var lines = armored.TrimEnd().Split('\n');
        return new TheoryData<string>
        {
            "",
            "garbage",
            "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n!!!!not base64!!!!\n-----END PGP PUBLIC KEY BLOCK-----\n",
            "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n-----END PGP PUBLIC KEY BLOCK-----\n",
            armored[..(armored.Length / 2)],                                  // cut in the middle
            string.Join('\n', lines[..^1]),                                   // no END line
            string.Join('\n', lines.Where((_, i) => i != 3)),                 // a body line dropped: the CRC fails
            armored.Replace("PUBLIC KEY BLOCK", "PRIVATE KEY BLOCK", StringComparison.Ordinal),  // wrong block type
            Key.ExportArmored(),                                              // a secret key
            OpenPgpKeys.SignDetached(Key, "x"u8, TestKeys.Created),          // a signature
            armored + armored,                                                // two blocks
            armored.Replace("\n\n", "\n\nü", StringComparison.Ordinal),    // not radix-64
        };
    }

    [Theory]
    [MemberData(nameof(NotPublicKeyBlocks))]
    public void ReadPublic_rejects(string text)
    {
        Assert.Throws<MeshException>(() => OpenPgpKeys.ReadPublic(text));
    }

    /// <summary>Armor as mail and editors pass it on: CRLF lines, a UTF-8 comment, no CRC (optional in RFC 9580 section 6.1).</summary>
    [Fact]
    public void Armor_variants_that_are_still_valid_are_read()
    {
        var armored = Key.PublicKey.ExportArmored();
        var lines = armored.TrimEnd().Split('\n');
        var variants = new[]
        {
            armored.Replace("\n", "\r\n", StringComparison.Ordinal),
            armored.Replace("\n\n", "\nComment: Zoë's key\n\n", StringComparison.Ordinal),
            string.Join('\n', lines.Where(line => !line.StartsWith('='))),
        };

        foreach (var variant in variants)
            Assert.Equal(Key.Fingerprint, OpenPgpKeys.ReadPublic(variant).Fingerprint);
    }

    [Fact]
    public void ReadSecret_rejects_a_public_key_and_a_truncated_secret_key()
    {
        var armored = Key.ExportArmored(TestKeys.Passphrase);

        Assert.Throws<MeshException>(() => OpenPgpKeys.ReadSecret(Key.PublicKey.ExportArmored(), TestKeys.Passphrase));
        Assert.Throws<MeshException>(() => OpenPgpKeys.ReadSecret(armored[..(armored.Length * 2 / 3)], TestKeys.Passphrase));
        Assert.Throws<MeshException>(() => OpenPgpKeys.ReadSecret("garbage", TestKeys.Passphrase));
    }

    [Fact]
    public void Oversized_text_is_too_large()
    {
        var huge = "-----BEGIN PGP PUBLIC KEY BLOCK-----\n" + new string('A', 2 << 20);

        Assert.Equal(MeshStatus.TooLarge, Assert.Throws<MeshException>(() => OpenPgpKeys.ReadPublic(huge)).Status);
    }

    [Fact]
    public void A_changed_user_id_breaks_the_self_signature()
    {
        var binary = Key.PublicKey.ExportBinary();
        var at = IndexOf(binary, System.Text.Encoding.ASCII.GetBytes("alice@"));
        System.Text.Encoding.ASCII.GetBytes("mally@").CopyTo(binary, at);

        var e = Assert.Throws<MeshException>(() => OpenPgpKeys.ReadPublic(binary));
        Assert.Contains("self-signature", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_proper_prefix_of_a_key_is_rejected()
    {
        foreach (var binary in new[] { Key.PublicKey.ExportBinary(), Key.ExportBinary(TestKeys.Passphrase) })
            for (var length = 0; length < binary.Length; length++)
                Assert.Throws<MeshException>(() => Read(binary[..length]));
    }

    /// <summary>Every byte of the public key flipped three ways: each result is read or refused, never a crash.</summary>
    [Fact]
    public void Corrupted_public_key_bytes_fail_only_with_MeshException()
    {
        var binary = Key.PublicKey.ExportBinary();
        for (var i = 0; i < binary.Length; i++)
            foreach (var mask in new byte[] { 0x01, 0x80, 0xFF })
            {
                var corrupt = (byte[])binary.Clone();
                corrupt[i] ^= mask;
                ReadOrMeshException(() => OpenPgpKeys.ReadPublic(corrupt));
            }
    }

    /// <summary>Bytes of a protected secret key flipped at random (fixed seed): read with the right passphrase or refused.</summary>
    /// <remarks>Fewer RSA cases: BouncyCastle tests each new RSA modulus for primality, over a tenth of a second.</remarks>
    [Theory]
    [InlineData(OpenPgpAlgorithm.Ed25519, 400)]
    [InlineData(OpenPgpAlgorithm.Rsa3072, 25)]
    public void Corrupted_secret_key_bytes_fail_only_with_MeshException(OpenPgpAlgorithm algorithm, int cases)
    {
        var binary = TestKeys.For(algorithm).ExportBinary(TestKeys.Passphrase);
        var random = new Random(4880);
        for (var n = 0; n < cases; n++)
        {
            var corrupt = (byte[])binary.Clone();
            corrupt[random.Next(corrupt.Length)] ^= (byte)random.Next(1, 256);
            ReadOrMeshException(() => OpenPgpKeys.ReadSecret(corrupt, TestKeys.Passphrase));
        }
    }

    private static object Read(byte[] binary) =>
        binary.Length > 0 && (binary[0] & 0x3C) == 0x14 // old-format tag 5: a secret key packet
            ? OpenPgpKeys.ReadSecret(binary, TestKeys.Passphrase)
            : OpenPgpKeys.ReadPublic(binary);

    private static void ReadOrMeshException(Func<object> read)
    {
        try
        {
            read();
        }
        catch (MeshException)
        {
        }
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}
