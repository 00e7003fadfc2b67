using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mesh.Applications;
using Mesh.Cryptography;
using Mesh.OpenPgp;
using Mesh.Schema;
using Mesh.Schema.Json;
using Mesh.Tests.OpenPgp;
using Mesh.Tests.X509;
using Mesh.X509;

namespace Mesh.Tests.Applications;

/// <summary>One mail account for all the tests: its RSA-3072 key takes a while to make.</summary>
public sealed class MailAccountFixture
{
    public MailAccount Account { get; } = MailAccounts.Create("alice@example.com", "Alice Example", "Work",
        ["imaps://imap.example.com"], ["submission://smtp.example.com", "smtp://smtp.example.com:465"], AppUser.Now);
}

public class MailAccountTests(MailAccountFixture fixture) : IClassFixture<MailAccountFixture>
{
    private const string Password = "correct horse battery staple";
    private static readonly DateTimeOffset Now = AppUser.Now;
    private readonly MailAccount _account = fixture.Account;

    private MailProfilePrivate Private => _account.Private;

    private Mesh.Schema.PublicKey Smime => _account.Profile.EncryptionSMIME!;

    [Fact]
    public void The_account_has_its_names_and_servers()
    {
        Assert.Equal("alice@example.com", Private.EmailAddress);
        Assert.Equal("Alice Example", Private.DisplayName);
        Assert.Equal("Work", Private.AccountName);
        var imap = Assert.Single(Private.Inbound!);
        Assert.Equal(("imap.example.com", 993L, "_imaps._tcp"), (imap.ServiceName, imap.Port!.Value, imap.Prefix));
        Assert.Equal(["Upgrade"], Private.Outbound![0].Security);
        Assert.Equal(["Direct"], Private.Outbound[1].Security);
    }

    [Fact]
    public void The_smime_certificate_is_an_rsa_3072_email_protection_certificate_for_the_address()
    {
        var info = PersonalCertificates.Read(Smime.X509Certificate!);
        Assert.Equal(KeyAlgorithm.Rsa, info.SubjectKey.Algorithm);
        Assert.Equal(3072, info.SubjectKey.KeySize);
        Assert.Equal(Smime.UDF, info.SubjectKey.Udf());
        Assert.Contains(CertificateInfo.EmailProtection, info.ExtendedKeyUsages);
        Assert.Equal(["alice@example.com"], info.EmailAddresses);
        Assert.Equal(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, info.KeyUsage);
        Assert.False(info.IsCa);
        Assert.Equal("Alice Example", info.CommonName);
    }

    [Fact]
    public void The_smime_certificate_is_issued_by_the_account_p256_ca_whose_key_is_kept()
    {
        var caCertificate = Assert.Single(Smime.X509Chain!);
        var ca = PersonalCertificates.Read(caCertificate);
        Assert.True(ca.IsCa);
        Assert.Equal(KeyAlgorithm.P256, ca.SubjectKey.Algorithm);
        PersonalCertificates.VerifyChain(Smime.X509Certificate!, caCertificate, Now);

        Assert.Equal(2, Private.PrivateKeys!.Count);
        using var caKey = KeyPair.ImportPkcs8(Private.PrivateKeys.Single(k => Udf.AreEqual(k.UDF, ca.SubjectKey.Udf())).PKCS8);
        Assert.Equal(ca.SubjectKey, caKey.PublicKey);
        using var smimeKey = KeyPair.ImportPkcs8(Private.PrivateKeys.Single(k => Udf.AreEqual(k.UDF, Smime.UDF)).PKCS8);
        Assert.Equal(PersonalCertificates.Read(Smime.X509Certificate!).SubjectKey, smimeKey.PublicKey);
    }

    [Fact]
    public void Sign_and_encrypt_list_the_smime_key_then_the_openpgp_key()
    {
        Assert.Equal([Smime.UDF, _account.Profile.EncryptionPGP!.UDF], Private.Sign!.Select(k => k.UDF));
        Assert.Equal(Private.Sign!.Select(k => k.UDF), Private.Encrypt!.Select(k => k.UDF));
    }

