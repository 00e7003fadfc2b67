using Mesh.OpenPgp;

namespace Mesh.Tests.OpenPgp;

/// <summary>Our keys and signatures against GnuPG (2.2 or later), each test in its own throwaway home.</summary>
public class GnuPgInteropTests
{
    private const string Message = "Meet me at the Merkle tree at noon.\n";

    [GpgTheory]
    [InlineData(OpenPgpAlgorithm.Ed25519)]
    [InlineData(OpenPgpAlgorithm.Rsa3072)]
    public void Gpg_imports_both_keys_and_lists_our_fingerprint_and_user_id(OpenPgpAlgorithm algorithm)
    {
        var key = TestKeys.For(algorithm);
        using var home = new GnuPgHome();

        home.Gpg(key.PublicKey.ExportArmored(), "--import").Succeeded("--import public");
        var imported = home.Gpg(key.ExportArmored(TestKeys.Passphrase), [.. GnuPgHome.Passphrase(TestKeys.Passphrase), "--import"])
            .Succeeded("--import secret");
        Assert.Contains("secret keys imported: 1", imported.Stderr, StringComparison.Ordinal);

        var listed = home.Gpg("", "--list-keys", "--with-colons").Succeeded("--list-keys").Stdout;
        Assert.Contains($"fpr:::::::::{key.Fingerprint}:", listed, StringComparison.Ordinal);
        Assert.Contains($"fpr:::::::::{key.PublicKey.EncryptionFingerprint}:", listed, StringComparison.Ordinal);
        Assert.Contains($"::{TestKeys.UserId}::", listed, StringComparison.Ordinal);
        // Capabilities: the primary certifies and signs (sc), the subkey encrypts (e).
        var primary = Line(listed, "pub:");
        Assert.Equal("sc", primary.Split(':')[11][..2]);
        Assert.Equal("e", Line(listed, "sub:").Split(':')[11]);
        Assert.Equal(algorithm == OpenPgpAlgorithm.Ed25519 ? "22" : "1", primary.Split(':')[3]);

        var secrets = home.Gpg("", "--list-secret-keys", "--with-colons").Succeeded("--list-secret-keys").Stdout;
        Assert.Contains($"fpr:::::::::{key.Fingerprint}:", secrets, StringComparison.Ordinal);
        Assert.StartsWith("sec:", Line(secrets, "sec:"), StringComparison.Ordinal);
    }

    [GpgFact]
    public void Gpg_sees_iterated_salted_S2K_with_AES256_and_a_SHA1_check()
    {
        using var home = new GnuPgHome();
        var path = home.Write("secret.asc", System.Text.Encoding.ASCII.GetBytes(TestKeys.For(OpenPgpAlgorithm.Ed25519).ExportArmored(TestKeys.Passphrase)));

        var packets = home.Gpg("", "--list-packets", path).Succeeded("--list-packets").Stdout;

        // Two secret key packets, each "iter+salt S2K, algo: 9 (AES-256), SHA1 protection".
        Assert.Equal(2, Count(packets, "iter+salt S2K, algo: 9, SHA1 protection"));
    }

    [GpgTheory]
    [InlineData(OpenPgpAlgorithm.Ed25519)]
    [InlineData(OpenPgpAlgorithm.Rsa3072)]
    public void Gpg_encrypts_to_our_key_and_decrypts_with_our_secret_key(OpenPgpAlgorithm algorithm)
    {
        var key = TestKeys.For(algorithm);
        using var home = new GnuPgHome();
        home.Gpg(key.ExportArmored(TestKeys.Passphrase), [.. GnuPgHome.Passphrase(TestKeys.Passphrase), "--import"]).Succeeded("--import");

        var encrypted = home.Gpg(Message, "--trust-model", "always", "--encrypt", "-r", TestKeys.Email, "--armor")
            .Succeeded("--encrypt").Stdout;
        Assert.StartsWith("-----BEGIN PGP MESSAGE-----", encrypted, StringComparison.Ordinal);
        var decrypted = home.Gpg(encrypted, [.. GnuPgHome.Passphrase(TestKeys.Passphrase), "--status-fd", "2", "--decrypt"])
            .Succeeded("--decrypt");

        Assert.Equal(Message, decrypted.Stdout);
        // Decrypted with our subkey, and the message was integrity-protected (MDC, as the features subpacket asks).
        Assert.Contains($"ENC_TO {key.PublicKey.EncryptionFingerprint[^16..]}", decrypted.Stderr, StringComparison.Ordinal);
        Assert.Contains("DECRYPTION_OKAY", decrypted.Stderr, StringComparison.Ordinal);
        Assert.Contains("GOODMDC", decrypted.Stderr, StringComparison.Ordinal);
    }

