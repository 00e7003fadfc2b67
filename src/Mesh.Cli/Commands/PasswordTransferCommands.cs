using System.CommandLine;
using Mesh.Client;
using Mesh.Client.Home;
using Mesh.Client.Import;

namespace Mesh.Cli;

/// <summary><c>mesh password neverask|import|export</c>: the never-ask list, and passwords in and out of other managers.</summary>
internal static class PasswordTransferCommands
{
    private static readonly string[] Formats = ["auto", "chrome", "firefox", "bitwarden", "keepassxc", "apple", "lastpass", "bitwardenjson", "keepassxml"];

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
            ApplicationOutput.ReportChange(console, result.Change, "Your passwords");
            if (parsed.GetValue(json))
                console.WriteJson(w =>
                {
                    w.WriteString("site", site);
                    ApplicationOutput.WriteChange(w, result.Change);
                });
            else
                console.Out.WriteLine(string.Format(System.Globalization.CultureInfo.InvariantCulture, result.Change is null ? unchanged : done, site));
            return 0;
        }));
        return command;
    }

    public static Command CreateImport(CliConsole console)
    {
        var file = new Argument<string>("FILE") { Description = "The CSV file a password manager exported ('-' for standard input)." };
        var format = new Option<string>("--format")
        {
            Description = "The manager that wrote it; auto tells it from the header row.",
            DefaultValueFactory = _ => "auto",
        };
        format.AcceptOnlyFromAmong(Formats);
        var skipBad = new Option<bool>("--skip-bad") { Description = "Import the good rows even when some are bad (each bad row is still reported)." };
        var json = HashCommands.JsonOption();
        var command = new Command("import",
            "Import the logins of a CSV export of Chrome, Firefox, Bitwarden, KeePassXC, Apple Passwords or LastPass, or of Bitwarden's unencrypted "
            + "JSON export or KeePass 2's XML export; each site is the host of its URL, "
            + "and notes and authenticator (TOTP) secrets are kept. "
            + "Rows that are malformed or lack a web URL or a password are reported by line, and then nothing is imported unless --skip-bad is given. "
            + "Everything is published as one change.") { file, format, skipBad, json };
        command.SetAction(ApplicationOutput.Checked(async (parsed, cancel) =>
        {
            var path = parsed.GetValue(file)!;
            var chosen = Enum.Parse<PasswordCsvFormat>(parsed.GetValue(format)!, ignoreCase: true);
            string text;
            using (var reader = path == "-" ? null : new StreamReader(path))
                text = (reader ?? console.In).ReadToEnd();
            // JSON (Bitwarden's) and XML (KeePass's) exports are told from CSV by their first character.
            var read = chosen == PasswordCsvFormat.BitwardenJson || (chosen == PasswordCsvFormat.Auto && BitwardenJson.Looks(text)) ? BitwardenJson.Read(text)
                : chosen == PasswordCsvFormat.KeePassXml || (chosen == PasswordCsvFormat.Auto && KeePassXml.Looks(text)) ? KeePassXml.Read(text)
                : PasswordCsv.Read(new StringReader(text), chosen);
            var name = path == "-" ? "standard input" : path;
            foreach (var ignored in read.Ignored) console.Warning($"{name} {ignored} (ignored)");
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
            if (read.Logins.Count == 0) throw new CliException($"{name} has no logins to import.");

            using var device = DeviceOptions.Open(parsed);
            var result = await device.AddPasswordsAsync([.. read.Logins.Select(l => l.Login)], cancel).ConfigureAwait(false);
            ApplicationOutput.ReportChange(console, result.Change, "Your passwords");
            if (parsed.GetValue(json))
                console.WriteJson(w =>
                {
                    w.WriteString("format", read.Format.ToString().ToLowerInvariant());
                    w.WriteNumber("imported", read.Logins.Count);
                    w.WriteNumber("replaced", result.Count);
                    WriteProblems(w, "skipped", read.Bad);
                    WriteProblems(w, "ignored", read.Ignored);
                    ApplicationOutput.WriteChange(w, result.Change);
                });
            else
                console.Out.WriteLine($"Imported {read.Logins.Count} login(s) from {name} ({read.Format}); {result.Count} replaced a stored login"
                    + (read.Bad.Count > 0 ? $"; {read.Bad.Count} bad row(s) skipped." : "."));
            return 0;
        }));
        return command;
    }

    public static Command CreateExport(CliConsole console)
    {
        var format = new Option<string>("--format") { Description = "The file format: csv (url,username,password, as browsers import it).", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv");
        var secret = new SecretOutput();
        var offline = ApplicationOutput.OfflineOption();
        var command = new Command("export",
            "Write every stored login, passwords in clear text, to standard output or --output FILE. Not to a terminal without --force. "
            + "Delete the file once the other manager has imported it.") { format, secret.Output, secret.Force, offline };
        command.SetAction(ApplicationOutput.Checked(async (parsed, cancel) =>
        {
            // Refused before anything is decrypted.
            var path = secret.Check(parsed, console, "The export holds every password in clear text");
            using var device = DeviceOptions.Open(parsed);
            var read = await device.ReadPasswordsAsync(!parsed.GetValue(offline), cancel).ConfigureAwait(false);
            ApplicationOutput.WarnIfStale(console, read.StaleSince);
            using var text = new StringWriter();
            PasswordCsv.Write(read.Vault.Entries, text);
            SecretOutput.Write(console, path, text.ToString());
            if (path is null) return 0;
            console.Warning($"{path} holds {read.Vault.Entries.Count} password(s) in clear text; delete it once they are imported.");
            return 0;
        }));
        return command;
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