    [Fact]
    public void The_openpgp_key_is_published_named_by_its_udf_and_kept_in_the_private_part()
    {
        var published = OpenPgpKeys.ReadPublic(_account.Profile.EncryptionPGPKey!);
        Assert.Equal("Alice Example <alice@example.com>", published.UserId);
        Assert.Equal(MailAccounts.OpenPgpKeyUdf(_account.Profile.EncryptionPGPKey!), _account.Profile.EncryptionPGP!.UDF);
        var secret = OpenPgpKeys.ReadSecret(Private.OpenPGPSecretKey!, null);
        Assert.Equal(published.Fingerprint, secret.Fingerprint);
    }

    [Fact]
    public void The_pkcs12_export_imports_back_with_its_private_key_and_ca()
    {
        foreach (var legacy in new[] { false, true })
        {
            var pfx = MailKeys.ExportPkcs12(Private, Password, legacy);
            var collection = X509CertificateLoader.LoadPkcs12Collection(pfx, Password);
            try
            {
                Assert.Equal(2, collection.Count);
                var leaf = Assert.Single(collection, c => c.HasPrivateKey);
                Assert.Equal(Smime.X509Certificate, leaf.RawData);
                using var rsa = leaf.GetRSAPrivateKey()!;
                byte[] data = [1, 2, 3];
                var signature = rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                using var publicKey = leaf.GetRSAPublicKey()!;
                Assert.True(publicKey.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
                Assert.Equal(Smime.X509Chain![0], Assert.Single(collection, c => !c.HasPrivateKey).RawData);
            }
            finally
            {
                foreach (var c in collection) c.Dispose();
            }
        }
    }

    [Fact]
    public void The_pkcs12_export_does_not_open_with_another_password_nor_hold_the_ca_key()
    {
        var pfx = MailKeys.ExportPkcs12(Private, Password);
        Assert.ThrowsAny<CryptographicException>(() => X509CertificateLoader.LoadPkcs12Collection(pfx, "wrong"));
        Assert.Throws<ArgumentException>(() => MailKeys.ExportPkcs12(Private, ""));
    }

    [OpenSslFact]
    public void Openssl_reads_the_pkcs12_file_and_accepts_the_certificate_for_smime()
    {
        using var folder = new TempFolder();
        File.WriteAllBytes(Path.Combine(folder.Path, "alice.p12"), MailKeys.ExportPkcs12(Private, Password));
        var certificates = OpenSsl.Run(folder.Path, "pkcs12", "-in", "alice.p12", "-passin", $"pass:{Password}", "-nokeys");
        Assert.True(certificates.Code == 0, certificates.Output);
        Assert.Equal(2, certificates.Output.Split("BEGIN CERTIFICATE").Length - 1);
        var key = OpenSsl.Run(folder.Path, "pkcs12", "-in", "alice.p12", "-passin", $"pass:{Password}", "-nocerts", "-noenc");
        Assert.True(key.Code == 0, key.Output);
        Assert.Contains("BEGIN PRIVATE KEY", key.Output, StringComparison.Ordinal);

        var ca = OpenSsl.WritePem(folder.Path, "ca.pem", "CERTIFICATE", Smime.X509Chain![0]);
        var leaf = OpenSsl.WritePem(folder.Path, "leaf.pem", "CERTIFICATE", Smime.X509Certificate!);
        foreach (var purpose in new[] { "smimesign", "smimeencrypt" })
        {
            var verified = OpenSsl.Run(folder.Path, "verify", "-CAfile", ca, "-x509_strict", "-purpose", purpose, leaf);
            Assert.True(verified.Code == 0, verified.Output);
        }
    }

    [Fact]
    public void The_openpgp_exports_read_back()
    {
        var armored = MailKeys.ExportOpenPgpSecret(Private, "passphrase");
        Assert.StartsWith("-----BEGIN PGP PRIVATE KEY BLOCK-----", armored, StringComparison.Ordinal);
        var secret = OpenPgpKeys.ReadSecret(armored, "passphrase");
        var publicKey = OpenPgpKeys.ReadPublic(MailKeys.ExportOpenPgpPublic(_account.Profile));
        Assert.Equal(publicKey.Fingerprint, secret.Fingerprint);
        Assert.Equal(MeshStatus.ClientUnauthorized, Assert.Throws<MeshException>(() => OpenPgpKeys.ReadSecret(armored, "wrong")).Status);
    }

    [GpgFact]
    public void Gpg_imports_the_exported_openpgp_key()
    {
        using var home = new GnuPgHome();
        var imported = home.Gpg(MailKeys.ExportOpenPgpSecret(Private, "passphrase"), [.. GnuPgHome.Passphrase("passphrase"), "--import"])
            .Succeeded("--import secret");
        Assert.Contains("secret keys imported: 1", imported.Stderr, StringComparison.Ordinal);
        var listed = home.Gpg("", "--list-keys", "--with-colons").Succeeded("--list-keys").Stdout;
        Assert.Contains("alice@example.com", listed, StringComparison.Ordinal);
    }

    [Fact]
    public void The_account_round_trips_through_a_sealed_mail_profile()
    {
        using var app = new AppUser([0], [0, 1], (s, r) => ApplicationProfiles.NewEntry<MailProfile>(s, r, "Work mail"));
        var signed = ApplicationProfiles.Seal(app.Personal, app.Id, _account.Profile, _account.Private, app.Device(0), Now);
        var bytes = TaggedJson.Serialize(signed);

        var opened = ApplicationProfiles.Open<MailProfile, MailProfilePrivate>(app.Personal, TaggedJson.Deserialize<SignedApplicationProfile>(bytes), app.Device(1));
        Assert.Equal(_account.Profile.EncryptionPGPKey, opened.Profile.EncryptionPGPKey);
        Assert.Equal(Smime.X509Certificate, opened.Profile.EncryptionSMIME!.X509Certificate);
        Assert.Equal(Private.OpenPGPSecretKey, opened.Private.OpenPGPSecretKey);
        Assert.NotEmpty(MailKeys.ExportPkcs12(opened.Private, Password));
    }

    [Fact]
    public void Exports_refuse_an_account_whose_keys_are_missing_or_mismatched()
    {
        Assert.Throws<MeshException>(() => MailKeys.ExportPkcs12(Private with { PrivateKeys = [] }, Password));
        var caKey = Private.PrivateKeys!.Single(k => !Udf.AreEqual(k.UDF, Smime.UDF));
        var swapped = Private with { PrivateKeys = [caKey with { UDF = Smime.UDF }] };
        Assert.Contains("not the key", Assert.Throws<MeshException>(() => MailKeys.ExportPkcs12(swapped, Password)).Message, StringComparison.Ordinal);
        Assert.Throws<MeshException>(() => MailKeys.ExportPkcs12(Private with { Sign = [], Encrypt = [] }, Password));
        Assert.Throws<MeshException>(() => MailKeys.ExportOpenPgpSecret(Private with { OpenPGPSecretKey = null }, null));
        var other = _account.Profile with { EncryptionPGP = new Mesh.Schema.PublicKey { UDF = Smime.UDF } };
        Assert.Throws<MeshException>(() => MailKeys.ExportOpenPgpPublic(other));
    }

    [Theory]
    [InlineData("alice", "Alice")]
    [InlineData("alice@", "Alice")]
    [InlineData("@example.com", "Alice")]
    [InlineData("alice@*.example.com", "Alice")]
    [InlineData("alice@bad..example", "Alice")]
    [InlineData("älice@example.com", "Alice")]
    [InlineData("alice@example.com", "")]
    public void Create_refuses_bad_addresses_and_names(string address, string name) =>
        Assert.Throws<ArgumentException>(() => MailAccounts.Create(address, name, null, [], [], Now));

    [Fact]
    public void Create_refuses_bad_server_uris() =>
        Assert.Throws<ArgumentException>(() => MailAccounts.Create("alice@example.com", "Alice", null, ["submission://smtp.example.com"], [], Now));
}
