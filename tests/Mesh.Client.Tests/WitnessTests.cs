namespace Mesh.Client.Tests;

public sealed class WitnessTests
{
    private const string Profile = "MBH7-ZQLJ-73U5-SH4E-7Z5G-KDPL-ZLIT";
    private const string Device = "MBUZ-6OSX-A3YS-T6AR-WCEL-QPLM-EWAS";
    private const string Nonce = "NDNR-KPCG-ONRR-5WOX-2NSX-EMVX-3YHQ";

    [Fact]
    public void The_code_is_the_first_100_bits_of_SHA_512_over_the_documented_lines()
    {
        // Computed independently (Python hashlib and base64.b32encode) from the definition in Witness.
        Assert.Equal("TQGG-ZC3O-FB7U-DB4E-XXT5", Witness.Compute(Profile, Device, Nonce, "1@example.com"));
    }

    [Fact]
    public void UDFs_are_read_without_regard_to_case_or_dashes()
    {
        Assert.Equal(Witness.Compute(Profile, Device, Nonce, "1@example.com"),
            Witness.Compute(Profile.ToLowerInvariant(), Device.Replace("-", "", StringComparison.Ordinal), Nonce, "1@EXAMPLE.COM"));
    }

    [Fact]
    public void Every_input_changes_the_code()
    {
        var code = Witness.Compute(Profile, Device, Nonce, "1@example.com");
        Assert.NotEqual(code, Witness.Compute(Device, Device, Nonce, "1@example.com"));
        Assert.NotEqual(code, Witness.Compute(Profile, Profile, Nonce, "1@example.com"));
        Assert.NotEqual(code, Witness.Compute(Profile, Device, Udf.Nonce(), "1@example.com"));
        Assert.NotEqual(code, Witness.Compute(Profile, Device, Nonce, "2@example.com"));
    }

    [Fact]
    public void A_code_has_twenty_Base32_symbols_in_groups_of_four()
    {
        var code = Witness.Compute(Profile, Device, Udf.Nonce(), "7@example.com");
        Assert.Matches("^[A-Z2-7]{4}(-[A-Z2-7]{4}){4}$", code);
    }

    [Fact]
    public void Codes_compare_as_a_user_types_them()
    {
        Assert.True(Witness.AreEqual("TQGG-ZC3O-FB7U-DB4E-XXT5", "tqgg zc3o fb7u db4e xxt5"));
        Assert.False(Witness.AreEqual("TQGG-ZC3O-FB7U-DB4E-XXT5", "TQGG-ZC3O-FB7U-DB4E-XXT6"));
        Assert.False(Witness.AreEqual(null, null));
    }

    [Fact]
    public void Inputs_that_are_not_UDFs_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Witness.Compute("not a udf", Device, Nonce, "1@example.com"));
        Assert.Throws<ArgumentException>(() => Witness.Compute(Profile, Device, Nonce, ""));
    }

    [Theory]
    [InlineData(Device)] // a well-formed UDF of another type
    [InlineData("NDNR-KPCG-ONRR-5WOX-2NSX-EMVX-3YH")] // a symbol short
    [InlineData("NDNR-KPCG-ONRR-5WOX-2NSX-EMVX-3YHR")] // non-zero trailing bits
    [InlineData("NDNR-KPCG-ONRR-5WOX-2NSX-EMVX")] // too few random bytes
    public void A_nonce_that_is_not_a_well_formed_nonce_UDF_is_refused(string nonce)
    {
        Assert.False(Udf.IsNonce(nonce));
        Assert.Throws<ArgumentException>(() => Witness.Compute(Profile, Device, nonce, "1@example.com"));
    }

    [Fact]
    public void The_nonce_counts_without_regard_to_case_or_dashes()
    {
        Assert.Equal(Witness.Compute(Profile, Device, Nonce, "1@example.com"),
            Witness.Compute(Profile, Device, Nonce.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant(), "1@example.com"));
    }
}
