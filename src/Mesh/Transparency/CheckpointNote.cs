// C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint): the body of a log's checkpoint note.
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Mesh.Merkle;
using Mesh.Schema;

namespace Mesh.Transparency;

/// <summary>
/// A checkpoint as a C2SP tlog-checkpoint: the note text <c>ORIGIN\nSIZE\nBASE64(ROOT)\n</c> (the origin, the
/// tree size in decimal, the standard base64 of the 32-byte RFC 9162 root, then optional extension lines),
/// signed as a signed note (<see cref="SignedNote"/>) by a key named after the origin.
/// </summary>
public static class CheckpointNote
{
    /// <summary>The origin of a portal's log: its DNS name and <c>/mmm</c>, e.g. <c>example.com/mmm</c>.</summary>
    public static string Origin(string portal) => $"{portal.ToLowerInvariant()}/mmm";

    /// <summary>The note text of <paramref name="checkpoint"/> for <paramref name="origin"/>.</summary>
    public static string Text(string origin, Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return $"{origin}\n{checkpoint.TreeSize!.Value.ToString(CultureInfo.InvariantCulture)}\n{Convert.ToBase64String(checkpoint.RootHash!)}\n";
    }

    /// <summary>Reads a checkpoint text (extension lines are allowed and ignored); false when it is not one of <paramref name="origin"/>.</summary>
    public static bool TryRead(string text, string origin, out long treeSize, [NotNullWhen(true)] out byte[]? root)
    {
        ArgumentNullException.ThrowIfNull(text);
        (treeSize, root) = (0, null);
        var lines = text.Split('\n');
        if (lines.Length < 4 || lines[0] != origin || lines[^1] != ""
            || !long.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out treeSize)
            || treeSize.ToString(CultureInfo.InvariantCulture) != lines[1]) return false;
        try
        {
            root = Convert.FromBase64String(lines[2]);
        }
        catch (FormatException)
        {
            return false;
        }
        if (root.Length != MerkleHash.Size || Convert.ToBase64String(root) != lines[2]) root = null;
        return root is not null;
    }
}
