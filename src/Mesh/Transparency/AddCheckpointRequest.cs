// C2SP tlog-witness (https://c2sp.org/tlog-witness), "add-checkpoint": the body a log POSTs to a witness.
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Mesh.Merkle;

namespace Mesh.Transparency;

/// <summary>
/// A request for a witness's cosignature: <c>old N</c> (the size of the checkpoint the witness last cosigned for the
/// log, 0 if none), the RFC 9162 consistency proof from that size to the checkpoint's, one base64 hash per line
/// (none when N is 0), an empty line, and the checkpoint note with the log's signature. Every line ends with a newline.
/// </summary>
public sealed record AddCheckpointRequest(long OldSize, IReadOnlyList<byte[]> Proof, string Checkpoint)
{
    /// <summary>The most proof lines a request may carry.</summary>
    public const int MaxProof = 63;

    /// <summary>The largest request body a witness reads: the proof, and a checkpoint with many cosignatures.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>The body's text.</summary>
    public string Format()
    {
        var body = new StringBuilder("old ").Append(OldSize.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var hash in Proof) body.Append(Convert.ToBase64String(hash)).Append('\n');
        return body.Append('\n').Append(Checkpoint).ToString();
    }

    /// <summary>Reads a body; false (with the reason) when it is not one.</summary>
    public static bool TryParse(string body, [NotNullWhen(true)] out AddCheckpointRequest? request, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(body);
        (request, error) = (null, null);
        var end = body.IndexOf("\n\n", StringComparison.Ordinal);
        if (end < 0) return Fail("no empty line before the checkpoint", out error);
        var lines = body[..end].Split('\n');
        if (!lines[0].StartsWith("old ", StringComparison.Ordinal) || !TryDecimal(lines[0][4..], out var old))
            return Fail("the first line is not 'old' and a size in decimal without leading zeroes", out error);
        if (lines.Length - 1 > MaxProof) return Fail($"more than {MaxProof} proof lines", out error);
        var proof = new List<byte[]>(lines.Length - 1);
        foreach (var line in lines.Skip(1))
        {
            byte[] hash;
            try
            {
                hash = Convert.FromBase64String(line);
            }
            catch (FormatException)
            {
                return Fail("a proof line is not base64", out error);
            }
            if (hash.Length != MerkleHash.Size || Convert.ToBase64String(hash) != line) return Fail("a proof line is not one base64 hash", out error);
            proof.Add(hash);
        }
        request = new AddCheckpointRequest(old, proof, body[(end + 2)..]);
        return true;
    }

    /// <summary>A decimal without leading zeroes (0 is "0"), as C2SP writes sizes.</summary>
    public static bool TryDecimal(string text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value.ToString(CultureInfo.InvariantCulture) == text;

    private static bool Fail(string why, out string error)
    {
        error = why;
        return false;
    }
}
