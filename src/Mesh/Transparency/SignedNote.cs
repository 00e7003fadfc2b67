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

    /// <summary>How a signature line starts: an em dash and a space.</summary>
    public const string Dash = "\u2014 ";

    /// <summary>The note of <paramref name="text"/> signed by <paramref name="key"/> (Ed25519) as <paramref name="verifier"/>.</summary>
    /// <exception cref="ArgumentException">the text is not a note text, or the key is not the verifier's</exception>
    public static string Sign(string text, NoteVerifierKey verifier, KeyPair key)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        ArgumentNullException.ThrowIfNull(key);
        if (!IsValidText(text)) throw new ArgumentException("A note text is non-empty UTF-8 ending with a newline, with no other control characters.", nameof(text));
        if (!key.PublicKey.Equals(verifier.Key)) throw new ArgumentException("The key is not the verifier key's.", nameof(key));
        if (verifier.Type != NoteVerifierKey.Ed25519Type) throw new ArgumentException("A cosigner key signs cosignatures, not notes.", nameof(verifier));
        return $"{text}\n{Line(verifier, key.Sign(SignatureScheme.Ed25519, System.Text.Encoding.UTF8.GetBytes(text)))}";
    }

    /// <summary>
    /// Opens a note: true, with its text, when it is well formed and carries a valid signature by <paramref name="verifier"/>.
    /// </summary>
    public static bool TryOpen(string? note, NoteVerifierKey verifier, [NotNullWhen(true)] out string? text)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        text = null;
        if (verifier.Type != NoteVerifierKey.Ed25519Type || !TryParse(note, out var body, out var signatures)) return false;
        var bytes = System.Text.Encoding.UTF8.GetBytes(body);
        var verified = false;
        foreach (var (name, signature) in signatures)
        {
            if (!Signs(name, signature, verifier)) continue;
            if (!verifier.Key.Verify(SignatureScheme.Ed25519, bytes, signature.AsSpan(4))) return false;
            verified = true;
        }
        if (verified) text = body;
        return verified;
    }

    /// <summary>
    /// Splits a well-formed note into its text and its signatures (each the signer's name and the decoded bytes: key
    /// hash, then signature), verifying none; false when it is not a well-formed note.
    /// </summary>
    public static bool TryParse(string? note, [NotNullWhen(true)] out string? text, [NotNullWhen(true)] out List<(string Name, byte[] Signature)>? signatures)
    {
        (text, signatures) = (null, null);
        if (note is null || !note.EndsWith('\n')) return false;
        var split = note.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0) return false;
        var body = note[..(split + 1)];
        if (!IsValidText(body)) return false;
        var lines = note[(split + 2)..^1].Split('\n');
        if (lines.Length is 0 or > MaxSignatures) return false;
        var parsed = new List<(string, byte[])>(lines.Length);
        foreach (var line in lines)
        {
            if (!TryParseLine(line, out var name, out var signature)) return false;
            parsed.Add((name, signature));
        }
        (text, signatures) = (body, parsed);
        return true;
    }

    /// <summary>Reads one signature line (without its newline): <c>— NAME BASE64</c>, at least a key hash and a byte.</summary>
    public static bool TryParseLine(string line, [NotNullWhen(true)] out string? name, [NotNullWhen(true)] out byte[]? signature)
    {
        ArgumentNullException.ThrowIfNull(line);
        (name, signature) = (null, null);
        if (!line.StartsWith(Dash, StringComparison.Ordinal)) return false;
        var space = line.LastIndexOf(' ');
        if (space <= Dash.Length || !NoteVerifierKey.IsValidName(line[Dash.Length..space])) return false;
        try
        {
            signature = Convert.FromBase64String(line[(space + 1)..]);
        }
        catch (FormatException)
        {
            return false;
        }
        if (signature.Length < 5) return false;
        name = line[Dash.Length..space];
        return true;
    }

    /// <summary>A signature line for <paramref name="signer"/>: the dash, its name, and base64(key hash || <paramref name="signature"/>), with the newline.</summary>
    public static string Line(NoteVerifierKey signer, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var line = new byte[4 + signature.Length];
        BinaryPrimitives.WriteUInt32BigEndian(line, signer.KeyHash);
        signature.CopyTo(line.AsSpan(4));
        return $"{Dash}{signer.Name} {Convert.ToBase64String(line)}\n";
    }

    /// <summary>Whether a parsed signature names <paramref name="signer"/> (its name and key hash).</summary>
    public static bool Signs(string name, byte[] signature, NoteVerifierKey signer)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(signer);
        return name == signer.Name && BinaryPrimitives.ReadUInt32BigEndian(signature) == signer.KeyHash;
    }

    /// <summary>Whether <paramref name="text"/> can be a note's text.</summary>
    public static bool IsValidText(string? text) =>
        !string.IsNullOrEmpty(text) && text.EndsWith('\n') && !text.Any(c => char.IsControl(c) && c != '\n')
        && NoteVerifierKey.IsWellFormed(text);
}
