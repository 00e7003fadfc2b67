using Mesh.Applications;
using Mesh.Schema;

namespace Mesh.Client.Import;

/// <summary>A login read from an export.</summary>
/// <param name="Line">the line its record starts on</param>
/// <param name="Login">the site (the URL's host), username and password</param>
public sealed record ImportedLogin(int Line, Login Login);

/// <summary>A record that was not imported, and why.</summary>
/// <param name="Line">the line it starts on (in a JSON export, the item's number)</param>
/// <param name="Reason">why</param>
/// <param name="Place">where it is, when not a line of text: "item 3 (Mail)" in a JSON export</param>
public sealed record ImportProblem(int Line, string Reason, string? Place = null)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Place ?? $"line {Line}"}: {Reason}";
}

/// <summary>What was read from an export.</summary>
/// <param name="Format">its format (as detected, for Auto)</param>
/// <param name="Logins">the logins to import</param>
/// <param name="Bad">records that are malformed or lack a usable URL or a password: an error unless skipped on purpose</param>
/// <param name="Ignored">records that are not logins (Bitwarden notes and cards, KeePassXC's recycle bin)</param>
public sealed record PasswordImport(PasswordCsvFormat Format, IReadOnlyList<ImportedLogin> Logins, IReadOnlyList<ImportProblem> Bad, IReadOnlyList<ImportProblem> Ignored);

/// <summary>
/// Reads the CSV exports of Chrome, Firefox, Bitwarden, KeePassXC, Apple Passwords and LastPass into logins, and writes the
/// logins out as <c>url,username,password</c>. A login's site is the host of its URL (in punycode);
/// a URL may also be written as a bare site pattern (<c>example.com</c>, <c>*.example.com</c>), as
/// <see cref="Write"/> writes wildcard entries. Only http and https URLs are web sites.
/// </summary>
public static class PasswordCsv
{
    /// <summary>Reads an export; throws <see cref="MeshException"/> (400) when the header is not one of the format's (or of any, for Auto).</summary>
    public static PasswordImport Read(TextReader csv, PasswordCsvFormat format)
    {
        ArgumentNullException.ThrowIfNull(csv);
        using var records = Csv.Read(csv).GetEnumerator();
        if (!records.MoveNext()) throw new MeshException("The file is empty: it has no header row.");
        var header = records.Current;
        if (header.Error is not null) throw new MeshException($"line {header.Line}: the header row is malformed: {header.Error}");
        if (format == PasswordCsvFormat.Auto)
            format = PasswordCsvColumns.Detect(header.Fields)
                ?? throw new MeshException($"line {header.Line}: the header ({string.Join(',', header.Fields)}) is not that of a Chrome, Firefox, Bitwarden, KeePassXC, Apple Passwords or LastPass export.");
        var columns = PasswordCsvColumns.For(format);
        int Column(string name)
        {
            for (var i = 0; i < header.Fields.Count; i++)
                if (string.Equals(header.Fields[i].Trim(), name, StringComparison.OrdinalIgnoreCase)) return i;
            return -1;
        }
        var (url, username, password) = (Column(columns.Url), Column(columns.Username), Column(columns.Password));
        var kind = columns.Kind is { } k ? Column(k.Column) : -1;
        var group = columns.Group is { } g ? Column(g) : -1;
        var notes = columns.Notes is { } n ? Column(n) : -1;
        var totp = columns.Totp is { } t ? Column(t) : -1;
        if (url < 0 || username < 0 || password < 0)
            throw new MeshException($"line {header.Line}: the header has no {string.Join(", ", new[] { (url, columns.Url), (username, columns.Username), (password, columns.Password) }.Where(c => c.Item1 < 0).Select(c => c.Item2))} column: it is not a {format} export.");

        var logins = new List<ImportedLogin>();
        var bad = new List<ImportProblem>();
        var ignored = new List<ImportProblem>();
        while (records.MoveNext())
        {
            var record = records.Current;
            var fields = record.Fields;
            if (record.Error is not null) bad.Add(new(record.Line, $"malformed CSV: {record.Error}"));
            else if (fields.Count != header.Fields.Count) bad.Add(new(record.Line, $"{fields.Count} fields where the header has {header.Fields.Count}."));
            else if (kind >= 0 && fields[kind].Length > 0 && !string.Equals(fields[kind], columns.Kind!.Value.Login, StringComparison.OrdinalIgnoreCase))
                ignored.Add(new(record.Line, $"a {fields[kind]}, not a login."));
            else if (columns.NoteUrl is { } noteUrl && string.Equals(fields[url].Trim(), noteUrl, StringComparison.OrdinalIgnoreCase))
                ignored.Add(new(record.Line, "a secure note, not a login."));
            else if (group >= 0 && fields[group].Split('/').LastOrDefault() == "Recycle Bin")
                ignored.Add(new(record.Line, "in the recycle bin."));
            else if (fields[password].Length == 0) bad.Add(new(record.Line, "no password."));
            else
            {
                var sites = new List<string>();
                string? problem = null;
                // Bitwarden writes the several URIs of one login in one field, separated by commas.
                var addresses = format == PasswordCsvFormat.Bitwarden ? fields[url].Split(',') : [fields[url]];
                foreach (var address in addresses.Select(a => a.Trim()).Where(a => a.Length > 0))
                {
                    if (TrySite(address, out var site, out var error)) { if (!sites.Contains(site)) sites.Add(site); }
                    else problem ??= error;
                }
                if (problem is not null) bad.Add(new(record.Line, problem));
                else if (sites.Count == 0) bad.Add(new(record.Line, "no URL."));
                else
                {
                    var (note, otp) = Extras(notes >= 0 ? fields[notes] : "", totp >= 0 ? fields[totp] : "");
                    logins.AddRange(sites.Select(s => new ImportedLogin(record.Line, new Login(s, fields[username], fields[password], note, otp))));
                }
            }
        }
        return new PasswordImport(format, logins, bad, ignored);
    }

