using System.CommandLine;
using System.Globalization;
using Mesh.Applications;
using Mesh.Client;
using Mesh.Client.Import;
using Mesh.Schema;

namespace Mesh.Cli;

/// <summary><c>mesh password …</c>: the account's passwords, shared end to end by its devices.</summary>
internal static class PasswordCommands
{
    public static Command Create(CliConsole console)
    {
        var password = new Command("password",
            "Store and look up the passwords of web sites, shared encrypted by your devices. 'get' answers from this device's cache, "
            + "without contacting the portal; changes are published at once.");
        password.Subcommands.Add(CreateAdd(console));
        password.Subcommands.Add(CreateGet(console));
        password.Subcommands.Add(CreateList(console));
        password.Subcommands.Add(CreateDelete(console));
        password.Subcommands.Add(PasswordOtpCommand.Create(console));
        password.Subcommands.Add(PasswordHistoryCommands.CreateHistory(console));
        password.Subcommands.Add(PasswordHistoryCommands.CreateRestore(console));
        password.Subcommands.Add(CreateGenerate(console));
        password.Subcommands.Add(PasswordTransferCommands.CreateNeverAsk(console));
        password.Subcommands.Add(PasswordTransferCommands.CreateImport(console));
        password.Subcommands.Add(PasswordTransferCommands.CreateExport(console));
        return password;
    }

    internal static Argument<string> Site(string description) => new("SITE") { Description = description };

    internal static Option<string?> UsernameOption() => new("--username") { Description = "The login's username, when the site has several.", HelpName = "U" };

    /// <summary>The one login stored for a site (and username), read from the cache (after a sync with <paramref name="refresh"/>), warning when it may be stale.</summary>
    internal static async Task<PasswordEntry> ReadSingleAsync(MeshDevice device, CliConsole console, string siteName, string? username, bool refresh, CancellationToken cancel)
    {
        var read = await device.ReadPasswordsAsync(refresh, cancel).ConfigureAwait(false);
        ApplicationOutput.WarnIfStale(console, read.StaleSince);
        return Single(read.Vault, siteName, username);
    }

    /// <summary>The one login stored for a site (and username); a clear error when there is none or several.</summary>
    internal static PasswordEntry Single(PasswordVault vault, string siteName, string? username)
    {
        var matches = Matching(vault, siteName).Where(e => username is null || e.Username == username).ToList();
        if (matches.Count == 0)
            throw new CliException($"No password is stored for {(username is not null ? username + " at " : "")}{siteName}.", "'mesh password list' shows the sites you have passwords for.");
        if (matches.Select(m => m.Username).Distinct(StringComparer.Ordinal).Count() > 1)
            throw new CliException($"{matches.Count} logins match {siteName}: {string.Join(", ", matches.Select(m => m.Username))}.", "choose one with --username.");
        return matches[0];
    }

