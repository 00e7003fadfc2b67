namespace Mesh.Client.Tests;

public sealed class ConnectionPinTests
{
    private const string Profile = "MBH7-ZQLJ-73U5-SH4E-7Z5G-KDPL-ZLIT";
    private const string Device = "MBUZ-6OSX-A3YS-T6AR-WCEL-QPLM-EWAS";
    private const string Nonce = "NDNR-KPCG-ONRR-5WOX-2NSX-EMVX-3YHQ";
    private const string Pin = "ABCD-EFGH-IJKL-MNOP-QRST";

    [Fact]
    public void The_key_and_authenticator_match_an_independent_derivation()
    {
        // Python 'cryptography': HKDF-SHA256(ikm=symbols, salt="mesh-connection-pin", info="") as an Ed25519 seed,
        // and the (deterministic) Ed25519 signature of the PIN statement.
        var (key, authenticator) = ConnectionPin.Authenticate(Pin, Profile, Device, Nonce);
        Assert.Equal("355d96b0e2284bbbab9233db3f34bc4f0c3734271653049caa27a2e59f63d0b0", Convert.ToHexStringLower(key[^32..]));
        Assert.Equal("fa3599ec8b2f5e9bc9a094305acc3558d467431113e380a3c8775f650ef74b15ae6e23ec7bb47863fb105e981b62252661720afc6eda9aece67f5085b0f7d408",
            Convert.ToHexStringLower(authenticator));
    }

    [Fact]
    public void The_answer_key_and_MAC_match_an_independent_derivation_and_prove_that_answer_only()
    {
        // Python hmac/hashlib: HKDF-SHA256(ikm=symbols, salt="mesh-connection-pin", info="answer"), then HMAC-SHA256 of the answer statement.
        var key = ConnectionPin.AnswerKey(Pin);
        Assert.Equal("d49f89c1b5578bbb72ba3a37821a6aebe1bf0426148ff92918ffc64b40ba3585", Convert.ToHexStringLower(key));
        var mac = ConnectionPin.AnswerMac(key, Profile, Device, Nonce, "Accepted");
        Assert.Equal("26d4a1ec5666bc744a6313704ed9a29e703d83406cbeac390c048fa059347018", Convert.ToHexStringLower(mac));

        Assert.True(ConnectionPin.VerifyAnswer(ConnectionPin.AnswerKey("abcd-efgh-ijkl-mnop-qrst"), mac, Profile, Device, Nonce, "Accepted"));
        Assert.False(ConnectionPin.VerifyAnswer(ConnectionPin.AnswerKey("ABCD-EFGH-IJKL-MNOP-QRSA"), mac, Profile, Device, Nonce, "Accepted"));
        Assert.False(ConnectionPin.VerifyAnswer(key, mac, Device, Device, Nonce, "Accepted"));
        Assert.False(ConnectionPin.VerifyAnswer(key, mac, Profile, Profile, Nonce, "Accepted"));
        Assert.False(ConnectionPin.VerifyAnswer(key, mac, Profile, Device, Profile, "Accepted"));
        Assert.False(ConnectionPin.VerifyAnswer(key, mac, Profile, Device, Nonce, "Refused"));
        Assert.False(ConnectionPin.VerifyAnswer(key, null, Profile, Device, Nonce, "Accepted"));
        Assert.False(ConnectionPin.VerifyAnswer(key, mac[..16], Profile, Device, Nonce, "Accepted"));
        // The answer key is not the request key: holding it makes no request authenticator.
        Assert.NotEqual(ConnectionPin.Authenticate(Pin, Profile, Device, Nonce).PinKey[^32..], key);
    }

    [Fact]
    public void An_authenticator_verifies_for_its_request_only_and_names_the_PIN_issued()
    {
        var (key, authenticator) = ConnectionPin.Authenticate(Pin, Profile, Device, Nonce);
        Assert.True(ConnectionPin.Verify(key, authenticator, Profile, Device, Nonce, out var keyUdf));
        Assert.Equal(ConnectionPin.KeyUdf(Pin), keyUdf);
        Assert.Equal(ConnectionPin.KeyUdf("abcd efgh ijkl mnop qrst"), keyUdf);

        // Moved onto another device, profile or request, it no longer verifies.
        Assert.False(ConnectionPin.Verify(key, authenticator, Profile, Profile, Nonce, out _));
        Assert.False(ConnectionPin.Verify(key, authenticator, Device, Device, Nonce, out _));
        Assert.False(ConnectionPin.Verify(key, authenticator, Profile, Device, Udf.Nonce(), out _));
        var tampered = (byte[])authenticator.Clone();
        tampered[0] ^= 1;
        Assert.False(ConnectionPin.Verify(key, tampered, Profile, Device, Nonce, out _));
        Assert.False(ConnectionPin.Verify(key, null, Profile, Device, Nonce, out _));
        Assert.False(ConnectionPin.Verify([1, 2, 3], authenticator, Profile, Device, Nonce, out _));
    }

    [Fact]
    public void A_wrong_PIN_makes_a_key_the_issuer_does_not_know()
    {
        var (key, authenticator) = ConnectionPin.Authenticate("ABCD-EFGH-IJKL-MNOP-QRSU", Profile, Device, Nonce);
        Assert.True(ConnectionPin.Verify(key, authenticator, Profile, Device, Nonce, out var keyUdf));
        Assert.NotEqual(ConnectionPin.KeyUdf(Pin), keyUdf);
    }

    [Fact]
    public void PINs_are_fresh_100_bit_codes_and_typed_ones_are_normalized()
    {
        var pins = Enumerable.Range(0, 50).Select(_ => ConnectionPin.Generate()).ToList();
        Assert.All(pins, p => Assert.Matches("^[A-Z2-7]{4}(-[A-Z2-7]{4}){4}$", p));
        Assert.Equal(pins.Count, pins.Distinct().Count());

        Assert.True(ConnectionPin.TryNormalize(" abcdefgh-ijkl mnopqrst ", out var normal));
        Assert.Equal(Pin, normal);
        Assert.False(ConnectionPin.TryNormalize("ABCD-EFGH-IJKL-MNOP", out _));
        Assert.False(ConnectionPin.TryNormalize("ABCD-EFGH-IJKL-MNOP-QRS1", out _));
        Assert.False(ConnectionPin.TryNormalize(null, out _));
        Assert.Throws<ArgumentException>(() => ConnectionPin.KeyUdf("1234"));
    }
}
