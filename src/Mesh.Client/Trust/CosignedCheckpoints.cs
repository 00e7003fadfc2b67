// C2SP tlog-cosignature (https://c2sp.org/tlog-cosignature): a client's witness policy.
using System.Globalization;
using Mesh.Client.Home;
using Mesh.Client.Portal;
using Mesh.Cryptography;
using Mesh.Merkle;
using Mesh.Protocol;
using Mesh.Schema;
using Mesh.Transparency;

namespace Mesh.Client.Trust;

/// <summary>
/// Holds a portal to its witness policy (docs/transparency.md): a checkpoint is accepted only when the portal's log, up to
/// at least that checkpoint, has been cosigned by a quorum of the witnesses the user chose. The portal serves its latest
/// cosigned checkpoint note at <c>GET /mmm/checkpoint</c>; when it is larger than the device's checkpoint, a consistency
/// proof joins the two; when it is smaller, the device waits a few seconds for the witnesses to catch up. A portal that
/// shows this device a log the witnesses have not seen (a fork it keeps for a victim, a rolled-back store) cannot
/// get it cosigned, and the device refuses it.
/// </summary>
public static class CosignedCheckpoints
{
    /// <summary>The largest cosigned note read: the checkpoint and a hundred signature lines.</summary>
    public const int MaxNoteBytes = 64 * 1024;

    /// <summary>How often the device asks again while it waits for the witnesses.</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    /// <summary>Reads a policy's witness keys; throws <see cref="MeshException"/> naming one that is not a cosigner vkey.</summary>
    public static IReadOnlyList<NoteVerifierKey> Keys(WitnessPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var keys = new List<NoteVerifierKey>();
        foreach (var vkey in policy.Witnesses)
        {
            if (!NoteVerifierKey.TryParse(vkey, out var key) || key.Type != NoteVerifierKey.CosignatureType)
                throw new MeshException(MeshStatus.BadRequest, $"'{vkey}' is not a witness's cosigner key (a vkey NAME+HASH+BASE64 of type 0x04).");
            keys.Add(key);
        }
        return keys;
    }

    /// <summary>
    /// Requires that a quorum of the policy's witnesses cosigned a checkpoint of <paramref name="checkpoint"/>'s log at
    /// least as large, which extends it; returns the cosigned size and the names of the witnesses that cosigned it.
    /// </summary>
    /// <exception cref="MeshException">no such cosigned checkpoint came within the policy's wait, or it contradicts <paramref name="checkpoint"/></exception>
    public static async Task<(long Size, IReadOnlyList<string> Cosigners)> RequireAsync(PortalClient client, WitnessPolicy policy,
        Checkpoint checkpoint, PublicKeyInfo logKey, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(checkpoint);
        var witnesses = Keys(policy);
        var logNote = NoteVerifierKey.For(CheckpointNote.Origin(client.Portal), logKey);
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(policy.WaitSeconds);
        var size = checkpoint.TreeSize!.Value;
        while (true)
        {
            var note = await client.GetResourceAsync("mmm/checkpoint", MaxNoteBytes, cancel).ConfigureAwait(false);
            var text = note is null ? null : System.Text.Encoding.UTF8.GetString(note);
            if (!SignedNote.TryOpen(text, logNote, out var body) || !CheckpointNote.TryRead(body, logNote.Name, out var cosignedSize, out var root))
                throw PortalMisbehavior.Error(client.Portal, "Its GET /mmm/checkpoint is not a checkpoint note signed by its checkpoint key.");
            var cosigners = Cosignature.Verify(text, witnesses).Keys.Select(k => k.Name).ToList();
            if (cosigners.Count >= policy.Quorum && cosignedSize >= size)
            {
                await RequireExtendsAsync(client, checkpoint, cosignedSize, root, cancel).ConfigureAwait(false);
                return (cosignedSize, cosigners);
            }
            if (DateTimeOffset.UtcNow >= deadline)
                throw new MeshException(MeshStatus.ServerInternal,
                    $"The portal {client.Portal} shows a log of {size} entries, but the newest checkpoint it has had cosigned is of {cosignedSize} entries, "
                    + $"by {Describe(cosigners)}; this device's witness policy asks for {policy.Quorum} of {string.Join(", ", witnesses.Select(w => w.Name))}. "
                    + "Either the witnesses have not seen this log (a portal showing this device a fork of its log, or a rolled-back one), or they "
                    + $"are not reachable from the portal; nothing was accepted. 'mesh log policy {client.Portal}' shows the policy.");
            await Task.Delay(Poll, cancel).ConfigureAwait(false);
        }
    }

    // The cosigned tree (cosignedSize, root) must extend the checkpoint the device verified.
    private static async Task RequireExtendsAsync(PortalClient client, Checkpoint checkpoint, long cosignedSize, byte[] root, CancellationToken cancel)
    {
        var size = checkpoint.TreeSize!.Value;
        IReadOnlyList<byte[]> proof = [];
        if (size > 0 && cosignedSize > size)
        {
            var status = await client.SendAsync<StatusResponse>(new StatusRequest { ConsistencyFrom = size, ConsistencyTo = cosignedSize }, cancel).ConfigureAwait(false);
            proof = status.ConsistencyProof ?? [];
        }
        var result = size == 0 ? MerkleProofResult.Valid : MerkleVerifier.CheckConsistency(size, cosignedSize, proof, checkpoint.RootHash, root);
        if (result != MerkleProofResult.Valid)
            throw PortalMisbehavior.Error(client.Portal,
                $"Its checkpoint {SignedCheckpoints.Describe(checkpoint)} is not part of the log of {cosignedSize.ToString(CultureInfo.InvariantCulture)} entries "
                + $"its witnesses cosigned ({result}): it shows this device a fork of its log.");
    }

    private static string Describe(List<string> cosigners) => cosigners.Count == 0 ? "none of the witnesses" : string.Join(", ", cosigners);
}
