// RFC 7516 section 7.2.1: a recipient's JOSE Header is the union of the protected header, the shared
// unprotected header and its per-recipient header, whose member names must be disjoint.
using System.Text.Json;

namespace Mesh.Jose;

/// <summary>
/// The JOSE Header of one recipient: read-only, type-checked access to the union of up to three
/// header objects. Construction rejects a member that appears in more than one of them, any
/// <c>crit</c> (we understand no extensions) and <c>zip</c> (compression is not supported).
/// </summary>
internal sealed class JweHeader
{
    private const string What = "JWE header";
    private static readonly string[] StringMembers = ["alg", "enc", "kid", "cty", "typ", "zip", "apu", "apv"];
    private readonly JsonElement?[] _parts;

    /// <summary>Merges the headers; each is a JSON object or null when absent.</summary>
    internal JweHeader(JsonElement? protectedHeader, JsonElement? sharedHeader, JsonElement? recipientHeader)
    {
        _parts = [protectedHeader, sharedHeader, recipientHeader];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in _parts)
        {
            if (part is not { } obj) continue;
            foreach (var member in obj.EnumerateObject())
            {
                if (!seen.Add(member.Name))
                    throw new MeshException($"The JWE header member '{JwsHeader.Printable(member.Name)}' appears in more than one header; RFC 7516 section 7.2.1 requires them disjoint.");
            }
        }
        // Type-check the registered members we read, so that a malformed one is caught whoever it is for.
        foreach (var name in StringMembers) String(name);
        Object("epk");
        // A JWE that needs an extension we do not implement must not be processed (RFC 7515 section 4.1.11).
        if (seen.Contains("crit"))
            throw new MeshException("The JWE has critical header parameters ('crit') that this implementation does not understand.");
        if (seen.Contains("zip"))
            throw new MeshException($"The JWE uses compression ('zip': '{String("zip") ?? "?"}'), which is unsupported.");
    }

    /// <summary>A string member or null; a member of another type is a <see cref="MeshException"/>.</summary>
    internal string? String(string name) => Find(name) is { } value
        ? value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new MeshException($"The {What} member '{name}' must be a string.")
        : null;

    /// <summary>A required string member.</summary>
    internal string RequiredString(string name) => String(name) ?? throw new MeshException($"The {What} has no member '{name}'.");

    /// <summary>A base64url member, decoded, or null when absent.</summary>
    internal byte[]? Bytes(string name) => String(name) is { } text ? JweMessage.DecodeMember(text, $"{What} member '{name}'") : null;

    /// <summary>An object member or null.</summary>
    internal JsonElement? Object(string name) => Find(name) is { } value
        ? value.ValueKind == JsonValueKind.Object
            ? value
            : throw new MeshException($"The {What} member '{name}' must be a JSON object.")
        : null;

    /// <summary>A member of any type, unchecked, or null.</summary>
    internal JsonElement? Raw(string name) => Find(name);

    private JsonElement? Find(string name)
    {
        foreach (var part in _parts)
            if (part is { } obj && obj.TryGetProperty(name, out var value)) return value;
        return null;
    }
}
