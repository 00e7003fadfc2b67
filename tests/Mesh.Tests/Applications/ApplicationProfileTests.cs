using System.Text.Json;
using Mesh.Applications;
using Mesh.Encoding;
using Mesh.Jose;
using Mesh.Profiles;
using Mesh.Schema;
using Mesh.Schema.Json;

namespace Mesh.Tests.Applications;

public class ApplicationProfileTests
{
    private static readonly DateTimeOffset Now = AppUser.Now;

    private static readonly PasswordProfilePrivate Contents = new()
    {
        Entries = [new PasswordEntry { Sites = ["example.com"], Username = "Alice", Password = "Secret!" }],
    };

    [Fact]
    public void A_new_entry_has_a_random_nonce_identifier_the_profile_type_and_the_devices()
    {
        var a = ApplicationProfiles.NewEntry<MailProfile>([Udf.Nonce()], [Udf.Nonce()], "Work mail");
        var b = ApplicationProfiles.NewEntry<MailProfile>([], [Udf.Nonce()]);

        Assert.Equal(UdfType.Nonce, Udf.Parse(a.Identifier!).Type);
        Assert.NotEqual(a.Identifier, b.Identifier);
        Assert.Equal("MailProfile", a.Type);
        Assert.Equal("Work mail", a.Friendly);
        Assert.Single(a.SignID!);
        Assert.Empty(b.SignID!);
    }

    [Fact]
    public void A_new_entry_refuses_ids_that_are_not_udfs_and_an_entry_nobody_can_read()
    {
        Assert.Throws<ArgumentException>(() => ApplicationProfiles.NewEntry<PasswordProfile>(["device"], [Udf.Nonce()]));
        Assert.Throws<ArgumentException>(() => ApplicationProfiles.NewEntry<PasswordProfile>([Udf.Nonce()], []));
    }

    [Fact]
    public void Every_reader_opens_what_an_authorized_signer_sealed()
    {
        using var app = new AppUser(signers: [0], readers: [0, 1]);
        var signed = app.Seal(Contents);

        foreach (var reader in new[] { 0, 1 })
        {
            var opened = app.Open(signed, reader);
            Assert.Equal(TaggedJson.SerializeToString(Contents), TaggedJson.SerializeToString(opened.Private));
            Assert.Equal(app.Id, opened.Profile.Identifier);
            Assert.Equal(app.Device(0).Identifier, opened.Signer.Identifier);
            Assert.Equal(Now, opened.Updated);
        }
    }

    [Fact]
    public void The_sealed_profile_is_a_standard_jws_over_a_standard_jwe_to_each_reader_key()
    {
        using var app = new AppUser(signers: [0], readers: [1, 2]);
        var signed = app.Seal(Contents);

        Assert.Equal(app.Id, signed.Identifier);
        Assert.Equal(app.Device(0).Identifier, SignedPayload.SignerKeyId(signed.SignedData));
        var profile = SignedPayload.Claim<PasswordProfile>(signed.SignedData, "test").Payload;
        var message = JweMessage.Parse(JsonSerializer.Serialize(profile.EncryptedData!, MeshJsonContext.Default.JoseWebEncryption));
        Assert.Equal(JweSerialization.General, message.Serialization);
        Assert.Equal(JweEncryption.A256Gcm, message.Encryption);
        Assert.Equal("PasswordProfilePrivate", message.ContentType);
        Assert.Equal([app.Device(1).EncryptionKey.PublicKey.Udf(), app.Device(2).EncryptionKey.PublicKey.Udf()], message.KeyIds);
        Assert.All(profile.EncryptedData!.Recipients!, r => Assert.Equal("ECDH-ES+A256KW", r.Header!.Value.GetProperty("alg").GetString()));

        // The reader's private key alone decrypts the tagged JSON of the private part.
        var plaintext = message.Decrypt(app.Device(2).EncryptionKey, app.Device(2).EncryptionKey.PublicKey.Udf());
        Assert.StartsWith("{\"PasswordProfilePrivate\":", System.Text.Encoding.UTF8.GetString(plaintext), StringComparison.Ordinal);
    }

