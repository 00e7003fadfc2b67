using System.CommandLine;
using Mesh.Client;
using Mesh.Client.Home;
using Mesh.Client.Import;

namespace Mesh.Cli;

/// <summary><c>mesh password neverask|import|export</c>: the never-ask list, and passwords in and out of other managers.</summary>
internal static class PasswordTransferCommands
{
    private static readonly Dictionary<string, PasswordCsvFormat> Formats = new()
    {
        ["auto"] = PasswordCsvFormat.Auto, ["chrome"] = PasswordCsvFormat.Chrome, ["firefox"] = PasswordCsvFormat.Firefox,
        ["bitwarden"] = PasswordCsvFormat.Bitwarden, ["keepassxc"] = PasswordCsvFormat.KeePassXC, ["apple"] = PasswordCsvFormat.Apple,
        ["lastpass"] = PasswordCsvFormat.LastPass, ["bitwardenjson"] = PasswordCsvFormat.BitwardenJson, ["keepassxml"] = PasswordCsvFormat.KeePassXml,
        ["cxf"] = PasswordCsvFormat.Cxf, ["1password"] = PasswordCsvFormat.OnePassword,
    };

    public static Command CreateNeverAsk(CliConsole console)
    {
        var neverAsk = new Command("neverask", "The sites for which a client must never offer to store a password.");
        var json = HashCommands.JsonOption();
        var list = new Command("list", "List the never-ask sites.") { json };
        list.SetAction(ApplicationOutput.Checked(async (parsed, cancel) =>
        {
            using var device = DeviceOptions.Open(parsed);
            var read = await device.ReadPasswordsAsync(refresh: false, cancel).ConfigureAwait(false);
            ApplicationOutput.WarnIfStale(console, read.StaleSince);
            if (parsed.GetValue(json))
                console.WriteJson(w =>
                {
                    w.WriteStartArray("neverAsk");
                    foreach (var s in read.Vault.NeverAsk) w.WriteStringValue(s);
                    w.WriteEndArray();
                });
            else
                foreach (var s in read.Vault.NeverAsk) console.Out.WriteLine(s);
            return 0;
        }));
        neverAsk.Subcommands.Add(CreateNeverAskChange(console, "add", "Never offer to store a password for this site (www.example.com or *.example.com).",
            (device, site, cancel) => device.AddNeverAskAsync(site, cancel), "Added {0} to the never-ask sites.", "{0} is already a never-ask site."));
        neverAsk.Subcommands.Add(list);
        neverAsk.Subcommands.Add(CreateNeverAskChange(console, "delete", "Take a site off the never-ask list.",
            (device, site, cancel) => device.DeleteNeverAskAsync(site, cancel), "Removed {0} from the never-ask sites.", "{0} was not a never-ask site."));
        return neverAsk;
    }

    private static Command CreateNeverAskChange(CliConsole console, string name, string description,
        Func<MeshDevice, string, CancellationToken, Task<PasswordChange>> change, string done, string unchanged)
    {
        var domain = new Argument<string>("DOMAIN") { Description = "The site: www.example.com, or *.example.com for every name below example.com." };
        var json = HashCommands.JsonOption();
        var command = new Command(name, description) { domain, json };
        command.SetAction(ApplicationOutput.Checked(async (parsed, cancel) =>
        {
            var site = PasswordCommands.SiteOf(parsed.GetValue(domain)!);
            using var device = DeviceOptions.Open(parsed);
            var result = await change(device, site, cancel).ConfigureAwait(false);
            ApplicationOutput.ReportChange(console, result);
            if (parsed.GetValue(json))
                console.WriteJson(w =>
                {
                    w.WriteString("site", site);
                    ApplicationOutput.WriteChange(w, result);
                });
            else
                console.Out.WriteLine(string.Format(System.Globalization.CultureInfo.InvariantCulture, result.Change is null && !result.Pending ? unchanged : done, site));
            return 0;
        }));
        return command;
    }

