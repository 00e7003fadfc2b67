// Draft section 5.10.3: online escrow. Private keys (5.10.4) are encrypted to the master escrow
// keys (ECDH-ES+A256KW, A256GCM), so that whoever holds a master escrow key can recover them.
using Mesh.Applications;
using Mesh.Cryptography;
using Mesh.Jose;
using Mesh.Profiles;
using Mesh.Schema;

namespace Mesh.Escrow;

/// <summary>
/// Escrows private keys (a device's, an application's, or any others) to the escrow keys of a master
/// profile, and recovers them with one of those keys. The entry's Identifier is made as for
/// <see cref="OfflineEscrow"/>: the content-digest UDF of the JWE.
/// </summary>
public static class OnlineEscrow
{
    /// <summary>Escrows the keys to every escrow key of the verified master profile (one JWE recipient each, kid = its UDF).</summary>
    /// <exception cref="ArgumentException">there are no keys, or the master profile has no escrow key</exception>
    /// <exception cref="InvalidOperationException">a key is not exportable</exception>
    public static OnlineEscrowEntry Create(IEnumerable<KeyPair> keys, VerifiedMaster master)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(master);
        if (master.EscrowKeys.Count == 0) throw new ArgumentException("The master profile has no escrow key.", nameof(master));
        var set = EscrowedKeys.Pack(keys);
        try
        {
            var jwe = EncryptedPayload.Encrypt(set, [.. master.EscrowKeys.Select(k => JweRecipient.ForPublicKey(k, k.Udf()))]);
            return new OnlineEscrowEntry { Identifier = OfflineEscrow.EscrowIdentifier(jwe), EncryptedData = jwe };
        }
        finally
        {
            EscrowedKeys.Erase(set);
        }
    }

    /// <summary>Recovers the escrowed keys with a master escrow key; they are exportable, so they can be escrowed again.</summary>
    /// <exception cref="MeshException">401 when the entry is not escrowed to this key; 400 when it is damaged</exception>
    public static IReadOnlyList<KeyPair> Recover(OnlineEscrowEntry entry, KeyPair escrowKey)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(escrowKey);
        var message = EncryptedPayload.Parse<EscrowedKeySet>(entry.EncryptedData, "escrow entry");
        var kid = message.KeyIds.FirstOrDefault(k => Udf.AreEqual(k, escrowKey.PublicKey.Udf()))
            ?? throw new MeshException(MeshStatus.ClientUnauthorized, $"The escrow entry is not escrowed to key {escrowKey.PublicKey.Udf()}.");
        byte[] plaintext;
        try
        {
            plaintext = message.Decrypt(escrowKey, kid);
        }
        catch (MeshException e)
        {
            throw new MeshException($"The escrow entry is damaged: {e.Message}", e);
        }
        return EscrowedKeys.Unpack(EncryptedPayload.Read<EscrowedKeySet>(plaintext, "escrow"));
    }
}
