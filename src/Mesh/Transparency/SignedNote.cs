// C2SP signed-note (https://c2sp.org/signed-note): a text, a blank line, and signature lines
// "— NAME BASE64(key hash || signature)".
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using Mesh.Cryptography;

namespace Mesh.Transparency;

/// <summary>
/// Signs and opens signed notes. The text is non-empty UTF-8, ends with a newline and holds no other control
/// character; the note is the text, a newline, then one line per signature: U+2014 (em dash), a space, the
/// signer's name, a space, and the standard base64 of the 4-byte big-endian key hash followed by the Ed25519
/// signature of the text's bytes. Opening accepts a note when a signature line with the verifier's name and key
/// hash verifies; lines of other signers are skipped (a note may carry witnesses' cosignatures).
/// </summary>
public static class SignedNote
{
    /// <summary>The most signature lines a note may carry.</summary>
    public const int MaxSignatures = 100;

    private const string Dash = "\u2014 ";

    /// <summary>The note of <paramref name="text"/> signed by <paramref name="key"/> (Ed25519) as <paramref name="verifier"/>.</summary>
    /// <exception cref="ArgumentException">the text is not a note text, or the key is not the verifier's</exception>
    public static string Sign(string text, NoteVerifierKey verifier, KeyPair key)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        ArgumentNullException.ThrowIfNull(key);
        if (!IsValidText(text)) throw new ArgumentException("A note text is non-empty UTF-8 ending with a newline, with no other control characters.", nameof(text));
        if (!key.PublicKey.Equals(verifier.Key)) throw new ArgumentException("The key is not the verifier key's.", nameof(key));
        var signature = key.Sign(SignatureScheme.Ed25519, System.Text.Encoding.UTF8.GetBytes(text));
        var line = new byte[4 + signature.Length];
        BinaryPrimitives.WriteUInt32BigEndian(line, verifier.KeyHash);
        signature.CopyTo(line, 4);
        return $"{text}\n{Dash}{verifier.Name} {Convert.ToBase64String(line)}\n";
    }

    /// <summary>
    /// Opens a note: true, with its text, when it is well formed and carries a valid signature by <paramref name="verifier"/>.
    /// </summary>
    public static bool TryOpen(string? note, NoteVerifierKey verifier, [NotNullWhen(true)] out string? text)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        text = null;
        if (note is null || !note.EndsWith('\n')) return false;
        var split = note.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0) return false;
        var body = note[..(split + 1)];
        if (!IsValidText(body)) return false;
        var lines = note[(split + 2)..^1].Split('\n');
        if (lines.Length is 0 or > MaxSignatures) return false;
        var bytes = System.Text.Encoding.UTF8.GetBytes(body);
        var verified = false;
        foreach (var line in lines)
        {
            if (!line.StartsWith(Dash, StringComparison.Ordinal)) return false;
            var space = line.LastIndexOf(' ');
            var name = line[Dash.Length..space];
            if (space <= Dash.Length || !NoteVerifierKey.IsValidName(name)) return false;
            byte[] signature;
            try
            {
                signature = Convert.FromBase64String(line[(space + 1)..]);
            }
            catch (FormatException)
            {
                return false;
            }
            if (signature.Length < 5) return false;
            if (name != verifier.Name || BinaryPrimitives.ReadUInt32BigEndian(signature) != verifier.KeyHash) continue;
            if (!verifier.Key.Verify(SignatureScheme.Ed25519, bytes, signature.AsSpan(4))) return false;
            verified = true;
        }
        if (verified) text = body;
        return verified;
    }

    private static bool IsValidText(string? text) =>
        !string.IsNullOrEmpty(text) && text.EndsWith('\n') && !text.Any(c => char.IsControl(c) && c != '\n')
        && NoteVerifierKey.IsWellFormed(text);
}
