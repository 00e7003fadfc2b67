using Mesh.Cryptography;
using Mesh.Jose;
using Mesh.Merkle;
using Mesh.Schema;
using Mesh.Schema.Json;

namespace Mesh.Transparency;

/// <summary>
/// Signed checkpoints of a portal's log (NOTES.md section 7): a compact JWS, signed by the
/// portal's Ed25519 checkpoint key with <c>kid</c> = the key's UDF and <c>cty</c> = Checkpoint,
/// whose payload is the tagged JSON of a <see cref="Checkpoint"/>.
/// </summary>
public static class SignedCheckpoints
{
    /// <summary>Signs a checkpoint.</summary>
    public static string Sign(Checkpoint checkpoint, KeyPair key)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(key);
        return JwsCompact.Sign(TaggedJson.Serialize(checkpoint), key, keyId: key.PublicKey.Udf(), contentType: nameof(Checkpoint));
    }

    /// <summary>
    /// Verifies a signed checkpoint of <paramref name="portal"/> under its checkpoint key and returns
    /// it. Throws <see cref="MeshException"/> naming the problem: a bad signature, another portal's
    /// name, a root that is not 32 bytes, a missing size or time.
    /// </summary>
    public static Checkpoint Verify(string compact, PublicKeyInfo key, string portal)
    {
        ArgumentNullException.ThrowIfNull(compact);
        ArgumentNullException.ThrowIfNull(key);
        byte[] payload;
        try
        {
            payload = JwsCompact.Parse(compact).RequireSignatureBy(key);
        }
        catch (MeshException e)
        {
            throw new MeshException(MeshStatus.ClientUnauthorized, $"The checkpoint is not signed by the portal's checkpoint key {key.Udf()}: {e.Message}");
        }
        var checkpoint = TaggedJson.Deserialize<Checkpoint>(payload);
        if (!string.Equals(checkpoint.Portal, portal, StringComparison.OrdinalIgnoreCase))
            throw new MeshException(MeshStatus.ClientUnauthorized, $"The checkpoint is of portal '{checkpoint.Portal}', not {portal}.");
        if (checkpoint.TreeSize is not >= 0 || checkpoint.RootHash is not { Length: MerkleHash.Size } || checkpoint.Time is null)
            throw new MeshException("The checkpoint lacks a tree size, a 32-byte root hash or a time.");
        return checkpoint;
    }

    /// <summary>A short description for messages: "size N, root R, made T".</summary>
    public static string Describe(Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return $"tree size {checkpoint.TreeSize}, root {Convert.ToHexStringLower(checkpoint.RootHash ?? [])[..Math.Min(16, (checkpoint.RootHash?.Length ?? 0) * 2)]}…, made {(checkpoint.Time is { } t ? Rfc3339Converter.Format(t) : "?")}";
    }
}