    private static Command CreateAdd(CliConsole console)
    {
        var site = Site("The site: a host name (www.example.com), a pattern for every name below one (*.example.com), or a URL whose host is taken.");
        var username = new Argument<string>("USERNAME") { Description = "The username (case-sensitive). A login with the same username at the site is replaced." };
        var password = new Option<string?>("--password") { Description = "The password. Without it or --generate it is read from standard input (or asked for on a terminal).", HelpName = "P" };
        var generate = new Option<bool>("--generate") { Description = "Generate a strong random password (see 'mesh password generate')." };
        var (length, noSymbols) = GeneratorOptions();
        var otp = new Option<string?>("--otp")
        {
            Description = "The login's authenticator (TOTP) secret: the otpauth://totp/… URI a QR code holds, or its base32 secret. 'mesh password otp SITE' then prints the code.",
            HelpName = "URI",
        };
        var notes = new Option<string?>("--notes") { Description = "Notes to keep with the login.", HelpName = "TEXT" };
        var json = HashCommands.JsonOption();
        var command = new Command("add", "Store the password of a login at a site (keeping the notes and authenticator secret of the login it replaces unless given). "
            + "The first password adds the password application to your profile, which needs an administering device.") { site, username, password, generate, length, noSymbols, otp, notes, json };
        command.Validators.Add(result =>
        {
            if (result.GetValue(password) is not null && result.GetValue(generate)) result.AddError("Give --password or --generate, not both.");
            if (!result.GetValue(generate) && (result.GetResult(length) is { Implicit: false } || result.GetValue(noSymbols)))
                result.AddError("--length and --no-symbols go with --generate.");
        });
        command.SetAction(ApplicationOutput.Checked(async (parsed, cancel) =>
        {
            var siteName = SiteOf(parsed.GetValue(site)!);
            var user = parsed.GetValue(username)!;
            GeneratedPassword? generated = parsed.GetValue(generate) ? PasswordGenerator.Generate(Policy(parsed, length, noSymbols)) : null;
            // Checked before the password is asked for.
            if (parsed.GetValue(otp) is { } given && !Totp.TryParse(given, out _, out var otpError)) throw new CliException($"--otp: {otpError}");
            var secret = generated?.Password ?? parsed.GetValue(password) ?? ReadPassword(console, $"Password for {user} at {siteName}: ");
            if (secret.Length == 0) throw new CliException("The password is empty.", "give it with --password, on standard input, or use --generate.");

            using var device = DeviceOptions.Open(parsed);
            var result = await device.AddPasswordsAsync([new Login(siteName, user, secret, parsed.GetValue(notes), parsed.GetValue(otp))], cancel).ConfigureAwait(false);
            ApplicationOutput.ReportChange(console, result);
            if (parsed.GetValue(json))
                console.WriteJson(w =>
                {
                    w.WriteString("site", siteName);
                    w.WriteString("username", user);
                    w.WriteBoolean("replaced", result.Count > 0);
                    w.WriteBoolean("generated", generated is not null);
                    if (generated is not null) w.WriteNumber("entropyBits", Math.Round(generated.EntropyBits, 1));
                    ApplicationOutput.WriteChange(w, result);
                });
            else
            {
                if (result.Change?.Created == true) console.Out.WriteLine($"Added a password application to your profile ({result.Change.Identifier}).");
                console.Out.WriteLine($"{(result.Count > 0 ? "Replaced" : "Stored")} the password of {user} at {siteName}"
                    + (generated is null ? "." : $": a generated password of {generated.Password.Length} characters ({generated.EntropyBits:F1} bits); 'mesh password get {siteName}' shows it."));
            }
            return 0;
        }));
        return command;
    }

    private static Command CreateGet(CliConsole console)
    {
        var site = Site("The site: a host name (the most specific matching entry is used), a pattern such as *.example.com, or a URL.");
        var username = UsernameOption();
        var field = new Option<string>("--field", "-f")
        {
            Description = "What to print: password (the default), username, otp (the current authenticator code) or notes.",
            DefaultValueFactory = _ => "password",
        }.AcceptOnlyFromAmong("password", "username", "otp", "notes");
        var sync = ApplicationOutput.SyncOption();
        var json = HashCommands.JsonOption();
        var clip = ClipOption();
        var command = new Command("get", "Print the password (or --field) stored for a site, or copy it to the clipboard (--clip). "
            + "Answers from this device's cache, without contacting the portal.") { site, username, field, clip, sync, json };
        command.Validators.Add(result =>
        {
            if (result.GetValue(clip) && result.GetValue(json)) result.AddError("Give --clip or --json, not both.");
        });
        command.SetAction(ApplicationOutput.Checked(async (parsed, cancel) =>
        {
            var siteName = SiteOf(parsed.GetValue(site)!);
            using var device = DeviceOptions.Open(parsed);
            var entry = await ReadSingleAsync(device, console, siteName, parsed.GetValue(username), parsed.GetValue(sync), cancel).ConfigureAwait(false);
            var wanted = parsed.GetValue(field)!;
            if (!parsed.GetValue(json))
            {
                var value = wanted switch
                {
                    "username" => entry.Username ?? "",
                    "notes" => entry.Notes ?? throw new CliException($"The login of {entry.Username} at {siteName} has no notes."),
                    "otp" => PasswordOtpCommand.CurrentCode(entry, siteName).Code,
                    _ => entry.Password ?? "",
                };
                if (parsed.GetValue(clip)) CopyToClipboard(console, value, $"the {wanted} of {entry.Username} at {siteName}");
                else console.Out.WriteLine(value);
                return 0;
            }
            console.WriteJson(w =>
            {
                w.WriteString("site", siteName);
                w.WriteString("username", entry.Username);
                w.WriteString("password", entry.Password);
                if (entry.Notes is not null) w.WriteString("notes", entry.Notes);
                w.WriteBoolean("otp", entry.OtpAuth is not null);
                w.WriteStartArray("sites");
                foreach (var s in entry.Sites ?? []) w.WriteStringValue(s);
                w.WriteEndArray();
            });
            return 0;
        }));
        return command;
    }

