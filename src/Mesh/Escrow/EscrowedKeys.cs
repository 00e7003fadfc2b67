// Draft section 5.10.4: the EscrowedKeySet, the private keys an escrow entry protects.
using System.Security.Cryptography;
using Mesh.Cryptography;
using Mesh.Profiles;
using Mesh.Schema;

namespace Mesh.Escrow;

/// <summary>Packs private keys into an <see cref="EscrowedKeySet"/>, reads them back, and rebuilds a master from them.</summary>
public static class EscrowedKeys
{
    /// <summary>The keys as PKCS#8 with their UDFs; the caller erases them with <see cref="Erase"/>.</summary>
    public static EscrowedKeySet Pack(IEnumerable<KeyPair> keys)
    {
        var list = keys.ToList();
        if (list.Count == 0) throw new ArgumentException("There are no keys to escrow.", nameof(keys));
        return new EscrowedKeySet { PrivateKeys = [.. list.Select(k => new Key { UDF = k.PublicKey.Udf(), PKCS8 = k.ExportPkcs8() })] };
    }

    /// <summary>Erases the private keys of a set.</summary>
    public static void Erase(EscrowedKeySet set)
    {
        foreach (var key in set.PrivateKeys ?? []) CryptographicOperations.ZeroMemory(key.PKCS8);
    }

    /// <summary>
    /// Imports every key of a decrypted set (exportable, so it can be escrowed again) and erases the
    /// set; 400 when a key is missing, malformed or not the key its UDF names.
    /// </summary>
    public static List<KeyPair> Unpack(EscrowedKeySet set)
    {
        var keys = new List<KeyPair>();
        try
        {
            foreach (var key in set.PrivateKeys ?? [])
            {
                if (key.PKCS8 is null) throw new MeshException($"The escrowed key {key.UDF} has no private key.");
                var pair = KeyPair.ImportPkcs8(key.PKCS8, KeyExportPolicy.AllowExport);
                keys.Add(pair);
                if (!Udf.AreEqual(key.UDF, pair.PublicKey.Udf()))
                    throw new MeshException($"The escrowed key labelled {key.UDF} is another key, {pair.PublicKey.Udf()}.");
            }
            if (keys.Count == 0) throw new MeshException("The escrow holds no keys.");
            return keys;
        }
        catch
        {
            foreach (var k in keys) k.Dispose();
            throw;
        }
        finally
        {
            Erase(set);
        }
    }

    /// <summary>
    /// The master secrets of <paramref name="master"/> rebuilt from recovered keys, with a new master
    /// profile (<see cref="MasterSecrets.FromKeys"/>). The master signing key must be among them (401
    /// otherwise); escrow and online keys are those of the profile found among them, in its order.
    /// When no online key of the profile is among them (they were rotated after the escrow was made),
    /// a new one is made. Keys that belong to none of these are erased.
    /// </summary>
    internal static MasterSecrets ToMaster(List<KeyPair> keys, VerifiedMaster master, DateTimeOffset now)
    {
        var signing = keys.FirstOrDefault(k => k.PublicKey.Equals(master.SigningKey));
        if (signing is null)
        {
            foreach (var k in keys) k.Dispose();
            throw new MeshException(MeshStatus.ClientUnauthorized,
                $"The escrow does not hold the master signing key of {master.Identifier}: it is another profile's escrow.");
        }
        var escrow = Matching(keys, master.EscrowKeys);
        var online = Matching(keys, master.OnlineKeys);
        foreach (var k in keys.Except([signing, .. escrow, .. online])) k.Dispose();
        if (online.Count == 0) online.Add(KeyPair.Generate(KeyAlgorithm.Ed25519, KeyExportPolicy.AllowExport));
        return MasterSecrets.FromKeys(signing, escrow, online, now);
    }

    private static List<KeyPair> Matching(List<KeyPair> keys, IReadOnlyList<PublicKeyInfo> wanted) =>
        [.. wanted.Select(w => keys.FirstOrDefault(k => k.PublicKey.Equals(w))).OfType<KeyPair>().Distinct()];
}