    [Fact]
    public void A_device_not_in_DecryptID_cannot_open()
    {
        using var app = new AppUser(signers: [0], readers: [0]);
        var e = Assert.Throws<MeshException>(() => app.Open(app.Seal(Contents), reader: 1));
        Assert.Equal(MeshStatus.ClientUnauthorized, e.Status);
        Assert.Contains("not authorized to read", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_device_not_in_SignID_cannot_seal()
    {
        using var app = new AppUser(signers: [0], readers: [0, 1]);
        Assert.Throws<ArgumentException>(() => app.Seal(Contents, signer: 1));
    }

    [Fact]
    public void A_profile_signed_by_a_device_no_longer_in_SignID_is_refused()
    {
        using var app = new AppUser(signers: [0, 1], readers: [0, 1]);
        var signed = app.Seal(Contents, signer: 1);
        Assert.NotNull(app.Open(signed, reader: 0));

        app.Replace([app.Entry with { SignID = [app.Device(0).Identifier] }]);
        var e = Assert.Throws<MeshException>(() => app.Open(signed, reader: 0));
        Assert.Equal(MeshStatus.ClientUnauthorized, e.Status);
        Assert.Contains("not authorized to sign", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_profile_signed_by_a_key_outside_the_personal_profile_is_refused()
    {
        using var app = new AppUser(signers: [0], readers: [0]);
        using var stranger = DeviceSecrets.Create("stranger", Now);
        var profile = SignedPayload.Claim<PasswordProfile>(app.Seal(Contents).SignedData, "test").Payload;
        var forged = new SignedApplicationProfile { Identifier = app.Id, SignedData = SignedPayload.Sign(profile, stranger.SignatureKey) };

        var e = Assert.Throws<MeshException>(() => app.Open(forged, reader: 0));
        Assert.Equal(MeshStatus.ClientUnauthorized, e.Status);
    }

    [Fact]
    public void A_forged_signature_is_refused()
    {
        using var app = new AppUser(signers: [0, 1], readers: [0]);
        var byZero = app.Seal(Contents, signer: 0);
        var byOne = app.Seal(Contents with { AutoGenerate = true }, signer: 1);
        // Device 1's signature moved onto device 0's payload, and device 0's kid kept: the signature does not verify.
        var jws = byZero.SignedData! with { Signatures = [byOne.SignedData!.Signatures![0] with { Header = byZero.SignedData.Signatures![0].Header }] };

        var e = Assert.Throws<MeshException>(() => app.Open(byZero with { SignedData = jws }, reader: 0));
        Assert.Equal(MeshStatus.ClientUnauthorized, e.Status);
    }

    [Fact]
    public void A_tampered_payload_is_refused()
    {
        using var app = new AppUser(signers: [0], readers: [0]);
        var signed = app.Seal(Contents);
        var payload = Base64Url.Decode(signed.SignedData!.Payload!, "payload");
        payload[^3] ^= 1;
        var tampered = signed with { SignedData = signed.SignedData with { Payload = Base64Url.Encode(payload) } };

        var e = Assert.Throws<MeshException>(() => app.Open(tampered, reader: 0));
        Assert.Equal(MeshStatus.ClientUnauthorized, e.Status);
    }

    [Fact]
    public void Tampered_ciphertext_is_refused_even_when_an_authorized_device_signs_it()
    {
        using var app = new AppUser(signers: [0], readers: [0]);
        var profile = SignedPayload.Claim<PasswordProfile>(app.Seal(Contents).SignedData, "test").Payload;
        var ciphertext = Base64Url.Decode(profile.EncryptedData!.Ciphertext!, "ciphertext");
        ciphertext[0] ^= 1;
        var tampered = profile with { EncryptedData = profile.EncryptedData with { Ciphertext = Base64Url.Encode(ciphertext) } };
        var signed = new SignedApplicationProfile { Identifier = app.Id, SignedData = SignedPayload.Sign(tampered, app.Device(0).SignatureKey) };

        var e = Assert.Throws<MeshException>(() => app.Open(signed, reader: 0));
        Assert.Equal(MeshStatus.BadRequest, e.Status);
        Assert.Contains("does not decrypt", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_profile_relabelled_as_another_application_is_refused()
    {
        using var app = new AppUser(signers: [0], readers: [0]);
        var other = ApplicationProfiles.NewEntry<PasswordProfile>([app.Device(0).Identifier], [app.Device(0).Identifier]);
        app.Replace([app.Entry, other]);
        var signed = app.Seal(Contents);

        var e = Assert.Throws<MeshException>(() => app.Open(signed with { Identifier = other.Identifier }, reader: 0));
        Assert.Equal(MeshStatus.ClientUnauthorized, e.Status);
    }

    [Fact]
    public void An_application_missing_from_the_personal_profile_is_refused()
    {
        using var app = new AppUser(signers: [0], readers: [0]);
        var signed = app.Seal(Contents);
        app.Replace([]);

        Assert.Equal(MeshStatus.ClientUnauthorized, Assert.Throws<MeshException>(() => app.Open(signed, reader: 0)).Status);
        Assert.Throws<ArgumentException>(() => app.Seal(Contents));
    }

    [Fact]
    public void Opening_as_another_profile_type_is_refused()
    {
        using var app = new AppUser(signers: [0], readers: [0]);
        var signed = app.Seal(Contents);

        var e = Assert.Throws<MeshException>(() =>
            ApplicationProfiles.Open<MailProfile, MailProfilePrivate>(app.Personal, signed, app.Device(0)));
        Assert.Equal(MeshStatus.BadRequest, e.Status);
        Assert.Throws<ArgumentException>(() =>
            ApplicationProfiles.Seal(app.Personal, app.Id, new MailProfile(), new MailProfilePrivate(), app.Device(0), Now));
    }

    [Fact]
    public void An_older_version_than_the_one_seen_is_refused()
    {
        using var app = new AppUser(signers: [0], readers: [0]);
        var v1 = app.Seal(Contents, at: Now);
        var v2 = app.Seal(Contents with { AutoGenerate = true }, at: Now.AddMinutes(1));

        var seen = app.Open(v2, reader: 0);
        Assert.Equal(MeshStatus.AlreadyExists, Assert.Throws<MeshException>(() => app.Open(v1, 0, seen)).Status);
        Assert.True(app.Open(v2, 0, app.Open(v1, 0)).Private.AutoGenerate);
    }

    [Fact]
    public void A_removed_device_can_read_the_old_version_but_not_the_one_sealed_after_its_removal()
    {
        using var app = new AppUser(signers: [0], readers: [0, 1]);
        var before = app.Personal;
        var v1 = app.Seal(Contents);
        var removed = app.Device(1);
        var removedKey = removed.EncryptionKey;
        Assert.Equal("Secret!", ApplicationProfiles.Open<PasswordProfile, PasswordProfilePrivate>(before, v1, removed).Private.Entries![0].Password);

        app.RemoveDevice(1);
        var v2 = app.Seal(Contents with { Entries = [new PasswordEntry { Sites = ["example.com"], Username = "Alice", Password = "New!" }] });

        // The old version was encrypted to the removed device, the new one is not, and uses a new content key.
        Assert.NotNull(Decrypt(v1, removedKey));
        var e = Assert.Throws<MeshException>(() => Decrypt(v2, removedKey));
        Assert.Contains("no recipient", e.Message, StringComparison.Ordinal);
        Assert.NotEqual(Jwe(v1).Ciphertext, Jwe(v2).Ciphertext);
        // Through the profile, it is no longer a device at all.
        Assert.Equal(MeshStatus.ClientUnauthorized, Assert.Throws<MeshException>(() => app.Open(v2, reader: 1)).Status);
        Assert.Equal("New!", app.Open(v2, reader: 0).Private.Entries![0].Password);
    }

    private static JoseWebEncryption Jwe(SignedApplicationProfile signed) => SignedPayload.Claim<PasswordProfile>(signed.SignedData, "test").Payload.EncryptedData!;

    private static byte[] Decrypt(SignedApplicationProfile signed, Mesh.Cryptography.KeyPair key) =>
        Mesh.Jose.Jwe.Decrypt(JsonSerializer.Serialize(Jwe(signed), MeshJsonContext.Default.JoseWebEncryption), key, key.PublicKey.Udf());
}