    public static Command CreateImport(CliConsole console)
    {
        var file = new Argument<string>("FILE") { Description = "The file a password manager exported ('-' for standard input, not for .1pux)." };
        var format = new Option<string>("--format")
        {
            Description = "The manager that wrote it; auto tells it from the file (zip, JSON, XML) and from a CSV file's header row.",
            DefaultValueFactory = _ => "auto",
        };
        format.AcceptOnlyFromAmong([.. Formats.Keys]);
        var skipBad = new Option<bool>("--skip-bad") { Description = "Import the good rows even when some are bad (each bad row is still reported)." };
        var json = HashCommands.JsonOption();
        var command = new Command("import",
            "Import the logins of a CSV export of Chrome, Firefox, Bitwarden, KeePassXC, Apple Passwords or LastPass, of Bitwarden's unencrypted "
            + "JSON export, KeePass 2's XML export, 1Password's .1pux export, or a Credential Exchange (CXF v1.0) JSON file; each site is the host of its URL, "
            + "and notes and authenticator (TOTP) secrets are kept. A CXF file's SSH keys go to the SSH profile and its Wi-Fi networks to the network profile; its other credentials are kept in the "
            + "login's notes, or reported when the item has no login. "
            + "Rows that are malformed or lack a web URL or a password are reported by line (or item), and then nothing is imported unless --skip-bad is given. "
            + "The logins are published as one change.") { file, format, skipBad, json };
        command.SetAction(ApplicationOutput.Checked(async (parsed, cancel) =>
        {
            var path = parsed.GetValue(file)!;
            var name = path == "-" ? "standard input" : path;
            var (read, cxf) = ReadExport(path, Formats[parsed.GetValue(format)!], console);
            foreach (var ignored in read.Ignored) console.Warning($"{name} {ignored} (ignored)");
            foreach (var kept in cxf?.KeptInNotes ?? []) console.Warning($"{name} {kept}");
            if (read.Bad.Count > 0)
            {
                if (!parsed.GetValue(skipBad))
                {
                    foreach (var bad in read.Bad) console.Error($"{name} {bad}");
                    throw new CliException($"{read.Bad.Count} bad row(s) in {name}; nothing was imported.",
                        "fix those rows, or give --skip-bad to import the others.");
                }
                foreach (var bad in read.Bad) console.Warning($"{name} {bad} (skipped)");
            }
            var sshKeys = cxf?.SshKeys ?? [];
            var wifi = cxf?.WiFi ?? [];
            if (read.Logins.Count == 0 && sshKeys.Count == 0 && wifi.Count == 0) throw new CliException($"{name} has no logins to import.");

            using var device = DeviceOptions.Open(parsed);
            var result = read.Logins.Count == 0 ? new PasswordChange(null, 0)
                : await device.AddPasswordsAsync([.. read.Logins.Select(l => l.Login)], cancel).ConfigureAwait(false);
            ApplicationOutput.ReportChange(console, result);
            var ssh = sshKeys.Count == 0 ? (Added: 0, Change: null)
                : await new Mesh.Client.Ssh.SshApplication(device).AddSharedAsync([.. sshKeys.Select(k => (k.Pkcs8, k.Comment))], cancel).ConfigureAwait(false);
            ApplicationOutput.ReportChange(console, ssh.Change, "Your SSH keys");
            var networks = wifi.Count == 0 ? (Replaced: 0, Change: null) : await new WiFiSettings(device).SetAsync(wifi, cancel).ConfigureAwait(false);
            ApplicationOutput.ReportChange(console, networks.Change, "Your network settings");
            if (parsed.GetValue(json))
                console.WriteJson(w =>
                {
                    w.WriteString("format", Formats.First(f => f.Value == read.Format).Key);
                    w.WriteNumber("imported", read.Logins.Count);
                    w.WriteNumber("replaced", result.Count);
                    if (cxf is not null) w.WriteNumber("sshKeys", ssh.Added);
                    if (cxf is not null) w.WriteNumber("wifi", wifi.Count);
                    WriteProblems(w, "skipped", read.Bad);
                    WriteProblems(w, "ignored", read.Ignored);
                    if (cxf is not null) WriteProblems(w, "keptInNotes", cxf.KeptInNotes);
                    ApplicationOutput.WriteChange(w, result);
                });
            else
                console.Out.WriteLine($"Imported {read.Logins.Count} login(s) from {name} ({read.Format}); {result.Count} replaced a stored login"
                    + (cxf is null ? "" : $"; {ssh.Added} new SSH key(s) of {sshKeys.Count}; {wifi.Count} Wi-Fi network(s)")
                    + (read.Bad.Count > 0 ? $"; {read.Bad.Count} bad row(s) skipped." : "."));
            return 0;
        }));
        return command;
    }

