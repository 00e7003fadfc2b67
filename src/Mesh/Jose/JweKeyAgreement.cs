// RFC 7518 section 4.6 (ECDH-ES key agreement, with P-256) and RFC 8037 section 3.2 (with X25519).
using System.Security.Cryptography;
using Mesh.Cryptography;

namespace Mesh.Jose;

/// <summary>
/// The ECDH-ES step of both sides: agree on Z between an ephemeral key and the recipient's key,
/// then derive key material from it with the Concat KDF. Z is erased as soon as it is used.
/// </summary>
internal static class JweKeyAgreement
{
    /// <summary>
    /// The sender's side: agree with the recipient's public key using the ephemeral private key
    /// and derive <paramref name="keyBytes"/> bytes (no <c>apu</c>/<c>apv</c>: we write none).
    /// </summary>
    internal static byte[] Send(KeyPair ephemeral, PublicKeyInfo recipient, string algorithmId, int keyBytes)
    {
        var z = ephemeral.Agree(recipient);
        try
        {
            return ConcatKdf.Derive(z, algorithmId, [], [], keyBytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(z);
        }
    }

    /// <summary>
    /// The recipient's side: read <c>epk</c> (and <c>apu</c>/<c>apv</c>) from the header, check that
    /// the ephemeral key is on the recipient key's curve, agree and derive. Throws
    /// <see cref="MeshException"/> for a missing or malformed <c>epk</c>, another curve, or a
    /// degenerate point (a P-256 point off the curve, an X25519 point of low order).
    /// </summary>
    internal static byte[] Receive(KeyPair key, JweHeader header, string algorithmId, int keyBytes)
    {
        var json = header.Object("epk") ?? throw new MeshException("The JWE header has no 'epk' (ephemeral public key), which ECDH-ES needs.");
        PublicKeyInfo epk;
        try
        {
            epk = PublicKeyInfo.FromJwk(json);
        }
        catch (MeshException e)
        {
            throw new MeshException($"The JWE 'epk' is not a usable ephemeral public key: {e.Message}", e);
        }
        if (epk.Algorithm != key.Algorithm)
            throw new MeshException($"The JWE 'epk' is a {epk.Algorithm} key but the recipient's key is {key.Algorithm}: wrong curve.");
        var apu = header.Bytes("apu") ?? [];
        var apv = header.Bytes("apv") ?? [];
        var z = key.Agree(epk);
        try
        {
            return ConcatKdf.Derive(z, algorithmId, apu, apv, keyBytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(z);
        }
    }
}
