using System.Text;

namespace Mesh.Profiles;

/// <summary>
/// Index terms as fingerprints (draft 5.1.3 <c>Names</c>): a profile lists the fingerprints of the
/// terms it can be found by (say, its owner's mail addresses), never the terms themselves, so a
/// portal can answer "who is alice@example.com?" for someone who knows the address without being
/// able to list who is there. The fingerprint is the SHA-2-512 content-digest UDF, 140 bits, of
/// the normalized term (trimmed, Unicode NFC, lower case) under the content type
/// <c>application/mesh-index-term</c>. A fingerprint does not stop someone from confirming a
/// guessed term; it stops the list of terms from being read off the portal.
/// </summary>
public static class IndexTerms
{
    /// <summary>The content type of index term fingerprints.</summary>
    public const string ContentType = "application/mesh-index-term";

    /// <summary>The normalized form of a term: trimmed, NFC, lower case.</summary>
    public static string Normalize(string term)
    {
        ArgumentNullException.ThrowIfNull(term);
        var normalized = term.Trim().Normalize(NormalizationForm.FormC).ToLowerInvariant();
        return normalized.Length > 0 ? normalized : throw new ArgumentException("An index term cannot be empty.", nameof(term));
    }

    /// <summary>The fingerprint of a term, as listed in <c>Names</c> and looked up with a Get KeyValue "Name".</summary>
    public static string Fingerprint(string term) => Udf.ContentDigest(ContentType, System.Text.Encoding.UTF8.GetBytes(Normalize(term)));
}