    // The export's logins (and, from CXF, its SSH keys and Wi-Fi networks): a zip is 1Password's, JSON
    // is CXF or Bitwarden's (by the CXF header's names), XML KeePass's, anything else CSV.
    private static (PasswordImport Read, CxfImport? Cxf) ReadExport(string path, PasswordCsvFormat chosen, CliConsole console)
    {
        // Far more than any manager's export of a vault this can hold (4 MiB sealed): a wrong file is refused, not read into memory.
        const long MaxFileBytes = 256L * 1024 * 1024;
        if (path != "-" && new FileInfo(path) is { Exists: true, Length: > MaxFileBytes } large)
            throw new CliException($"{path} is {large.Length / (1024 * 1024)} MiB; an export is read only up to {MaxFileBytes / (1024 * 1024)} MiB.");
        var bytes = path == "-" ? null : File.ReadAllBytes(path);
        if (chosen == PasswordCsvFormat.OnePassword || (chosen == PasswordCsvFormat.Auto && bytes is not null && OnePasswordPux.Looks(bytes)))
        {
            if (bytes is null) throw new CliException("A .1pux export is read from a file, not from standard input.");
            using var stream = new MemoryStream(bytes, writable: false);
            return (OnePasswordPux.Read(stream), null);
        }
        string text;
        using (var reader = bytes is null ? null : new StreamReader(new MemoryStream(bytes, writable: false)))
            text = (reader ?? console.In).ReadToEnd();
        var json = chosen == PasswordCsvFormat.Auto && BitwardenJson.Looks(text);
        if (chosen == PasswordCsvFormat.Cxf || (json && CxfReader.Looks(text)))
        {
            var cxf = CxfReader.Read(text);
            return (cxf.Passwords, cxf);
        }
        if (chosen == PasswordCsvFormat.BitwardenJson || json) return (BitwardenJson.Read(text), null);
        if (chosen == PasswordCsvFormat.KeePassXml || (chosen == PasswordCsvFormat.Auto && KeePassXml.Looks(text))) return (KeePassXml.Read(text), null);
        return (PasswordCsv.Read(new StringReader(text), chosen), null);
    }

    public static Command CreateExport(CliConsole console)
    {
        var format = new Option<string>("--format")
        {
            Description = "The file format: csv (url,username,password, as browsers import it), bitwardenjson (Bitwarden's unencrypted JSON, "
                + "with notes and TOTP secrets) or cxf (Credential Exchange Format v1.0 JSON, with notes, TOTP secrets, the shared SSH keys and the Wi-Fi networks).",
            DefaultValueFactory = _ => "csv",
        };
        format.AcceptOnlyFromAmong("csv", "bitwardenjson", "cxf");
        var secret = new SecretOutput();
        var offline = ApplicationOutput.OfflineOption();
        var command = new Command("export",
            "Write every stored login, passwords in clear text, to standard output or --output FILE (created owner-only). Not to a terminal without --force. "
            + "Delete the file once the other manager has imported it.") { format, secret.Output, secret.Force, offline };
        command.SetAction(ApplicationOutput.Checked(async (parsed, cancel) =>
        {
            // Refused before anything is decrypted.
            var path = secret.Check(parsed, console, "The export holds every password in clear text");
            using var device = DeviceOptions.Open(parsed);
            var read = await device.ReadPasswordsAsync(!parsed.GetValue(offline), cancel).ConfigureAwait(false);
            ApplicationOutput.WarnIfStale(console, read.StaleSince);
            string text;
            var sshKeys = 0;
            switch (parsed.GetValue(format))
            {
                case "cxf":
                    var ssh = await new Mesh.Client.Ssh.SshApplication(device).ReadAsync(refresh: false, cancel).ConfigureAwait(false);
                    var shared = ssh.Keys.Select(k => k.Entry).Where(e => e.PrivateKey is not null).ToList();
                    sshKeys = shared.Count;
                    var wifi = await new WiFiSettings(device).ReadAsync(refresh: false, cancel).ConfigureAwait(false);
                    text = Utf8(s => CxfWriter.Write(s, device.Account, read.Vault.Entries, shared, wifi.Networks, device.Clock.GetUtcNow()));
                    if (ssh.Keys.Any(k => k.PerDevice)) console.Warning("Per-device SSH keys are not exported: their private halves never leave their devices.");
                    break;
                case "bitwardenjson":
                    text = Utf8(s => BitwardenJson.Write(s, read.Vault.Entries));
                    break;
                default:
                    using (var csv = new StringWriter())
                    {
                        PasswordCsv.Write(read.Vault.Entries, csv);
                        text = csv.ToString();
                    }
                    break;
            }
            SecretOutput.Write(console, path, text);
            if (path is null) return 0;
            console.Warning($"{path} holds {read.Vault.Entries.Count} password(s)" + (sshKeys > 0 ? $" and {sshKeys} SSH private key(s)" : "")
                + " in clear text; delete it once they are imported.");
            return 0;
        }));
        return command;
    }

    private static string Utf8(Action<Stream> write)
    {
        using var stream = new MemoryStream();
        write(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteProblems(System.Text.Json.Utf8JsonWriter w, string name, IReadOnlyList<ImportProblem> problems)
    {
        w.WriteStartArray(name);
        foreach (var p in problems)
        {
            w.WriteStartObject();
            w.WriteNumber("line", p.Line);
            if (p.Place is not null) w.WriteString("place", p.Place);
            w.WriteString("reason", p.Reason);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
