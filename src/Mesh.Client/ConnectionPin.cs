// docs/connecting-devices.md: one-time PINs that let a device connect without a second step.
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Mesh.Cryptography;
using Mesh.Encoding;

namespace Mesh.Client;

/// <summary>
/// One-time connection PINs. An administering device issues a PIN of 100 random bits, written as 20
/// Base32 symbols (<c>XXXX-XXXX-XXXX-XXXX-XXXX</c>). Both devices derive from it an Ed25519 key:
/// the seed is HKDF-SHA-256 (RFC 5869) of the PIN's symbols (upper case, no dashes) with the salt
/// <c>mesh-connection-pin</c>, no info, 32 bytes. The administering device remembers only the UDF
/// of the derived public key, so its state file holds nothing that could make an authenticator.
/// The new device puts the public key in <c>ConnectionRequest.PinKey</c> and its signature over the
/// PIN statement in <c>ConnectionRequest.PinAuthenticator</c>. The statement is the UTF-8 of the lines
/// <c>mesh-connection-pin</c>, the profile's UDF, the device's UDF and the request's nonce, each
/// ended by LF (UDFs in upper case without dashes): it binds the PIN to this device's request, so a
/// portal that sees it cannot move it onto another device.
/// </summary>
/// <remarks>
/// A keyed UDF of the request under the PIN would be simpler to make, but checking it needs the PIN
/// itself, which would then have to be kept on the administering device; a signature is checked
/// with the public key's fingerprint alone.
/// </remarks>
public static class ConnectionPin
{
    /// <summary>The random bits of a PIN.</summary>
    public const int Bits = 100;

    private const int Symbols = Bits / 5;

    // DER PKCS#8 PrivateKeyInfo of an Ed25519 key (RFC 8410) up to the 32-byte seed.
    private static readonly byte[] Ed25519Pkcs8Prefix = Convert.FromHexString("302e020100300506032b657004220420");

    /// <summary>A fresh PIN.</summary>
    public static string Generate()
    {
        Span<byte> random = stackalloc byte[(Bits + 7) / 8];
        RandomNumberGenerator.Fill(random);
        return Witness.Group(Base32.Encode(random, Bits));
    }

    /// <summary>Reads a PIN as a user typed it (any case, dashes and spaces ignored); false when it is not one.</summary>
    public static bool TryNormalize(string? typed, [NotNullWhen(true)] out string? pin)
    {
        pin = null;
        if (typed is null) return false;
        var symbols = Witness.Strip(typed);
        if (symbols.Length != Symbols || !symbols.All(Base32.IsSymbol)) return false;
        pin = Witness.Group(symbols);
        return true;
    }

    /// <summary>The UDF of the public key derived from a PIN: what the issuing device remembers.</summary>
    public static string KeyUdf(string pin)
    {
        using var key = DeriveKey(pin);
        return key.PublicKey.Udf();
    }

    /// <summary>The PinKey and PinAuthenticator fields proving knowledge of <paramref name="pin"/> for one request.</summary>
    public static (byte[] PinKey, byte[] Authenticator) Authenticate(string pin, string profileUdf, string deviceUdf, string deviceNonce)
    {
        using var key = DeriveKey(pin);
        return (key.PublicKey.ExportSubjectPublicKeyInfo(), key.Sign(SignatureScheme.Ed25519, Statement(profileUdf, deviceUdf, deviceNonce)));
    }

    /// <summary>
    /// Checks a request's PIN fields: <paramref name="keyUdf"/> is the UDF of the key they carry (to be
    /// looked up among issued PINs), and the result says whether the key signed this request's statement.
    /// </summary>
    public static bool Verify(byte[]? pinKey, byte[]? authenticator, string profileUdf, string deviceUdf, string deviceNonce,
        [NotNullWhen(true)] out string? keyUdf)
    {
        keyUdf = null;
        if (pinKey is null || authenticator is null) return false;
        PublicKeyInfo key;
        try
        {
            key = PublicKeyInfo.FromSubjectPublicKeyInfo(pinKey);
        }
        catch (MeshException)
        {
            return false;
        }
        if (key.Algorithm != KeyAlgorithm.Ed25519) return false;
        if (!key.Verify(SignatureScheme.Ed25519, Statement(profileUdf, deviceUdf, deviceNonce), authenticator)) return false;
        keyUdf = key.Udf();
        return true;
    }