    [GpgTheory]
    [InlineData(OpenPgpAlgorithm.Ed25519)]
    [InlineData(OpenPgpAlgorithm.Rsa3072)]
    public void Gpg_signs_with_our_secret_key_and_both_gpg_and_we_verify(OpenPgpAlgorithm algorithm)
    {
        var key = TestKeys.For(algorithm);
        using var home = new GnuPgHome();
        home.Gpg(key.ExportArmored(TestKeys.Passphrase), [.. GnuPgHome.Passphrase(TestKeys.Passphrase), "--import"]).Succeeded("--import");
        var data = home.Write("message.txt", System.Text.Encoding.UTF8.GetBytes(Message));

        var signature = home.Gpg("", [.. GnuPgHome.Passphrase(TestKeys.Passphrase), "--digest-algo", "SHA256", "--armor", "--detach-sign", "--output", "-", data])
            .Succeeded("--detach-sign").Stdout;
        var sigPath = home.Write("message.txt.asc", System.Text.Encoding.ASCII.GetBytes(signature));
        var verified = home.Gpg("", "--status-fd", "1", "--verify", sigPath, data).Succeeded("--verify");

        Assert.Contains($"VALIDSIG {key.Fingerprint}", verified.Stdout, StringComparison.Ordinal);
        Assert.True(OpenPgpKeys.VerifyDetached(key.PublicKey, System.Text.Encoding.UTF8.GetBytes(Message), signature));
    }

    [GpgTheory]
    [InlineData(OpenPgpAlgorithm.Ed25519)]
    [InlineData(OpenPgpAlgorithm.Rsa3072)]
    public void Gpg_verifies_our_detached_signature_and_rejects_it_on_other_data(OpenPgpAlgorithm algorithm)
    {
        var key = TestKeys.For(algorithm);
        using var home = new GnuPgHome();
        home.Gpg(key.PublicKey.ExportArmored(), "--import").Succeeded("--import");
        var bytes = System.Text.Encoding.UTF8.GetBytes(Message);
        var data = home.Write("message.txt", bytes);
        var other = home.Write("other.txt", [.. bytes, (byte)'!']);
        var sigPath = home.Write("message.txt.asc", System.Text.Encoding.ASCII.GetBytes(
            OpenPgpKeys.SignDetached(key, bytes, TestKeys.Created.AddDays(1))));

        var verified = home.Gpg("", "--status-fd", "1", "--verify", sigPath, data).Succeeded("--verify");
        Assert.Contains($"VALIDSIG {key.Fingerprint}", verified.Stdout, StringComparison.Ordinal);

        var forged = home.Gpg("", "--status-fd", "1", "--verify", sigPath, other);
        Assert.NotEqual(0, forged.Code);
        Assert.Contains("BADSIG", forged.Stdout, StringComparison.Ordinal);
    }

    [GpgTheory]
    [InlineData(OpenPgpAlgorithm.Ed25519)]
    [InlineData(OpenPgpAlgorithm.Rsa3072)]
    public void We_read_back_what_gpg_exports_of_our_key(OpenPgpAlgorithm algorithm)
    {
        var key = TestKeys.For(algorithm);
        using var home = new GnuPgHome();
        home.Gpg(key.ExportArmored(TestKeys.Passphrase), [.. GnuPgHome.Passphrase(TestKeys.Passphrase), "--import"]).Succeeded("--import");

        var exported = home.Gpg("", "--armor", "--export", key.Fingerprint).Succeeded("--export").Stdout;
        var secret = home.Gpg("", [.. GnuPgHome.Passphrase(TestKeys.Passphrase), "--armor", "--export-secret-keys", key.Fingerprint])
            .Succeeded("--export-secret-keys").Stdout;

        var publicKey = OpenPgpKeys.ReadPublic(exported);
        Assert.Equal(key.Fingerprint, publicKey.Fingerprint);
        Assert.Equal(TestKeys.UserId, publicKey.UserId);
        Assert.Equal(key.Fingerprint, OpenPgpKeys.ReadSecret(secret, TestKeys.Passphrase).Fingerprint);
        Assert.Throws<MeshException>(() => OpenPgpKeys.ReadSecret(secret, "not the passphrase"));
    }

    [GpgFact]
    public void We_read_a_key_that_gpg_made()
    {
        using var home = new GnuPgHome();
        home.Gpg("", "--passphrase", "", "--quick-generate-key", "Bob Example <bob@example.com>", "future-default", "default", "never")
            .Succeeded("--quick-generate-key");

        var key = OpenPgpKeys.ReadPublic(home.Gpg("", "--armor", "--export", "bob@example.com").Succeeded("--export").Stdout);

        Assert.Equal(OpenPgpAlgorithm.Ed25519, key.Algorithm);
        Assert.Equal("Bob Example <bob@example.com>", key.UserId);
        var listed = home.Gpg("", "--list-keys", "--with-colons").Succeeded("--list-keys").Stdout;
        Assert.Contains($"fpr:::::::::{key.Fingerprint}:", listed, StringComparison.Ordinal);
    }

    private static string Line(string colons, string prefix) =>
        colons.Split('\n').First(line => line.StartsWith(prefix, StringComparison.Ordinal));

    private static int Count(string text, string part) =>
        text.Split(part).Length - 1;
}
