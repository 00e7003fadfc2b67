// Bitwarden's unencrypted JSON export: {"encrypted":false,"folders":[…],"items":[…]}, each item with
// a "type" (1 login, 2 secure note, 3 card, 4 identity, 5 SSH key), "name", "notes", "fields" and,
// for a login, "login": {"uris":[{"uri":…}],"username","password","totp"}.
using System.Text.Json;
using Mesh.Applications;
using Mesh.Schema;

namespace Mesh.Client.Import;

/// <summary>Reads Bitwarden's unencrypted JSON export into logins, as <see cref="PasswordCsv"/> reads CSV.</summary>
public static class BitwardenJson
{
    /// <summary>Whether a file's text is a Bitwarden JSON export (rather than CSV).</summary>
    public static bool Looks(string text) => text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n').StartsWith('{');

    /// <summary>
    /// The logins of the export. Items that are not logins are reported as ignored; logins without a
    /// web URL or a password as bad, each by its number and name. Notes, the TOTP secret and custom
    /// fields (added to the notes as "NAME: value") are kept. Throws <see cref="MeshException"/> (400)
    /// for text that is not such an export, or an encrypted one.
    /// </summary>
    public static PasswordImport Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw new MeshException($"The file is not JSON: {e.Message}");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
                throw new MeshException("The JSON file is not a Bitwarden export: it has no \"items\" list.");
            if (root.TryGetProperty("encrypted", out var encrypted) && encrypted.ValueKind == JsonValueKind.True)
                throw new MeshException("The Bitwarden export is encrypted; export the vault again as unencrypted .json (or .csv) and delete the file after importing.");
            var logins = new List<ImportedLogin>();
            var bad = new List<ImportProblem>();
            var ignored = new List<ImportProblem>();
            var number = 0;
            foreach (var item in items.EnumerateArray())
            {
                number++;
                if (item.ValueKind != JsonValueKind.Object)
                {
                    ignored.Add(new(number, "not an item (an object).", $"item {number}"));
                    continue;
                }
                var name = Text(item, "name") ?? "";
                var place = $"item {number} ({name})";
                var type = item.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.Number && t.TryGetInt32(out var n) ? n : 0;
                if (type != 1 || !item.TryGetProperty("login", out var login) || login.ValueKind != JsonValueKind.Object)
                {
                    ignored.Add(new(number, $"a {Kind(type)}, not a login.", place));
                    continue;
                }
                var password = Text(login, "password") ?? "";
                if (password.Length == 0)
                {
                    bad.Add(new(number, "no password.", place));
                    continue;
                }
                var sites = new List<string>();
                string? problem = null;
                if (login.TryGetProperty("uris", out var uris) && uris.ValueKind == JsonValueKind.Array)
                    foreach (var uri in uris.EnumerateArray().Select(u => Text(u, "uri")?.Trim()).Where(u => !string.IsNullOrEmpty(u)))
                    {
                        if (PasswordCsv.TrySite(uri!, out var site, out var error)) { if (!sites.Contains(site)) sites.Add(site); }
                        else problem ??= error;
                    }
                if (problem is not null) bad.Add(new(number, problem, place));
                else if (sites.Count == 0) bad.Add(new(number, "no URL.", place));
                else
                {
                    var (notes, otp) = PasswordCsv.Extras(Notes(item), Text(login, "totp") ?? "");
                    logins.AddRange(sites.Select(s => new ImportedLogin(number, new Login(s, Text(login, "username") ?? "", password, notes, otp))));
                }
            }
            return new PasswordImport(PasswordCsvFormat.BitwardenJson, logins, bad, ignored);
        }
    }

    /// <summary>
    /// Writes the entries as Bitwarden's unencrypted JSON export (one login item per entry, its sites as
    /// URIs, wildcard patterns as written, with its notes and TOTP secret), which Bitwarden and
    /// <see cref="Read"/> import.
    /// </summary>
    public static void Write(Stream output, IEnumerable<PasswordEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(entries);
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteBoolean("encrypted", false);
        w.WriteStartArray("folders");
        w.WriteEndArray();
        w.WriteStartArray("items");
        foreach (var entry in entries)
        {
            var sites = entry.Sites ?? [];
            w.WriteStartObject();
            w.WriteString("id", Guid.NewGuid().ToString());
            w.WriteNull("organizationId");
            w.WriteNull("folderId");
            w.WriteNumber("type", 1);
            w.WriteNumber("reprompt", 0);
            w.WriteString("name", sites.Count > 0 ? sites[0] : "");
            if (entry.Notes is { } notes) w.WriteString("notes", notes);
            else w.WriteNull("notes");
            w.WriteBoolean("favorite", false);
            w.WriteStartObject("login");
            w.WriteStartArray("uris");
            foreach (var site in sites)
            {
                w.WriteStartObject();
                w.WriteNull("match");
                w.WriteString("uri", SitePattern.IsWildcard(site) ? site : $"https://{site}/");
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteString("username", entry.Username);
            w.WriteString("password", entry.Password);
            if (entry.OtpAuth is { } otp) w.WriteString("totp", otp);
            else w.WriteNull("totp");
            w.WriteEndObject();
            w.WriteNull("collectionIds");
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    // The item's notes, then each custom field as "NAME: value", so that nothing of the login is lost.
    private static string Notes(JsonElement item)
    {
        var parts = new List<string>();
        if (Text(item, "notes") is { Length: > 0 } notes) parts.Add(notes);
        if (item.TryGetProperty("fields", out var fields) && fields.ValueKind == JsonValueKind.Array)
            parts.AddRange(fields.EnumerateArray().Select(f => $"{Text(f, "name") ?? "field"}: {Text(f, "value") ?? ""}"));
        return string.Join('\n', parts);
    }

    private static string Kind(int type) => type switch
    {
        2 => "secure note",
        3 => "card",
        4 => "identity",
        5 => "SSH key (import it with 'mesh ssh import')",
        _ => $"item of type {type}",
    };

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