    /// <summary>
    /// The key that proves the PIN in the answer to a request made with it: HKDF-SHA-256 of the PIN's symbols
    /// with the salt <c>mesh-connection-pin</c> and the info <c>answer</c>, 32 bytes. The issuing device keeps it
    /// (secret); the new device derives it from the PIN it was given. Neither can make a request authenticator from it.
    /// </summary>
    public static byte[] AnswerKey(string pin)
    {
        if (!TryNormalize(pin, out var normal)) throw new ArgumentException("That is not a PIN.", nameof(pin));
        return HKDF.DeriveKey(HashAlgorithmName.SHA256, System.Text.Encoding.ASCII.GetBytes(Witness.Strip(normal)), 32,
            System.Text.Encoding.ASCII.GetBytes("mesh-connection-pin"), System.Text.Encoding.ASCII.GetBytes("answer"));
    }

    /// <summary>
    /// The MAC an answer carries in <c>ConnectionResult.PinAnswer</c>: HMAC-SHA-256 under <see cref="AnswerKey"/> of the
    /// UTF-8 lines <c>mesh-connection-pin-answer</c>, the profile's UDF (the fingerprint of the account's master
    /// signing key), the device's UDF, the request's nonce and the result, each ended by LF (UDFs as in the PIN
    /// statement). Only a device that knows the PIN can make it, so an account that was substituted for the one
    /// that issued the PIN, or a portal, cannot complete a PIN request.
    /// </summary>
    public static byte[] AnswerMac(byte[] answerKey, string profileUdf, string deviceUdf, string deviceNonce, string result) =>
        HMACSHA256.HashData(answerKey, System.Text.Encoding.UTF8.GetBytes(
            $"mesh-connection-pin-answer\n{Witness.Strip(profileUdf)}\n{Witness.Strip(deviceUdf)}\n{Witness.Strip(deviceNonce)}\n{result}\n"));

    /// <summary>Whether <paramref name="mac"/> is the answer MAC for these values (compared in fixed time).</summary>
    public static bool VerifyAnswer(byte[] answerKey, byte[]? mac, string profileUdf, string deviceUdf, string deviceNonce, string result) =>
        mac is not null && CryptographicOperations.FixedTimeEquals(mac, AnswerMac(answerKey, profileUdf, deviceUdf, deviceNonce, result));

    private static KeyPair DeriveKey(string pin)
    {
        if (!TryNormalize(pin, out var normal)) throw new ArgumentException("That is not a PIN: a PIN has 20 letters and digits, like ABCD-EFGH-IJKL-MNOP-QRST.", nameof(pin));
        var seed = HKDF.DeriveKey(HashAlgorithmName.SHA256, System.Text.Encoding.ASCII.GetBytes(Witness.Strip(normal)), 32,
            System.Text.Encoding.ASCII.GetBytes("mesh-connection-pin"), []);
        var pkcs8 = new byte[Ed25519Pkcs8Prefix.Length + seed.Length];
        try
        {
            Ed25519Pkcs8Prefix.CopyTo(pkcs8, 0);
            seed.CopyTo(pkcs8, Ed25519Pkcs8Prefix.Length);
            return KeyPair.ImportPkcs8(pkcs8);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    private static byte[] Statement(string profileUdf, string deviceUdf, string deviceNonce) =>
        System.Text.Encoding.UTF8.GetBytes($"mesh-connection-pin\n{Witness.Strip(profileUdf)}\n{Witness.Strip(deviceUdf)}\n{Witness.Strip(deviceNonce)}\n");
}
