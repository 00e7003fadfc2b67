// C2SP tlog-cosignature (https://c2sp.org/tlog-cosignature), "Ed25519 signed message": cosignature/v1.
using System.Buffers.Binary;
using System.Globalization;
using Mesh.Cryptography;

namespace Mesh.Transparency;

/// <summary>
/// A witness's cosignature of a checkpoint: a note signature line by a cosigner key (type 0x04) whose signature is
/// the 8-byte big-endian POSIX time followed by the Ed25519 signature of <c>cosignature/v1\ntime T\n</c> and the
/// checkpoint's whole text. It states that, at time T, this is the largest tree consistent with everything the
/// witness has seen of the log.
/// </summary>
public static class Cosignature
{
    /// <summary>The signature line (with its newline) of <paramref name="cosigner"/> over the checkpoint <paramref name="text"/> at <paramref name="time"/>.</summary>
    public static string Sign(string text, NoteVerifierKey cosigner, KeyPair key, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(cosigner);
        ArgumentNullException.ThrowIfNull(key);
        if (cosigner.Type != NoteVerifierKey.CosignatureType) throw new ArgumentException("Not a cosigner key (type 0x04).", nameof(cosigner));
        if (!key.PublicKey.Equals(cosigner.Key)) throw new ArgumentException("The key is not the cosigner key's.", nameof(key));
        if (!SignedNote.IsValidText(text)) throw new ArgumentException("Not a note text.", nameof(text));
        var seconds = (ulong)time.ToUnixTimeSeconds();
        var signature = new byte[8 + 64];
        BinaryPrimitives.WriteUInt64BigEndian(signature, seconds);
        key.Sign(SignatureScheme.Ed25519, Message(text, seconds)).CopyTo(signature, 8);
        return SignedNote.Line(cosigner, signature);
    }

    /// <summary>
    /// The times at which each of <paramref name="cosigners"/> validly cosigned the checkpoint <paramref name="note"/>
    /// (a note of the log with any signatures); lines of other keys are ignored, and so is a line of a cosigner whose
    /// signature does not verify. Empty when the note is not well formed.
    /// </summary>
    public static IReadOnlyDictionary<NoteVerifierKey, DateTimeOffset> Verify(string? note, IEnumerable<NoteVerifierKey> cosigners)
    {
        ArgumentNullException.ThrowIfNull(cosigners);
        var verified = new Dictionary<NoteVerifierKey, DateTimeOffset>();
        if (!SignedNote.TryParse(note, out var text, out var signatures)) return verified;
        foreach (var cosigner in cosigners.Where(c => c.Type == NoteVerifierKey.CosignatureType))
        {
            foreach (var (name, signature) in signatures)
            {
                if (!SignedNote.Signs(name, signature, cosigner) || signature.Length != 4 + 8 + 64) continue;
                var seconds = BinaryPrimitives.ReadUInt64BigEndian(signature.AsSpan(4));
                if (seconds > long.MaxValue / 2 || seconds > (ulong)DateTimeOffset.MaxValue.ToUnixTimeSeconds()) continue;
                if (cosigner.Key.Verify(SignatureScheme.Ed25519, Message(text, seconds), signature.AsSpan(12)))
                    verified[cosigner] = DateTimeOffset.FromUnixTimeSeconds((long)seconds);
            }
        }
        return verified;
    }

    private static byte[] Message(string text, ulong seconds) =>
        System.Text.Encoding.UTF8.GetBytes($"cosignature/v1\ntime {seconds.ToString(CultureInfo.InvariantCulture)}\n{text}");
}