    internal static Option<bool> ClipOption() => new("--clip", "-c")
    {
        Description = $"Copy to the clipboard (wl-copy or xclip) instead of printing, and clear it after {Clipboard.DefaultSeconds} seconds "
            + "(MESH_CLIP_TIME) unless something else was copied meanwhile.",
    };

    internal static void CopyToClipboard(CliConsole console, string value, string what)
    {
        Clipboard.Find().Copy(value);
        console.Out.WriteLine($"Copied {what} to the clipboard; it is cleared in {Clipboard.Seconds} seconds.");
    }

    private static Command CreateList(CliConsole console)
    {
        var offline = ApplicationOutput.OfflineOption();
        var json = HashCommands.JsonOption();
        var command = new Command("list", "List the sites and usernames you have passwords for (not the passwords), and the never-ask sites.") { offline, json };
        command.SetAction(ApplicationOutput.Checked(async (parsed, cancel) =>
        {
            using var device = DeviceOptions.Open(parsed);
            var read = await device.ReadPasswordsAsync(!parsed.GetValue(offline), cancel).ConfigureAwait(false);
            ApplicationOutput.WarnIfStale(console, read.StaleSince);
            var entries = read.Vault.Entries.OrderBy(e => e.Sites is [var first, ..] ? first : "", StringComparer.Ordinal).ThenBy(e => e.Username, StringComparer.Ordinal).ToList();
            if (parsed.GetValue(json))
                console.WriteJson(w =>
                {
                    w.WriteStartArray("entries");
                    foreach (var e in entries)
                    {
                        w.WriteStartObject();
                        w.WriteStartArray("sites");
                        foreach (var s in e.Sites ?? []) w.WriteStringValue(s);
                        w.WriteEndArray();
                        w.WriteString("username", e.Username);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteStartArray("neverAsk");
                    foreach (var s in read.Vault.NeverAsk) w.WriteStringValue(s);
                    w.WriteEndArray();
                });
            else
            {
                if (entries.Count == 0) console.Out.WriteLine("No passwords stored.");
                foreach (var e in entries) console.Out.WriteLine($"{string.Join(' ', e.Sites ?? []),-40} {e.Username}");
                if (read.Vault.NeverAsk.Count > 0) console.Out.WriteLine($"Never ask: {string.Join(' ', read.Vault.NeverAsk)}");
            }
            return 0;
        }));
        return command;
    }

    private static Command CreateDelete(CliConsole console)
    {
        var site = Site("The site pattern the logins are stored under (www.example.com, *.example.com).");
        var username = new Option<string?>("--username") { Description = "Delete only this username's login.", HelpName = "U" };
        var json = HashCommands.JsonOption();
        var command = new Command("delete", "Delete the logins stored for a site (every username's, unless --username is given).") { site, username, json };
        command.SetAction(ApplicationOutput.Checked(async (parsed, cancel) =>
        {
            var siteName = SiteOf(parsed.GetValue(site)!);
            using var device = DeviceOptions.Open(parsed);
            var result = await device.DeletePasswordAsync(siteName, parsed.GetValue(username), cancel).ConfigureAwait(false);
            ApplicationOutput.ReportChange(console, result);
            if (parsed.GetValue(json))
                console.WriteJson(w =>
                {
                    w.WriteString("site", siteName);
                    w.WriteNumber("deleted", result.Count);
                    ApplicationOutput.WriteChange(w, result);
                });
            else
                console.Out.WriteLine($"Deleted {result.Count} login(s) for {siteName}.");
            return 0;
        }));
        return command;
    }

    private static Command CreateGenerate(CliConsole console)
    {
        var (length, noSymbols) = GeneratorOptions();
        var json = HashCommands.JsonOption();
        var command = new Command("generate", "Print a strong random password (upper and lower case letters, digits and symbols, at least one of each) "
            + "and its entropy: the log2 of the number of passwords it was drawn from, uniformly.") { length, noSymbols, json };
        command.SetAction(ApplicationOutput.Checked((parsed, _) =>
        {
            var generated = PasswordGenerator.Generate(Policy(parsed, length, noSymbols));
            if (parsed.GetValue(json))
                console.WriteJson(w =>
                {
                    w.WriteString("password", generated.Password);
                    w.WriteNumber("length", generated.Password.Length);
                    w.WriteNumber("entropyBits", Math.Round(generated.EntropyBits, 1));
                });
            else
            {
                console.Out.WriteLine(generated.Password);
                console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{generated.EntropyBits:F1} bits of entropy"));
            }
            return Task.FromResult(0);
        }));
        return command;
    }

    private static (Option<int> Length, Option<bool> NoSymbols) GeneratorOptions()
    {
        var length = new Option<int>("--length")
        {
            Description = $"The number of characters, 4 to {PasswordGenerator.MaxLength} (3 to {PasswordGenerator.MaxLength} with --no-symbols).",
            HelpName = "N",
            DefaultValueFactory = _ => new PasswordPolicy().Length,
        };
        length.Validators.Add(result =>
        {
            if (HashCommands.TryGetInt(result, out var value) && value is < 3 or > PasswordGenerator.MaxLength)
                result.AddError($"--length must be from 3 to {PasswordGenerator.MaxLength}, not {value}.");
        });
        var noSymbols = new Option<bool>("--no-symbols") { Description = "Use only letters and digits, for sites that refuse symbols." };
        return (length, noSymbols);
    }

    private static PasswordPolicy Policy(ParseResult parsed, Option<int> length, Option<bool> noSymbols) => new()
    {
        Length = parsed.GetValue(length),
        Classes = parsed.GetValue(noSymbols) ? CharacterClasses.All & ~CharacterClasses.Symbols : CharacterClasses.All,
    };

    /// <summary>The site pattern a SITE argument names: itself, or the host of a URL.</summary>
    internal static string SiteOf(string site) =>
        PasswordCsv.TrySite(site, out var pattern, out var error) ? pattern
        : throw new CliException(error, "write the site as www.example.com, *.example.com or https://www.example.com/.");

    // A pattern names exactly the entries listing it. A host name the entries listing it, else those
    // whose wildcard patterns match it, most specific first.
    private static List<PasswordEntry> Matching(PasswordVault vault, string site)
    {
        var listing = vault.Entries.Where(e => (e.Sites ?? []).Any(s => SitePattern.TryNormalize(s, out var n, out _) && n == site)).ToList();
        return listing.Count > 0 || SitePattern.IsWildcard(site) ? listing : [.. vault.Find(site)];
    }

    internal static string ReadPassword(CliConsole console, string prompt)
    {
        if (!ReferenceEquals(console.In, Console.In) || Console.IsInputRedirected) return console.In.ReadLine() ?? "";
        // A terminal: ask, without echoing what is typed.
        Console.Error.Write(prompt);
        var typed = new System.Text.StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace) typed.Length = Math.Max(0, typed.Length - 1);
            else if (!char.IsControl(key.KeyChar)) typed.Append(key.KeyChar);
        }
        Console.Error.WriteLine();
        return typed.ToString();
    }
}
