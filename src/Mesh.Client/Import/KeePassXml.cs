// KeePass 2.x's XML export (File > Export > KeePass XML (2.x), also what KeePassXC writes):
// <KeePassFile><Meta>…</Meta><Root><Group><Entry><String><Key>Title</Key><Value>…</Value></String>…
// with groups nested, each entry's earlier versions under <History>, and a recycle bin group.
using System.Xml;
using System.Xml.Linq;
using Mesh.Applications;

namespace Mesh.Client.Import;

/// <summary>Reads a KeePass 2 XML export into logins, as <see cref="PasswordCsv"/> reads CSV.</summary>
public static class KeePassXml
{
    private static readonly HashSet<string> Standard = new(StringComparer.Ordinal)
    {
        "Title", "UserName", "Password", "URL", "Notes", "otp", "TimeOtp-Secret-Base32", "TimeOtp-Algorithm", "TimeOtp-Length", "TimeOtp-Period", "KPEX_PASSKEY_CREDENTIAL_ID",
    };

    /// <summary>Whether a file's text is a KeePass XML export.</summary>
    public static bool Looks(string text) => text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n').StartsWith('<');

    /// <summary>
    /// The logins of the export, each entry's current version (not its history), outside the recycle bin.
    /// Entries without a web URL or a password are reported as bad by line; notes, the TOTP secret
    /// (<c>otp</c>, or KeePass's <c>TimeOtp-*</c> fields) and other custom strings (added to the notes as
    /// "KEY: value") are kept. Throws <see cref="MeshException"/> (400) for text that is not such an export;
    /// DTDs and external entities are refused.
    /// </summary>
    public static PasswordImport Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            document = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            throw new MeshException($"The file is not well-formed XML: {e.Message}");
        }
        var root = document.Root;
        if (root?.Name.LocalName != "KeePassFile" || root.Element("Root") is not { } top)
            throw new MeshException("The XML file is not a KeePass 2 export: it has no <KeePassFile><Root>.");
        var recycleBin = root.Element("Meta")?.Element("RecycleBinUUID")?.Value;

        var logins = new List<ImportedLogin>();
        var bad = new List<ImportProblem>();
        var ignored = new List<ImportProblem>();
        // Entries in groups only, never those kept as an entry's history.
        foreach (var entry in top.Descendants("Entry").Where(e => e.Parent?.Name.LocalName == "Group"))
        {
            var line = ((IXmlLineInfo)entry).LineNumber;
            var strings = entry.Elements("String")
                .Select(s => (Key: s.Element("Key")?.Value ?? "", Value: s.Element("Value")?.Value ?? ""))
                .GroupBy(s => s.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal);
            string Get(string key) => strings.GetValueOrDefault(key) ?? "";
            if (entry.Ancestors("Group").Any(g => g.Element("UUID")?.Value is { Length: > 0 } id && id == recycleBin || g.Element("Name")?.Value == "Recycle Bin"))
                ignored.Add(new(line, "in the recycle bin."));
            else if (Get("Password").Length == 0) bad.Add(new(line, "no password."));
            else if (Get("URL").Trim().Length == 0) bad.Add(new(line, "no URL."));
            else if (!PasswordCsv.TrySite(Get("URL").Trim(), out var site, out var error)) bad.Add(new(line, error));
            else
            {
                var extra = strings.Where(s => !Standard.Contains(s.Key) && s.Value.Length > 0).Select(s => $"{s.Key}: {s.Value}");
                var notes = string.Join('\n', new[] { Get("Notes") }.Where(n => n.Length > 0).Concat(extra));
                var (note, otp) = PasswordCsv.Extras(notes, Totp(strings));
                logins.Add(new ImportedLogin(line, new Login(site, Get("UserName"), Get("Password"), note, otp)));
            }
        }
        return new PasswordImport(PasswordCsvFormat.KeePassXml, logins, bad, ignored);
    }

    // KeePassXC keeps an otpauth URI in "otp"; KeePass 2.47+ keeps TimeOtp-Secret-Base32 and its parameters.
    private static string Totp(Dictionary<string, string> strings)
    {
        if (strings.GetValueOrDefault("otp") is { Length: > 0 } uri) return uri;
        if (strings.GetValueOrDefault("TimeOtp-Secret-Base32") is not { Length: > 0 } secret) return "";
        var algorithm = strings.GetValueOrDefault("TimeOtp-Algorithm") switch
        {
            "HMAC-SHA-256" => "SHA256",
            "HMAC-SHA-512" => "SHA512",
            _ => "SHA1",
        };
        var query = $"secret={Uri.EscapeDataString(secret.Replace(" ", "", StringComparison.Ordinal))}&algorithm={algorithm}";
        if (strings.GetValueOrDefault("TimeOtp-Length") is { Length: > 0 } digits) query += $"&digits={Uri.EscapeDataString(digits)}";
        if (strings.GetValueOrDefault("TimeOtp-Period") is { Length: > 0 } period) query += $"&period={Uri.EscapeDataString(period)}";
        return $"otpauth://totp/?{query}";
    }
}
