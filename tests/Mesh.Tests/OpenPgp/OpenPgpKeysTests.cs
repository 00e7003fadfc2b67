using Mesh.OpenPgp;

namespace Mesh.Tests.OpenPgp;

public class OpenPgpKeysTests
{
    [Theory]
    [InlineData(OpenPgpAlgorithm.Ed25519)]
    [InlineData(OpenPgpAlgorithm.Rsa3072)]
    public void Generated_key_has_the_profile_shape(OpenPgpAlgorithm algorithm)
    {
        var key = TestKeys.For(algorithm).PublicKey;

        Assert.Equal(algorithm, key.Algorithm);
        Assert.Equal(TestKeys.UserId, key.UserId);
        Assert.Equal(TestKeys.Created, key.Created);
        Assert.Matches("^[0-9A-F]{40}$", key.Fingerprint);
        Assert.Matches("^[0-9A-F]{40}$", key.EncryptionFingerprint);
        Assert.NotEqual(key.Fingerprint, key.EncryptionFingerprint);
    }

    [Theory]
    [InlineData(OpenPgpAlgorithm.Ed25519)]
    [InlineData(OpenPgpAlgorithm.Rsa3072)]
    public void Public_key_reads_back_from_armor_and_binary(OpenPgpAlgorithm algorithm)
    {
        var key = TestKeys.For(algorithm).PublicKey;

        var armored = key.ExportArmored();
        Assert.StartsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----", armored, StringComparison.Ordinal);
        Assert.EndsWith("-----END PGP PUBLIC KEY BLOCK-----", armored.TrimEnd(), StringComparison.Ordinal);
        Assert.DoesNotContain("Version:", armored, StringComparison.Ordinal);

        foreach (var read in new[] { OpenPgpKeys.ReadPublic(armored), OpenPgpKeys.ReadPublic(key.ExportBinary()) })
        {
            Assert.Equal(key.Fingerprint, read.Fingerprint);
            Assert.Equal(key.EncryptionFingerprint, read.EncryptionFingerprint);
            Assert.Equal(key.UserId, read.UserId);
            Assert.Equal(algorithm, read.Algorithm);
            Assert.Equal(key.ExportBinary(), read.ExportBinary());
        }
    }

    [Theory]
    [InlineData(OpenPgpAlgorithm.Ed25519)]
    [InlineData(OpenPgpAlgorithm.Rsa3072)]
    public void Secret_key_reads_back_with_its_passphrase(OpenPgpAlgorithm algorithm)
    {
        var key = TestKeys.For(algorithm);

        var armored = key.ExportArmored(TestKeys.Passphrase);
        Assert.StartsWith("-----BEGIN PGP PRIVATE KEY BLOCK-----", armored, StringComparison.Ordinal);
        var read = OpenPgpKeys.ReadSecret(armored, TestKeys.Passphrase);

        Assert.Equal(key.Fingerprint, read.Fingerprint);
        Assert.Equal(key.PublicKey.UserId, read.PublicKey.UserId);
        Assert.Equal(key.PublicKey.ExportBinary(), read.PublicKey.ExportBinary());
    }

    [Fact]
    public void Unprotected_secret_key_reads_back_without_a_passphrase()
    {
        var key = TestKeys.For(OpenPgpAlgorithm.Ed25519);

        Assert.Equal(key.Fingerprint, OpenPgpKeys.ReadSecret(key.ExportArmored(), null).Fingerprint);
        Assert.Equal(key.Fingerprint, OpenPgpKeys.ReadSecret(key.ExportBinary(), null).Fingerprint);
    }

    [Theory]
    [InlineData(OpenPgpAlgorithm.Ed25519)]
    [InlineData(OpenPgpAlgorithm.Rsa3072)]
    public void Wrong_or_missing_passphrase_is_rejected(OpenPgpAlgorithm algorithm)
    {
        var armored = TestKeys.For(algorithm).ExportArmored(TestKeys.Passphrase);

        var wrong = Assert.Throws<MeshException>(() => OpenPgpKeys.ReadSecret(armored, "correct horse battery"));
        Assert.Equal(MeshStatus.ClientUnauthorized, wrong.Status);
        var missing = Assert.Throws<MeshException>(() => OpenPgpKeys.ReadSecret(armored, null));
        Assert.Equal(MeshStatus.ClientUnauthorized, missing.Status);
    }

