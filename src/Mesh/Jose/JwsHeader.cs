// RFC 7515 section 4 (header parameters), 4.1.11 (crit), 5.2 steps 2-5 (header validation) and
// 7.2.1 (protected and unprotected headers, whose member names must be disjoint); RFC 7797 (b64).
using System.Text.Json;
using Mesh.Encoding;

namespace Mesh.Jose;

/// <summary>The header parameters of one signature that the Mesh acts on.</summary>
internal readonly record struct JwsHeaderValues(string Algorithm, bool IsAlgorithmProtected, string? KeyId, string? ContentType);

/// <summary>
/// Reads and checks the headers of one signature. Anything that makes the whole JWS invalid, or
/// that we could only misread, throws <see cref="MeshException"/>: a malformed or duplicated
/// member, a name in both headers, no <c>alg</c> at all, a <c>crit</c> extension we do not
/// implement, an unencoded payload (<c>b64: false</c>). Whether <c>alg</c> is acceptable is a
/// per-signature verdict that verification gives, so that one unsupported signature does not
/// hide the others.
/// </summary>
internal static class JwsHeader
{
    /// <summary>Extensions that may appear in <c>crit</c>: only <c>b64</c>, and only as <c>true</c> (RFC 7797 section 6).</summary>
    private static readonly string[] UnderstoodCritical = ["b64"];

    /// <summary>Reads the headers of signature <paramref name="index"/> and decodes its value.</summary>
    /// <param name="index">the signature's position, for messages</param>
    /// <param name="encodedProtected">the base64url protected header, or null when absent</param>
    /// <param name="unprotected">the unprotected header object, or null when absent</param>
    /// <param name="encodedSignature">the base64url signature value</param>
    internal static JwsSignature Read(int index, string? encodedProtected, JsonElement? unprotected, string encodedSignature)
    {
        var where = $"signature {index}";
        var names = new HashSet<string>(StringComparer.Ordinal);
        byte[] protectedBytes = [];
        string? alg = null, kid = null, cty = null;
        var algProtected = false;
        if (encodedProtected is not null)
        {
            var what = $"protected header of {where}";
            protectedBytes = DecodeSegment(encodedProtected, what);
            using var document = JoseJson.Parse(protectedBytes, what);
            var header = JoseJson.RequireObject(document.RootElement, what);
            foreach (var member in header.EnumerateObject()) names.Add(member.Name);
            ReadMembers(header, isProtected: true, what, ref alg, ref kid, ref cty);
            algProtected = alg is not null;
        }
        if (unprotected is { } unprotectedHeader)
        {
            var what = $"unprotected header of {where}";
            foreach (var member in unprotectedHeader.EnumerateObject())
                if (!names.Add(member.Name))
                    throw new MeshException($"The header parameter '{Printable(member.Name)}' of {where} is in both its protected and unprotected headers.");
            ReadMembers(unprotectedHeader, isProtected: false, what, ref alg, ref kid, ref cty);
        }
        if (alg is null) throw new MeshException($"The protected header of {where} has no 'alg' member.");
        var value = DecodeSegment(encodedSignature, $"signature value of {where}");
        return new JwsSignature(index, encodedProtected ?? "", protectedBytes, new JwsHeaderValues(alg, algProtected, kid, cty), value);
    }

    private static void ReadMembers(JsonElement header, bool isProtected, string what, ref string? alg, ref string? kid, ref string? cty)
    {
        // The names are disjoint, so at most one of the two headers sets each value.
        alg ??= JoseJson.OptionalString(header, "alg", what);
        kid ??= JoseJson.OptionalString(header, "kid", what);
        cty ??= JoseJson.OptionalString(header, "cty", what);
        if (header.TryGetProperty("b64", out var b64))
        {
            if (!isProtected) throw new MeshException($"The 'b64' member must be in the protected header, not the {what}.");
            if (b64.ValueKind == JsonValueKind.False)
                throw new MeshException("Unencoded payloads (RFC 7797, \"b64\": false) are not supported.");
            if (b64.ValueKind != JsonValueKind.True)
                throw new MeshException($"The member 'b64' of the {what} must be a boolean.");
        }
        if (header.TryGetProperty("crit", out var crit))
        {
            if (!isProtected) throw new MeshException($"The 'crit' member must be in the protected header (RFC 7515 section 4.1.11), not the {what}.");
            ReadCritical(crit, header, what);
        }
    }

    // RFC 7515 section 4.1.11: a non-empty array of names, each present in the protected header;
    // a JWS naming an extension the recipient does not implement is invalid.
    private static void ReadCritical(JsonElement crit, JsonElement header, string what)
    {
        if (crit.ValueKind != JsonValueKind.Array || crit.GetArrayLength() == 0)
            throw new MeshException($"The member 'crit' of the {what} must be a non-empty array of names.");
        foreach (var item in crit.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
                throw new MeshException($"The member 'crit' of the {what} must hold only names.");
            var name = item.GetString()!;
            if (!UnderstoodCritical.Contains(name, StringComparer.Ordinal))
                throw new MeshException($"The {what} marks the extension '{Printable(name)}' critical, and it is not understood (RFC 7515 section 4.1.11).");
            if (!header.TryGetProperty(name, out _))
                throw new MeshException($"The {what} marks '{Printable(name)}' critical but does not contain it.");
        }
    }

    /// <summary>
    /// Decodes one base64url part of a JWS. Unlike <see cref="Base64Url.Decode"/> it allows no
    /// whitespace: the signature covers the encoded text, so it must have exactly one spelling.
    /// </summary>
    internal static byte[] DecodeSegment(string text, string what)
    {
        if (text.AsSpan().IndexOfAny(" \t\r\n") >= 0)
            throw new MeshException($"The {what} is not valid base64url (RFC 4648 section 5): it contains whitespace.");
        return Base64Url.Decode(text, what);
    }

    /// <summary>A name from untrusted input, fit to quote in an error message.</summary>
    internal static string Printable(string name) =>
        name.Length <= 64 && name.All(c => c is >= ' ' and <= '~') ? name : "(unprintable or overlong name)";
}
