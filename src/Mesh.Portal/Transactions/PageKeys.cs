using System.Globalization;
using Mesh.Encoding;

namespace Mesh.Portal.Transactions;

/// <summary>
/// Page keys (draft 7.4.4): opaque to clients; here the query and where its last page ended, as
/// base64url of "identifier\nnotBefore\nbefore\nbelowIndex" (times as UTC ticks, 0 for none).
/// A page key only ever lets a client continue a query it could have made anyway, so it is not signed.
/// </summary>
public static class PageKeys
{
    /// <summary>A page of entry versions.</summary>
    public sealed record EntryPage(string Identifier, DateTimeOffset? NotBefore, DateTimeOffset? Before, long BelowIndex);

    /// <summary>Writes a page key.</summary>
    public static string Write(EntryPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var text = string.Join('\n', page.Identifier, Ticks(page.NotBefore), Ticks(page.Before), page.BelowIndex.ToString(CultureInfo.InvariantCulture));
        return Base64Url.Encode(System.Text.Encoding.UTF8.GetBytes(text));
    }

    /// <summary>Writes the page key of a log range: the next index.</summary>
    public static string Write(long nextIndex) => nextIndex.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reads a page key of a log range; 400 when malformed.</summary>
    public static long ReadIndex(string key) =>
        long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : throw Bad();

    /// <summary>Reads a page key; 400 when malformed.</summary>
    public static EntryPage Read(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length > 1024 || !Base64Url.TryDecode(key, out var bytes)) throw Bad();
        string[] parts;
        try
        {
            parts = new System.Text.UTF8Encoding(false, true).GetString(bytes).Split('\n');
        }
        catch (System.Text.DecoderFallbackException)
        {
            throw Bad();
        }
        if (parts.Length != 4 || parts[0].Length == 0
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var notBefore)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var before)
            || !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var below)
            || notBefore > DateTimeOffset.MaxValue.UtcTicks || before > DateTimeOffset.MaxValue.UtcTicks)
            throw Bad();
        return new EntryPage(parts[0], Time(notBefore), Time(before), below);
    }

    private static string Ticks(DateTimeOffset? t) => (t?.UtcTicks ?? 0).ToString(CultureInfo.InvariantCulture);

    private static DateTimeOffset? Time(long ticks) => ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);

    private static MeshException Bad() => new("The PageKey is not one this portal gave out.");
}
