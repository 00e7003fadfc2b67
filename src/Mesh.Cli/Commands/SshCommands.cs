using System.CommandLine;
using System.Text.Json;
using Mesh.Client;
using Mesh.Client.Ssh;
using Mesh.Ssh;

namespace Mesh.Cli;

/// <summary><c>mesh ssh …</c>: the SSH keys and known hosts of the profile, and an agent that signs with them.</summary>
internal static class SshCommands
{
    public static Command Create(CliConsole console)
    {
        var ssh = new Command("ssh", "Keep your SSH keys and known hosts in your profile, shared end to end with your SSH devices, and serve them to ssh with an agent.");
        ssh.Subcommands.Add(CreateCreate(console));
        ssh.Subcommands.Add(CreateImport(console));
        ssh.Subcommands.Add(CreateList(console));
        ssh.Subcommands.Add(CreatePublic(console));
        ssh.Subcommands.Add(CreateExport(console));
        ssh.Subcommands.Add(CreateRotate(console));
        ssh.Subcommands.Add(CreateRemove(console));
        ssh.Subcommands.Add(SshAgentCommand.Create(console));
        ssh.Subcommands.Add(SshKnownHostsCommands.Create(console));
        return ssh;
    }

    private static Option<string> TypeOption() => new Option<string>("--type", "-t")
    {
        Description = "The key type: ed25519 (the default), ecdsa (P-256) or rsa.",
        DefaultValueFactory = _ => "ed25519",
    }.AcceptOnlyFromAmong("ed25519", "ecdsa", "rsa");

    private static Option<int> BitsOption() => new("--bits", "-b") { Description = "The size of an RSA key: 3072 (the default) to 16384 bits.", DefaultValueFactory = _ => 3072 };

    private static SshKeyType TypeOf(string name) => name switch
    {
        "ecdsa" => SshKeyType.EcdsaP256,
        "rsa" => SshKeyType.Rsa,
        _ => SshKeyType.Ed25519,
    };

    private static Option<bool> PerDeviceOption() => new("--per-device")
    {
        Description = "A key for this device alone: its private half stays in this device's home; its public half is published so your other devices and servers know it.",
    };

    private static Option<string?> CommentOption() => new("--comment", "-C") { Description = "The comment written after the key in authorized_keys (default: your account, and the device for a per-device key).", HelpName = "TEXT" };

    private static Command CreateCreate(CliConsole console)
    {
        var type = TypeOption();
        var bits = BitsOption();
        var perDevice = PerDeviceOption();
        var comment = CommentOption();
        var json = HashCommands.JsonOption();
        var command = new Command("create", "Make a new SSH key, shared by every device that may use SSH (or --per-device), and print its line for ~/.ssh/authorized_keys on your servers "
            + "('mesh ssh public' prints every key's line). "
            + "The first key adds an SSH application to your profile, which needs an administering device.") { type, bits, perDevice, comment, json };
        command.SetAction(ApplicationOutput.Checked(async (parsed, cancel) =>
        {
            using var device = DeviceOptions.Open(parsed);
            var (key, change) = await new SshApplication(device).CreateAsync(TypeOf(parsed.GetValue(type)!), parsed.GetValue(perDevice),
                parsed.GetValue(comment), parsed.GetValue(bits), cancel).ConfigureAwait(false);
            ReportAdded(console, parsed.GetValue(json), device, key, change);
            return 0;
        }));
        return command;
    }

