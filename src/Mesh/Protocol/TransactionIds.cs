using System.Globalization;

namespace Mesh.Protocol;

/// <summary>
/// Transaction identifiers (draft 3.1.4): <c>INDEX@PORTAL</c>, the entry's decimal log index and
/// the portal's DNS name. Unique across portals because DNS names are; increasing within one
/// portal because the index is, numerically (compare the part before '@' as a number).
/// </summary>
public static class TransactionIds
{
    /// <summary>The identifier of the log entry at <paramref name="index"/> of <paramref name="portal"/>.</summary>
    public static string Format(long index, string portal) => $"{index.ToString(CultureInfo.InvariantCulture)}@{portal}";

    /// <summary>The log index of a transaction identifier of this portal, or false.</summary>
    public static bool TryParse(string? id, string portal, out long index)
    {
        index = -1;
        if (id is null) return false;
        var at = id.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && string.Equals(id[(at + 1)..], portal, StringComparison.OrdinalIgnoreCase)
            && long.TryParse(id.AsSpan(0, at), NumberStyles.None, CultureInfo.InvariantCulture, out index);
    }
}
