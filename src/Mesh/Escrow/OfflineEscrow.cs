// Draft section 5.10.2: offline escrow. The master's private keys (5.10.4) are encrypted under a
// fresh 256-bit key (JWE "dir", A256GCM) and that key is split into Shamir shares (UDF.md, type S).
using System.Security.Cryptography;
using Mesh.Applications;
using Mesh.Jose;
using Mesh.Profiles;
using Mesh.Schema;
using Mesh.Secrets;

namespace Mesh.Escrow;

/// <summary>An offline escrow as made: the entry to publish, and the shares to hand to their holders.</summary>
/// <param name="Entry">the entry, which holds the encrypted keys and nothing that decrypts them</param>
/// <param name="Shares">the shares of the key, as S-type UDFs; any quorum of them recovers the keys</param>
public sealed record OfflineEscrowResult(OfflineEscrowEntry Entry, IReadOnlyList<string> Shares);

/// <summary>
/// Escrows a master's private keys (signing, escrow and online keys) so that a quorum of share
/// holders can recover them, and recovers them.
/// </summary>
/// <remarks>
/// The JWE has one recipient, <c>dir</c>, whose <c>kid</c> is the content-digest UDF of the key under
/// <see cref="KeyIdContentType"/>: a one-way fingerprint of a 256-bit random key, which lets recovery
/// tell shares that do not recover this escrow's key (wrong, corrupted or another escrow's) from a
/// damaged entry. The entry's Identifier is the content-digest UDF of the JWE under
/// <see cref="EntryContentType"/>: distinct for every escrow, so a new escrow never takes the place of
/// an older one whose shares are still held, and not linked to the master key by anyone who lacks
/// the shares. Share holders should note it with their share.
/// </remarks>
public static class OfflineEscrow
{
    /// <summary>The content type under which the escrow key is fingerprinted for the JWE's kid.</summary>
    public const string KeyIdContentType = "application/mesh-escrow-key";

    /// <summary>The content type under which the JWE text is fingerprinted for the entry's identifier (RFC 7516's media type).</summary>
    public const string EntryContentType = "application/jose+json";

    /// <summary>
    /// Escrows the master's keys: <paramref name="shares"/> shares, any <paramref name="quorum"/> of which recover them.
    /// </summary>
    /// <exception cref="ArgumentException">the quorum or share count is out of range (2 ≤ quorum ≤ shares ≤ 15)</exception>
    /// <exception cref="InvalidOperationException">a key of the master is not exportable</exception>
    public static OfflineEscrowResult Create(MasterSecrets master, int shares, int quorum)
    {
        ArgumentNullException.ThrowIfNull(master);
        ArgumentOutOfRangeException.ThrowIfLessThan(quorum, Shamir.MinQuorum);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(shares, Shamir.MaxShares);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quorum, shares);
        var key = RandomNumberGenerator.GetBytes(32);
        var set = EscrowedKeys.Pack([master.SigningKey, .. master.EscrowKeys, .. master.OnlineKeys]);
        try
        {
            var recipient = JweRecipient.ForSymmetricKey(key, KeyId(key), JweKeyManagement.Direct);
            var jwe = EncryptedPayload.Encrypt(set, [recipient]);
            var entry = new OfflineEscrowEntry { Identifier = EscrowIdentifier(jwe), EncryptedData = jwe };
            return new OfflineEscrowResult(entry, [.. Shamir.Split(key, shares, quorum).Select(s => s.ToString())]);
        }
        finally
        {
            EscrowedKeys.Erase(set);
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>
    /// Recovers the master secrets of <paramref name="master"/> from a quorum of shares and the entry,
    /// and rebuilds them with a new master profile (<see cref="MasterSecrets.FromKeys"/>) valid from <paramref name="now"/>.
    /// </summary>
    /// <exception cref="MeshException">400 when a share is malformed, there are too few, they disagree, or
    /// the entry is damaged; 401 when the shares do not recover this escrow's key, or the escrow is not
    /// of <paramref name="master"/></exception>
    public static MasterSecrets Recover(OfflineEscrowEntry entry, IEnumerable<string> shares, VerifiedMaster master, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(shares);
        ArgumentNullException.ThrowIfNull(master);
        var message = EncryptedPayload.Parse<EscrowedKeySet>(entry.EncryptedData, "escrow entry");
        if (message.KeyIds.Count != 1 || message.KeyIds[0] is not { } kid)
            throw new MeshException("An offline escrow entry has exactly one recipient, with a key id.");
        var key = Shamir.Recover(shares);
        try
        {
            if (key.Length != 32 || !Udf.AreEqual(KeyId(key), kid))
                throw new MeshException(MeshStatus.ClientUnauthorized,
                    "The shares do not recover this escrow's key: a share is wrong or corrupted, or they belong to another escrow.");
            byte[] plaintext;
            try
            {
                plaintext = message.Decrypt(key, kid);
            }
            catch (MeshException e)
            {
                throw new MeshException($"The escrow entry is damaged: {e.Message}", e);
            }
            var set = EncryptedPayload.Read<EscrowedKeySet>(plaintext, "escrow");
            return EscrowedKeys.ToMaster(EscrowedKeys.Unpack(set), master, now);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static string KeyId(byte[] key) => Udf.ContentDigest(KeyIdContentType, key);

    /// <summary>
    /// The identifier an escrow entry must have: the content digest of its encrypted data. A portal
    /// checks it, so that no one can publish an escrow entry under another entry's identifier.
    /// </summary>
    public static string EscrowIdentifier(JoseWebEncryption jwe) =>
        Udf.ContentDigest(EntryContentType, System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(jwe, Schema.Json.MeshJsonContext.Default.JoseWebEncryption));
}