    private static Command CreateImport(CliConsole console)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "An OpenSSH private key (id_ed25519, id_ecdsa, id_rsa; with or without a passphrase), or a PEM or PKCS#8 key." };
        var passphraseFile = new Option<FileInfo?>("--key-passphrase-file") { Description = "Read the key file's passphrase from this file (also $MESH_SSH_PASSPHRASE).", HelpName = "FILE" };
        var perDevice = PerDeviceOption();
        var comment = CommentOption();
        var json = HashCommands.JsonOption();
        var command = new Command("import", "Bring an existing SSH private key into your profile, shared by your SSH devices (or --per-device). "
            + "The comment in the file is kept unless --comment is given.") { file, passphraseFile, perDevice, comment, json };
        command.SetAction(ApplicationOutput.Checked(async (parsed, cancel) =>
        {
            var passphrase = parsed.GetValue(passphraseFile) is { } p ? File.ReadAllText(p.FullName).TrimEnd('\r', '\n') : Environment.GetEnvironmentVariable("MESH_SSH_PASSPHRASE");
            var path = parsed.GetValue(file)!.FullName;
            var bytes = new FileInfo(path).Length > SshKeyImport.MaxFileBytes
                ? throw new MeshException(MeshStatus.BadRequest, $"{path} is too large to be a private key.")
                : File.ReadAllBytes(path);
            var (pair, fileComment) = SshKeyImport.Read(bytes, passphrase);
            using (pair)
            {
                using var device = DeviceOptions.Open(parsed);
                var (key, change) = await new SshApplication(device).AddAsync(pair, parsed.GetValue(perDevice), parsed.GetValue(comment) ?? fileComment, cancel).ConfigureAwait(false);
                ReportAdded(console, parsed.GetValue(json), device, key, change);
            }
            return 0;
        }));
        return command;
    }

    private static void ReportAdded(CliConsole console, bool json, MeshDevice device, SshPublicKey key, ApplicationChange change)
    {
        ApplicationOutput.ReportChange(console, change, "Your SSH profile");
        var line = new SshApplication(device).ReadCached().Keys.FirstOrDefault(k => k.PublicKey.Equals(key)) is { } stored ? key.ToLine(stored.Entry.Comment) : key.ToLine();
        if (json)
            console.WriteJson(w =>
            {
                w.WriteString("fingerprint", key.Fingerprint);
                w.WriteString("type", key.AlgorithmName);
                w.WriteString("authorizedKey", line);
                ApplicationOutput.WriteChange(w, change);
            });
        else
            console.Out.WriteLine(line);
    }

    private static Command CreateList(CliConsole console)
    {
        var offline = ApplicationOutput.OfflineOption();
        var json = HashCommands.JsonOption();
        var command = new Command("list", "List your SSH keys: fingerprint, type, whether shared or per-device, whether this device can sign with it, and the comment.") { offline, json };
        command.SetAction(ApplicationOutput.Checked(async (parsed, cancel) =>
        {
            using var device = DeviceOptions.Open(parsed);
            var read = await new SshApplication(device).ReadAsync(!parsed.GetValue(offline), cancel).ConfigureAwait(false);
            ApplicationOutput.WarnIfStale(console, read.StaleSince);
            if (parsed.GetValue(json))
                console.WriteJson(w =>
                {
                    w.WriteStartArray("keys");
                    foreach (var k in read.Keys) WriteKey(w, k);
                    w.WriteEndArray();
                });
            else
            {
                if (read.Keys.Count == 0) console.Out.WriteLine("No SSH keys; 'mesh ssh create' makes one.");
                foreach (var k in read.Keys)
                    console.Out.WriteLine($"{k.PublicKey.Fingerprint}  {k.PublicKey.AlgorithmName,-19} {Kind(k),-10} {(k.HeldHere ? "here" : "elsewhere"),-9} {k.Entry.Comment}");
            }
            return 0;
        }));
        return command;
    }

    private static string Kind(SshKeyRead key) => key.Retired ? "retired" : key.PerDevice ? "per-device" : "shared";

    private static void WriteKey(Utf8JsonWriter w, SshKeyRead k)
    {
        w.WriteStartObject();
        w.WriteString("fingerprint", k.PublicKey.Fingerprint);
        w.WriteString("type", k.PublicKey.AlgorithmName);
        w.WriteNumber("bits", k.PublicKey.Bits);
        w.WriteString("kind", Kind(k));
        if (k.Entry.Device is { } d) w.WriteString("device", d);
        w.WriteBoolean("heldHere", k.HeldHere);
        w.WriteString("comment", k.Entry.Comment);
        w.WriteString("authorizedKey", k.PublicKey.ToLine(k.Entry.Comment));
        w.WriteEndObject();
    }

    private static Command CreatePublic(CliConsole console)
    {
        var all = new Option<bool>("--all") { Description = "Include retired keys (replaced by 'mesh ssh rotate' but not yet removed)." };
        var offline = ApplicationOutput.OfflineOption();
        var command = new Command("public", "Print the authorized_keys lines of your current SSH keys, shared and per-device, for ~/.ssh/authorized_keys on your servers.") { all, offline };
        command.SetAction(ApplicationOutput.Checked(async (parsed, cancel) =>
        {
            using var device = DeviceOptions.Open(parsed);
            var read = await new SshApplication(device).ReadAsync(!parsed.GetValue(offline), cancel).ConfigureAwait(false);
            ApplicationOutput.WarnIfStale(console, read.StaleSince);
            var keys = read.Keys.Where(k => parsed.GetValue(all) || !k.Retired).ToList();
            if (keys.Count == 0) throw new CliException("Your profile has no SSH keys.", "'mesh ssh create' makes one, 'mesh ssh import FILE' brings one you have.");
            foreach (var k in keys) console.Out.WriteLine(k.PublicKey.ToLine(k.Entry.Comment));
            return 0;
        }));
        return command;
    }

    private static Command CreateExport(CliConsole console)
    {
        var fingerprint = new Argument<string?>("FINGERPRINT") { Description = "The key (SHA256:…, as 'mesh ssh list' shows); default: the newest current key this device holds.", Arity = ArgumentArity.ZeroOrOne };
        var privateKey = new Option<bool>("--private") { Description = "Write the private key, as an OpenSSH private key file (unencrypted: protect the file)." };
        var secret = new SecretOutput();
        var command = new Command("export", "Write a key's public line, or with --private its OpenSSH private key file (never to a terminal without --force).")
            { fingerprint, privateKey, secret.Output, secret.Force };
        command.SetAction(ApplicationOutput.Checked((parsed, cancel) =>
        {
            var isPrivate = parsed.GetValue(privateKey);
            var path = isPrivate ? secret.Check(parsed, console, "A private key file holds the key in clear text") : parsed.GetValue(secret.Output);
            using var device = DeviceOptions.Open(parsed);
            var wanted = parsed.GetValue(fingerprint);
            var keys = new SshApplication(device).OpenKeyPairs();
            try
            {
                var (key, comment) = keys.FirstOrDefault(k => wanted is null || k.Key.PublicKey.Fingerprint == wanted.Trim());
                if (key is null)
                    throw new CliException(wanted is null ? "This device holds no SSH key." : $"This device holds no SSH key {wanted}.", "'mesh ssh list' shows your keys and which this device holds.");
                var text = isPrivate ? key.ExportOpenSsh(comment) : key.PublicKey.ToLine(comment) + "\n";
                SecretOutput.Write(console, path, text);
                if (isPrivate && path is not null) console.Warning($"{path} holds the private key {key.PublicKey.Fingerprint} unencrypted; 'ssh-keygen -p -f {path}' adds a passphrase.");
            }
            finally
            {
                foreach (var k in keys) k.Key.Dispose();
            }
            return Task.FromResult(0);
        }));
        return command;
    }

    private static Command CreateRotate(CliConsole console)
    {
        var type = TypeOption();
        var bits = BitsOption();
        var json = HashCommands.JsonOption();
        var command = new Command("rotate", "Make a new shared key and retire the current shared ones (say, after removing a device). Retired keys are still offered "
            + "by the agent, so you can reach your servers to replace their lines; 'mesh ssh remove' deletes them.") { type, bits, json };
        command.SetAction(ApplicationOutput.Checked(async (parsed, cancel) =>
        {
            using var device = DeviceOptions.Open(parsed);
            var (retired, key, change) = await new SshApplication(device).RotateAsync(TypeOf(parsed.GetValue(type)!), parsed.GetValue(bits), cancel).ConfigureAwait(false);
            ApplicationOutput.ReportChange(console, change, "Your SSH profile");
            var read = new SshApplication(device).ReadCached();
            string Line(SshPublicKey k) => read.Keys.FirstOrDefault(r => r.PublicKey.Equals(k)) is { } s ? k.ToLine(s.Entry.Comment) : k.ToLine();
            if (parsed.GetValue(json))
                console.WriteJson(w =>
                {
                    w.WriteString("authorizedKey", Line(key));
                    w.WriteStartArray("retired");
                    foreach (var r in retired) w.WriteStringValue(Line(r));
                    w.WriteEndArray();
                    ApplicationOutput.WriteChange(w, change);
                });
            else
            {
                console.Out.WriteLine("On each server, add this line to ~/.ssh/authorized_keys:");
                console.Out.WriteLine($"  {Line(key)}");
                if (retired.Count > 0) console.Out.WriteLine("and delete these:");
                foreach (var r in retired) console.Out.WriteLine($"  {Line(r)}");
                console.Out.WriteLine("then 'mesh ssh remove FINGERPRINT' each retired key.");
            }
            return 0;
        }));
        return command;
    }

    private static Command CreateRemove(CliConsole console)
    {
        var fingerprint = new Argument<string>("FINGERPRINT") { Description = "The key to remove (SHA256:…, as 'mesh ssh list' shows)." };
        var json = HashCommands.JsonOption();
        var command = new Command("remove", "Remove a key from your profile; the agent stops offering it once your devices sync.") { fingerprint, json };
        command.SetAction(ApplicationOutput.Checked(async (parsed, cancel) =>
        {
            using var device = DeviceOptions.Open(parsed);
            var (removed, change) = await new SshApplication(device).RemoveAsync(parsed.GetValue(fingerprint)!, cancel).ConfigureAwait(false);
            ApplicationOutput.ReportChange(console, change, "Your SSH profile");
            if (parsed.GetValue(json))
                console.WriteJson(w =>
                {
                    w.WriteString("fingerprint", parsed.GetValue(fingerprint)!.Trim());
                    ApplicationOutput.WriteChange(w, change);
                });
            else
                console.Out.WriteLine($"Removed {parsed.GetValue(fingerprint)!.Trim()} ({removed.Comment}).");
            return 0;
        }));
        return command;
    }
}
