using Mesh.Cryptography;
using Mesh.X509;

namespace Mesh.Tests.X509;

/// <summary>Keys, periods and small byte surgery shared by the X.509 tests. Every key is new: tests share no key objects.</summary>
internal static class TestPki
{
    public static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    public static readonly DateTimeOffset NotBefore = Now.AddHours(-1);
    public static readonly DateTimeOffset NotAfter = Now.AddDays(30);

    public static KeyPair NewKey(KeyAlgorithm algorithm) => KeyPair.Generate(algorithm, rsaBits: 2048);

    public static byte[] Ca(KeyPair key, string name = "Test CA") =>
        PersonalCertificates.CreateSelfSignedCa(key, name, NotBefore, NotAfter);

    public static byte[] Leaf(KeyPair issuer, byte[] ca, PublicKeyInfo subject, CertificateUse use, string name = "Test leaf", IReadOnlyList<string>? emails = null) =>
        PersonalCertificates.Issue(issuer, ca, subject, name, use, NotBefore, NotAfter, emails);

    /// <summary>A use the key type can be certified for (encryption for X25519, else authentication).</summary>
    public static CertificateUse UseFor(KeyAlgorithm algorithm) =>
        algorithm == KeyAlgorithm.X25519 ? CertificateUse.Encryption : CertificateUse.Authentication;

    /// <summary>A copy with the first occurrence of <paramref name="text"/> (ASCII) changed in its last character.</summary>
    public static byte[] ReplaceText(byte[] der, string text)
    {
        var needle = System.Text.Encoding.ASCII.GetBytes(text);
        var at = der.AsSpan().IndexOf(needle);
        Assert.True(at >= 0, $"'{text}' is not in the encoding");
        var copy = (byte[])der.Clone();
        copy[at + needle.Length - 1] ^= 0x01;
        return copy;
    }

    /// <summary>A copy with the last byte (inside the signature) changed.</summary>
    public static byte[] FlipLastByte(byte[] der)
    {
        var copy = (byte[])der.Clone();
        copy[^1] ^= 0x01;
        return copy;
    }
}
