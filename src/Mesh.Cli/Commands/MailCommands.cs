using System.CommandLine;
using System.Text.Json;
using Mesh.Applications;
using Mesh.Client;
using Mesh.Client.Home;

namespace Mesh.Cli;

/// <summary><c>mesh mail …</c>: mail accounts, their servers and their S/MIME and OpenPGP keys.</summary>
internal static class MailCommands
{
    public static Command Create(CliConsole console)
    {
        var mail = new Command("mail", "Keep your mail accounts (servers, S/MIME and OpenPGP keys) in your profile, and hand their keys to mail clients.");
        mail.Subcommands.Add(CreateAdd(console));
        mail.Subcommands.Add(CreateGet(console));
        mail.Subcommands.Add(CreateList(console));
        mail.Subcommands.Add(CreateDelete(console));
        mail.Subcommands.Add(CreateExport(console));
        return mail;
    }

    private static Argument<string> Address() => new("ADDRESS") { Description = "The account's email address, e.g. alice@example.com." };

    private static Command CreateAdd(CliConsole console)
    {
        var address = Address();
        var inbound = new Option<string[]>("--inbound") { Description = "A server to read mail from: imaps://HOST[:PORT], imap://…, pop3s://…, pop3://… (repeat for more, preferred first).", HelpName = "URI", Required = true };
        var outbound = new Option<string[]>("--outbound") { Description = "A server to send mail through: submissions://HOST[:PORT], submission://…, smtp://… (repeat for more, preferred first).", HelpName = "URI", Required = true };
        var displayName = new Option<string?>("--display-name") { Description = "The name correspondents see (default: the address).", HelpName = "N" };
        var accountName = new Option<string?>("--account-name") { Description = "A name for the account in mail clients, e.g. 'Work'.", HelpName = "N" };
        var json = HashCommands.JsonOption();
        var command = new Command("add", "Add a mail account: its servers, and fresh keys made for it: an RSA-3072 S/MIME key certified by a CA of its own, "
            + "and an OpenPGP key. The first account adds a mail application to your profile, which needs an administering device.")
        {
            address, inbound, outbound, displayName, accountName, json,
        };
        command.SetAction(ApplicationOutput.Checked(async (parsed, cancel) =>
        {
            var email = parsed.GetValue(address)!;
            using var device = DeviceOptions.Open(parsed);
            var account = MailAccounts.Create(email, parsed.GetValue(displayName) ?? email, parsed.GetValue(accountName),
                parsed.GetValue(inbound)!, parsed.GetValue(outbound)!, device.Clock.GetUtcNow());
            var change = await device.AddMailAccountAsync(account, cancel).ConfigureAwait(false);
            ApplicationOutput.ReportChange(console, change, "Your mail accounts");
            if (parsed.GetValue(json))
                console.WriteJson(w =>
                {
                    WriteAccount(w, new StoredMailAccount(change.Identifier, account.Profile, account.Private));
                    ApplicationOutput.WriteChange(w, change);
                });
            else
                console.Out.WriteLine($"Added the mail account {email}: S/MIME key {account.Profile.EncryptionSMIME!.UDF}, OpenPGP key {account.Profile.EncryptionPGP!.UDF}.");
            return 0;
        }));
        return command;
    }

    private static Command CreateGet(CliConsole console)
    {
        var address = Address();
        var sync = ApplicationOutput.SyncOption();
        var json = HashCommands.JsonOption();
        var command = new Command("get", "Show a mail account: its servers and key fingerprints.") { address, sync, json };
        command.SetAction(ApplicationOutput.Checked(async (parsed, cancel) =>
        {
            using var device = DeviceOptions.Open(parsed);
            var account = await FindAsync(console, device, parsed.GetValue(address)!, parsed.GetValue(sync), cancel).ConfigureAwait(false);
            if (parsed.GetValue(json))
                console.WriteJson(w =>
                {
                    WriteAccount(w, account);
                    w.WriteString("application", account.ApplicationId);
                });
            else
            {
                console.Out.WriteLine($"Address:  {account.Address}");
                console.Out.WriteLine($"Name:     {account.Private.DisplayName}");
                if (account.Private.AccountName is { } name) console.Out.WriteLine($"Account:  {name}");
                foreach (var c in account.Private.Inbound ?? []) console.Out.WriteLine($"Inbound:  {c.URI}");
                foreach (var c in account.Private.Outbound ?? []) console.Out.WriteLine($"Outbound: {c.URI}");
                console.Out.WriteLine($"S/MIME:   {account.Profile.EncryptionSMIME?.UDF}");
                console.Out.WriteLine($"OpenPGP:  {account.Profile.EncryptionPGP?.UDF}");
            }
            return 0;
        }));
        return command;
    }

