// 1Password's .1pux export: a zip holding export.attributes, files/ (attachments) and export.data,
// JSON {"accounts":[{"attrs":{…},"vaults":[{"attrs":{"name":…},"items":[item…]}]}]}, where an item has
// "state" (active, archived), "categoryUuid" ("001" login, "005" password, …), "overview" {title,
// url, urls[{label,url}]} and "details" {loginFields[{designation,value}], password, notesPlain,
// sections[{title, fields[{title, value:{totp|string|concealed|…}}]}]}.
using System.IO.Compression;
using System.Text.Json;

namespace Mesh.Client.Import;

/// <summary>Reads a 1Password <c>.1pux</c> export into logins, as <see cref="PasswordCsv"/> reads CSV.</summary>
public static class OnePasswordPux
{
    /// <summary>The largest <c>export.data</c> read (uncompressed), so that a zip bomb is refused rather than unpacked.</summary>
    public const int MaxDataBytes = 64 * 1024 * 1024;

    /// <summary>Whether a file's bytes are a zip archive (as a .1pux is).</summary>
    public static bool Looks(ReadOnlySpan<byte> file) => file.StartsWith("PK\u0003\u0004"u8);

    /// <summary>
    /// The logins of every vault: Login and Password items, each with a web URL and a password, with
    /// their notes, one-time-password secret and other fields (added to the notes as "TITLE: value").
    /// Other items are reported as ignored, items in the trash too; logins without a web URL or a
    /// password as bad, each by its number and title. Throws <see cref="MeshException"/> (400) for a
    /// file that is not such an export.
    /// </summary>
    public static PasswordImport Read(Stream file)
    {
        ArgumentNullException.ThrowIfNull(file);
        string text;
        try
        {
            using var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            var data = zip.GetEntry("export.data") ?? throw new MeshException("The .1pux file has no export.data: it is not a 1Password export.");
            if (data.Length > MaxDataBytes) throw new MeshException($"The .1pux file's export.data is {data.Length} bytes; at most {MaxDataBytes} are read.");
            using var stream = data.Open();
            using var reader = new StreamReader(new BoundedStream(stream, MaxDataBytes));
            text = reader.ReadToEnd();
        }
        catch (InvalidDataException e)
        {
            throw new MeshException($"The .1pux file is not a readable zip archive: {e.Message}");
        }
        using var document = CxfReader.Parse(text);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("accounts", out var accounts) || accounts.ValueKind != JsonValueKind.Array)
            throw new MeshException("The .1pux file's export.data has no \"accounts\" list: it is not a 1Password export.");
        var logins = new List<ImportedLogin>();
        var bad = new List<ImportProblem>();
        var ignored = new List<ImportProblem>();
        var number = 0;
        foreach (var vault in accounts.EnumerateArray().SelectMany(a => Array(a, "vaults")))
            foreach (var item in Array(vault, "items"))
                ReadItem(item, ++number, logins, bad, ignored);
        return new PasswordImport(PasswordCsvFormat.OnePassword, logins, bad, ignored);
    }

    private static void ReadItem(JsonElement item, int number, List<ImportedLogin> logins, List<ImportProblem> bad, List<ImportProblem> ignored)
    {
        var overview = Object(item, "overview");
        var details = Object(item, "details");
        var place = $"item {number} ({Text(overview, "title") ?? ""})";
        var category = Text(item, "categoryUuid") ?? "";
        if (item.ValueKind != JsonValueKind.Object || overview is null || details is null)
        {
            bad.Add(new(number, "not an item with an overview and details.", place));
            return;
        }
        if (Text(item, "state") == "trashed" || (item.TryGetProperty("trashed", out var trashed) && trashed.ValueKind == JsonValueKind.True))
        {
            ignored.Add(new(number, "in the trash.", place));
            return;
        }
        if (category is not ("001" or "005"))
        {
            ignored.Add(new(number, $"a {Kind(category)}, not a login.", place));
            return;
        }
        string? username = null, password = Text(details, "password");
        var notes = new List<string>();
        if (Text(details, "notesPlain") is { Length: > 0 } plain) notes.Add(plain.Replace("\r\n", "\n", StringComparison.Ordinal));
        foreach (var field in Array(details, "loginFields"))
        {
            var value = Text(field, "value") ?? "";
            switch (Text(field, "designation"))
            {
                case "username" when username is null: username = value; break;
                case "password" when string.IsNullOrEmpty(password): password = value; break;
                default: if (value.Length > 0) notes.Add($"{Text(field, "name") ?? "field"}: {value}"); break;
            }
        }
        string totp = "";
        foreach (var section in Array(details, "sections"))
            foreach (var field in Array(section, "fields"))
            {
                // A value is an object of one member named by its kind: {"totp": "otpauth://…"}, {"concealed": "…"}.
                if (Object(field, "value") is not { } value || value.EnumerateObject().ToList() is not [var kind, ..]) continue;
                var text = kind.Value.ValueKind switch
                {
                    JsonValueKind.String => kind.Value.GetString()!,
                    JsonValueKind.Null => "",
                    _ => kind.Value.GetRawText(),
                };
                if (text.Length == 0) continue;
                if (kind.Name == "totp" && totp.Length == 0) totp = text;
                else notes.Add($"{Text(field, "title") ?? kind.Name}: {text}");
            }
        if (string.IsNullOrEmpty(password))
        {
            bad.Add(new(number, "no password.", place));
            return;
        }
        var sites = new List<string>();
        var urls = Array(overview, "urls").Select(u => Text(u, "url")).Append(Text(overview, "url"));
        foreach (var url in urls.Select(u => u?.Trim()).Where(u => !string.IsNullOrEmpty(u)))
        {
            if (PasswordCsv.TrySite(url!, out var site, out var error)) { if (!sites.Contains(site)) sites.Add(site); }
            else
            {
                bad.Add(new(number, error, place));
                return;
            }
        }
        if (sites.Count == 0)
        {
            bad.Add(new(number, "no URL.", place));
            return;
        }
        var (note, otp) = PasswordCsv.Extras(string.Join('\n', notes), totp);
        logins.AddRange(sites.Select(s => new ImportedLogin(number, new Login(s, username ?? "", password, note, otp))));
    }

    private static string Kind(string category) => category switch
    {
        "002" => "credit card",
        "003" => "secure note",
        "004" => "identity",
        "006" => "document",
        "114" => "SSH key (import it with 'mesh ssh import')",
        _ => $"item of category {category}",
    };

    private static IEnumerable<JsonElement> Array(JsonElement? element, string property) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(property, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object) : [];

    private static JsonElement? Object(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    private static string? Text(JsonElement? element, string property) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    // Refuses to read past a limit, whatever the zip's header claimed the size to be.
    private sealed class BoundedStream(Stream inner, long limit) : Stream
    {
        private long _read;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = inner.Read(buffer, offset, count);
            _read += n;
            return _read > limit ? throw new MeshException($"The .1pux file's export.data is over {limit} bytes; it is not read.") : n;
        }
    }
}
