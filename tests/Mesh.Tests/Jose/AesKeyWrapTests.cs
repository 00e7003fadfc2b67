// RFC 3394 section 4 test vectors for AES Key Wrap.
using Mesh.Jose;

namespace Mesh.Tests.Jose;

public class AesKeyWrapTests
{
    private static readonly byte[] Kek = Convert.FromHexString("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F");
    private static readonly byte[] KeyData = Convert.FromHexString("00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F");

    [Theory]
    [InlineData(16, 16, "1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5")] // 4.1
    [InlineData(24, 16, "96778B25AE6CA435F92B5B97C050AED2468AB8A17AD84E5D")] // 4.2
    [InlineData(32, 16, "64E8C3F9CE0F5BA263E9777905818A2A93C8191E7D6E8AE7")] // 4.3
    [InlineData(24, 24, "031D33264E15D33268F24EC260743EDCE1C6C7DDEE725A936BA814915C6762D2")] // 4.4
    [InlineData(32, 24, "A8F9BC1612C68B3FF6E6F4FBE30E71E4769C8B80A32CB8958CD5D17D6B254DA1")] // 4.5
    [InlineData(32, 32, "28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21")] // 4.6
    public void Rfc3394_vectors_wrap_and_unwrap(int kekBytes, int dataBytes, string expectedHex)
    {
        var kek = Kek.AsSpan(0, kekBytes);
        var data = KeyData.AsSpan(0, dataBytes);
        var wrapped = AesKeyWrap.Wrap(kek, data);
        Assert.Equal(expectedHex, Convert.ToHexString(wrapped));
        Assert.Equal(data.ToArray(), AesKeyWrap.Unwrap(kek, wrapped));
    }

    [Fact]
    public void Unwrap_with_the_wrong_key_fails_the_integrity_check()
    {
        var wrapped = Convert.FromHexString("1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5");
        var other = (byte[])Kek[..16].Clone();
        other[0] ^= 1;
        var e = Assert.Throws<MeshException>(() => AesKeyWrap.Unwrap(other, wrapped));
        Assert.Contains("integrity check", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    [InlineData(23)]
    public void Every_tampered_byte_fails_the_integrity_check(int index)
    {
        var wrapped = Convert.FromHexString("1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5");
        wrapped[index] ^= 0x80;
        Assert.Throws<MeshException>(() => AesKeyWrap.Unwrap(Kek.AsSpan(0, 16), wrapped));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(23)]
    [InlineData(25)]
    public void Unwrap_rejects_bad_lengths(int length) =>
        Assert.Throws<MeshException>(() => AesKeyWrap.Unwrap(Kek.AsSpan(0, 16), new byte[length]));

    [Fact]
    public void Wrap_rejects_misuse()
    {
        Assert.Throws<ArgumentException>(() => AesKeyWrap.Wrap(Kek.AsSpan(0, 15), KeyData.AsSpan(0, 16)));
        Assert.Throws<ArgumentException>(() => AesKeyWrap.Wrap(Kek.AsSpan(0, 16), KeyData.AsSpan(0, 8)));
        Assert.Throws<ArgumentException>(() => AesKeyWrap.Wrap(Kek.AsSpan(0, 16), KeyData.AsSpan(0, 20)));
    }
}