    // Notes and an authenticator secret are kept; a secret this cannot compute codes for (Steam's,
    // say) is kept in the notes rather than dropped.
    internal static (string? Notes, string? OtpAuth) Extras(string notes, string totp)
    {
        var note = notes.Length == 0 ? null : notes;
        if (totp.Trim().Length == 0) return (note, null);
        if (Totp.TryParse(totp, out var secret, out _)) return (note, Totp.ToUri(secret!));
        return ($"{note}{(note is null ? "" : "\n")}Authenticator secret (not a TOTP secret mesh can use): {totp.Trim()}", null);
    }

    /// <summary>Writes the entries as <c>url,username,password</c> (with that header), one row per site of each entry.</summary>
    public static void Write(IEnumerable<PasswordEntry> entries, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(output);
        output.Write("url,username,password\r\n");
        foreach (var entry in entries)
            foreach (var site in entry.Sites ?? [])
                output.Write(Csv.Format([SitePattern.IsWildcard(site) ? site : $"https://{site}/", entry.Username ?? "", entry.Password ?? ""]) + "\r\n");
    }

    /// <summary>The site of a URL (its host) or of a bare site pattern; false with the reason when there is none.</summary>
    public static bool TrySite(string address, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? site,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(address);
        site = null;
        if (!address.Contains("://", StringComparison.Ordinal))
        {
            if (SitePattern.TryNormalize(address, out site, out error)) return true;
            // A host with a path (example.com/login) is a URL without its scheme; anything else is a bad name.
            if (!address.Contains('/', StringComparison.Ordinal)) return false;
            address = "https://" + address;
        }
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            error = $"'{address}' is not a URL with a host.";
            return false;
        }
        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
        {
            error = $"'{address}' is not a web address ({uri.Scheme}:, not http: or https:).";
            return false;
        }
        if (!SitePattern.TryNormalize(uri.IdnHost, out site, out error) || SitePattern.IsWildcard(site))
        {
            site = null;
            error ??= $"'{address}' has a wildcard host.";
            return false;
        }
        return true;
    }
}
