using Mesh.X509;

namespace Mesh.Tests.X509;

/// <summary>The r||s to DER SEQUENCE { r, s } conversion of RFC 3279 section 2.2.3, at its edges.</summary>
public class EcdsaSignatureTests
{
    [Theory]
    [InlineData(0x00, 0x7F)] // leading zero bytes of r are dropped
    [InlineData(0x80, 0x01)] // a high bit needs a zero byte in front
    [InlineData(0x01, 0xFF)]
    public void Conversion_round_trips(byte first, byte secondFirst)
    {
        var rs = new byte[64];
        for (var i = 0; i < rs.Length; i++) rs[i] = (byte)(i + 1);
        rs[0] = first;
        rs[1] = first == 0 ? (byte)0 : rs[1];
        rs[32] = secondFirst;
        Assert.Equal(rs, SignatureAlgorithms.DerToP1363(SignatureAlgorithms.P1363ToDer(rs)));
    }

    [Fact]
    public void Zero_values_are_one_byte_integers()
    {
        Assert.Equal(Convert.FromHexString("3006020100020100"), SignatureAlgorithms.P1363ToDer(new byte[64]));
    }

    [Theory]
    [InlineData("3006020100020100FF")] // trailing data
    [InlineData("30060201FF020100")] // negative r
    [InlineData("300702020001020100")] // non-minimal r
    [InlineData("3026022101" + "0000000000000000000000000000000000000000000000000000000000000000" + "020100")] // r too large
    [InlineData("3003020100")] // s missing
    public void Bad_der_signatures_are_refused(string hex)
    {
        Assert.Null(SignatureAlgorithms.DerToP1363(Convert.FromHexString(hex)));
    }
}