    [Fact]
    public void A_read_secret_key_exports_under_a_new_passphrase_only()
    {
        var first = TestKeys.For(OpenPgpAlgorithm.Ed25519).ExportArmored("first");
        var second = OpenPgpKeys.ReadSecret(first, "first").ExportArmored("second");

        Assert.Equal(TestKeys.For(OpenPgpAlgorithm.Ed25519).Fingerprint, OpenPgpKeys.ReadSecret(second, "second").Fingerprint);
        Assert.Throws<MeshException>(() => OpenPgpKeys.ReadSecret(second, "first"));
    }

    [Fact]
    public void Two_exports_with_one_passphrase_differ_by_salt_and_iv()
    {
        var key = TestKeys.For(OpenPgpAlgorithm.Ed25519);

        Assert.NotEqual(key.ExportArmored(TestKeys.Passphrase), key.ExportArmored(TestKeys.Passphrase));
    }

    [Theory]
    [InlineData(OpenPgpAlgorithm.Ed25519)]
    [InlineData(OpenPgpAlgorithm.Rsa3072)]
    public void Detached_signature_verifies_over_its_data_only(OpenPgpAlgorithm algorithm)
    {
        var key = TestKeys.For(algorithm);
        var data = System.Text.Encoding.UTF8.GetBytes("The Mathematical Mesh\n");

        var signature = OpenPgpKeys.SignDetached(key, data, TestKeys.Created.AddDays(1));

        Assert.StartsWith("-----BEGIN PGP SIGNATURE-----", signature, StringComparison.Ordinal);
        Assert.True(OpenPgpKeys.VerifyDetached(key.PublicKey, data, signature));
        Assert.False(OpenPgpKeys.VerifyDetached(key.PublicKey, System.Text.Encoding.UTF8.GetBytes("The Mathematical Mess\n"), signature));
        var other = TestKeys.For(algorithm == OpenPgpAlgorithm.Ed25519 ? OpenPgpAlgorithm.Rsa3072 : OpenPgpAlgorithm.Ed25519);
        Assert.False(OpenPgpKeys.VerifyDetached(other.PublicKey, data, signature));
        Assert.False(OpenPgpKeys.VerifyDetached(key.PublicKey, data, "garbage"));
        Assert.False(OpenPgpKeys.VerifyDetached(key.PublicKey, data, key.PublicKey.ExportArmored()));
    }

    [Fact]
    public void Ed25519_signatures_are_deterministic()
    {
        var key = TestKeys.For(OpenPgpAlgorithm.Ed25519);
        var data = "same"u8.ToArray();

        Assert.Equal(OpenPgpKeys.SignDetached(key, data, TestKeys.Created), OpenPgpKeys.SignDetached(key, data, TestKeys.Created));
    }

    [Theory]
    [InlineData("", TestKeys.Email)]
    [InlineData("  ", TestKeys.Email)]
    [InlineData("Eve <eve@example.com>", TestKeys.Email)]
    [InlineData("Line\nbreak", TestKeys.Email)]
    [InlineData(TestKeys.Name, "")]
    [InlineData(TestKeys.Name, "no-at-sign")]
    [InlineData(TestKeys.Name, "two words@example.com")]
    [InlineData(TestKeys.Name, "a@b>")]
    public void Generate_rejects_names_that_break_the_user_id(string name, string email)
    {
        Assert.ThrowsAny<ArgumentException>(() => OpenPgpKeys.Generate(name, email, TestKeys.Created));
    }

    [Fact]
    public void Generate_rejects_times_outside_OpenPGP_range()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            OpenPgpKeys.Generate(TestKeys.Name, TestKeys.Email, new DateTimeOffset(1969, 12, 31, 0, 0, 0, TimeSpan.Zero)));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            OpenPgpKeys.Generate(TestKeys.Name, TestKeys.Email, new DateTimeOffset(2107, 1, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Empty_passphrase_is_misuse()
    {
        Assert.Throws<ArgumentException>(() => TestKeys.For(OpenPgpAlgorithm.Ed25519).ExportArmored(""));
    }
}