    private static Command CreateList(CliConsole console)
    {
        var offline = ApplicationOutput.OfflineOption();
        var json = HashCommands.JsonOption();
        var command = new Command("list", "List your mail accounts.") { offline, json };
        command.SetAction(ApplicationOutput.Checked(async (parsed, cancel) =>
        {
            using var device = DeviceOptions.Open(parsed);
            var read = await device.ReadMailAccountsAsync(!parsed.GetValue(offline), cancel).ConfigureAwait(false);
            ApplicationOutput.WarnIfStale(console, read.StaleSince);
            ApplicationOutput.WarnUnreadable(console, read.Unreadable);
            if (parsed.GetValue(json))
                console.WriteJson(w =>
                {
                    w.WriteStartArray("accounts");
                    foreach (var a in read.Accounts)
                    {
                        w.WriteStartObject();
                        WriteAccount(w, a);
                        w.WriteString("application", a.ApplicationId);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                });
            else
            {
                if (read.Accounts.Count == 0) console.Out.WriteLine("No mail accounts.");
                foreach (var a in read.Accounts) console.Out.WriteLine($"{a.Address,-32} {a.Private.DisplayName}{(a.Private.AccountName is { } n ? $" ({n})" : "")}");
            }
            return 0;
        }));
        return command;
    }

    private static Command CreateDelete(CliConsole console)
    {
        var address = Address();
        var json = HashCommands.JsonOption();
        var command = new Command("delete", "Delete a mail account and its keys from your profile (devices and files that already hold the keys keep them).") { address, json };
        command.SetAction(ApplicationOutput.Checked(async (parsed, cancel) =>
        {
            var email = parsed.GetValue(address)!;
            using var device = DeviceOptions.Open(parsed);
            var change = await device.DeleteMailAccountAsync(email, cancel).ConfigureAwait(false);
            ApplicationOutput.ReportChange(console, change, "Your mail accounts");
            if (parsed.GetValue(json))
                console.WriteJson(w =>
                {
                    w.WriteString("address", email);
                    ApplicationOutput.WriteChange(w, change);
                });
            else
                console.Out.WriteLine($"Deleted the mail account {email}.");
            return 0;
        }));
        return command;
    }

    private static Command CreateExport(CliConsole console)
    {
        var address = Address();
        var pkcs12 = new Option<FileInfo?>("--pkcs12") { Description = "Write the S/MIME key and certificates to FILE as PKCS #12, encrypted with --password.", HelpName = "FILE" };
        var openPgp = new Option<string?>("--openpgp") { Description = "Write the OpenPGP key, ASCII-armored, to FILE ('-' for standard output): the public key, or with --secret the secret key.", HelpName = "FILE" };
        var secret = new Option<bool>("--secret") { Description = "With --openpgp: export the secret key (protected with --password when given)." };
        var password = new Option<string?>("--password") { Description = "The password protecting the exported private key.", HelpName = "P" };
        var legacy = new Option<bool>("--legacy") { Description = "With --pkcs12: 3DES and SHA-1, for mail clients that cannot read AES-256 PKCS #12 files." };
        var json = HashCommands.JsonOption();
        var command = new Command("export", "Export a mail account's keys for a mail client. Files holding private keys are created readable by you alone.")
        {
            address, pkcs12, openPgp, secret, password, legacy, json,
        };
        command.Validators.Add(result =>
        {
            var hasPkcs12 = result.GetValue(pkcs12) is not null;
            if (hasPkcs12 == (result.GetValue(openPgp) is not null)) result.AddError("Give exactly one of --pkcs12 FILE and --openpgp FILE.");
            if (hasPkcs12 && string.IsNullOrEmpty(result.GetValue(password))) result.AddError("--pkcs12 needs --password: a PKCS #12 file is always encrypted.");
            if (result.GetValue(secret) && result.GetValue(openPgp) is null) result.AddError("--secret goes with --openpgp.");
        });
        command.SetAction(ApplicationOutput.Checked(async (parsed, cancel) =>
        {
            using var device = DeviceOptions.Open(parsed);
            var account = await FindAsync(console, device, parsed.GetValue(address)!, refresh: false, cancel).ConfigureAwait(false);
            string written;
            if (parsed.GetValue(pkcs12) is { } file)
            {
                AtomicFile.Write(file.FullName, MailKeys.ExportPkcs12(account.Private, parsed.GetValue(password)!, parsed.GetValue(legacy)), secret: true);
                written = file.FullName;
            }
            else
            {
                var isSecret = parsed.GetValue(secret);
                var armored = isSecret ? MailKeys.ExportOpenPgpSecret(account.Private, parsed.GetValue(password)) : MailKeys.ExportOpenPgpPublic(account.Profile);
                var path = parsed.GetValue(openPgp)!;
                if (path == "-")
                {
                    console.Out.Write(armored);
                    return 0;
                }
                AtomicFile.Write(Path.GetFullPath(path), System.Text.Encoding.UTF8.GetBytes(armored), secret: isSecret);
                written = Path.GetFullPath(path);
            }
            if (parsed.GetValue(json)) console.WriteJson(w => { w.WriteString("address", account.Address); w.WriteString("file", written); });
            else console.Out.WriteLine($"Wrote {written}.");
            return 0;
        }));
        return command;
    }

    private static async Task<StoredMailAccount> FindAsync(CliConsole console, MeshDevice device, string address, bool refresh, CancellationToken cancel)
    {
        var read = await device.ReadMailAccountsAsync(refresh, cancel).ConfigureAwait(false);
        ApplicationOutput.WarnIfStale(console, read.StaleSince);
        ApplicationOutput.WarnUnreadable(console, read.Unreadable);
        return MeshDevice.FindMailAccount(read.Accounts, address)
            ?? throw new CliException($"There is no mail account for {address}.", "'mesh mail list' shows your accounts.");
    }

    private static void WriteAccount(Utf8JsonWriter w, StoredMailAccount account)
    {
        w.WriteString("address", account.Address);
        w.WriteString("displayName", account.Private.DisplayName);
        if (account.Private.AccountName is { } name) w.WriteString("accountName", name);
        w.WriteStartArray("inbound");
        foreach (var c in account.Private.Inbound ?? []) w.WriteStringValue(c.URI);
        w.WriteEndArray();
        w.WriteStartArray("outbound");
        foreach (var c in account.Private.Outbound ?? []) w.WriteStringValue(c.URI);
        w.WriteEndArray();
        w.WriteString("smime", account.Profile.EncryptionSMIME?.UDF);
        w.WriteString("openpgp", account.Profile.EncryptionPGP?.UDF);
    }
}
