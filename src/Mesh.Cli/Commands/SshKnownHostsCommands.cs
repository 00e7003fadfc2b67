using System.CommandLine;
using Mesh.Client.Ssh;
using Mesh.Schema;
using Mesh.Ssh;

namespace Mesh.Cli;

/// <summary><c>mesh ssh known-hosts …</c>: the SSH servers' host keys, kept in the profile and exported as OpenSSH known_hosts.</summary>
internal static class SshKnownHostsCommands
{
    public static Command Create(CliConsole console)
    {
        var hosts = new Command("known-hosts", "Keep the host keys of your SSH servers in your profile, on every SSH device, and write them as an OpenSSH known_hosts file.");
        hosts.Subcommands.Add(CreateAdd(console));
        hosts.Subcommands.Add(CreateList(console));
        hosts.Subcommands.Add(CreateRemove(console));
        hosts.Subcommands.Add(CreateImport(console));
        hosts.Subcommands.Add(CreateExport(console));
        return hosts;
    }

    private static Argument<string> HostArgument() => new("HOST") { Description = "The server: a host name or address, or [HOST]:PORT for a port other than 22." };

    private static Command CreateAdd(CliConsole console)
    {
        var host = HostArgument();
        var key = new Argument<string>("KEY") { Description = "Its host key as 'TYPE BASE64' (a line of /etc/ssh/ssh_host_*_key.pub, or of 'ssh-keyscan HOST')." };
        var port = new Option<int>("--port", "-p") { Description = "The server's port, when not given as [HOST]:PORT.", DefaultValueFactory = _ => 22 };
        var command = new Command("add", "Trust a host key for a server (replacing the one it had).") { host, key, port };
        command.SetAction(ApplicationOutput.Checked(async (parsed, cancel) =>
        {
            var name = KnownHosts.Normalize(parsed.GetValue(host)!, parsed.GetValue(port));
            if (!SshPublicKey.TryParseLine(parsed.GetValue(key)!, out var hostKey, out _, out var error)) throw new CliException($"The host key is not valid: {error}");
            using var device = DeviceOptions.Open(parsed);
            var change = await new SshApplication(device).ChangeKnownHostsAsync(current =>
            {
                var kept = Without(current, name);
                if (current.Any(h => Names(h, name) && hostKey!.BlobSpan.SequenceEqual(h.PublicKey))) return null;
                return [.. kept, new SshKnownHost { Hosts = [name], PublicKey = hostKey!.Blob, Added = device.Clock.GetUtcNow() }];
            }, cancel).ConfigureAwait(false);
            ApplicationOutput.ReportChange(console, change, "Your SSH profile");
            console.Out.WriteLine(change is null ? $"{name} already has that key." : $"Trusted {hostKey!.AlgorithmName} {hostKey.Fingerprint} for {name}.");
            return 0;
        }));
        return command;
    }

    private static Command CreateList(CliConsole console)
    {
        var offline = ApplicationOutput.OfflineOption();
        var json = HashCommands.JsonOption();
        var command = new Command("list", "List the trusted host keys.") { offline, json };
        command.SetAction(ApplicationOutput.Checked(async (parsed, cancel) =>
        {
            using var device = DeviceOptions.Open(parsed);
            var read = await new SshApplication(device).ReadAsync(!parsed.GetValue(offline), cancel).ConfigureAwait(false);
            ApplicationOutput.WarnIfStale(console, read.StaleSince);
            var lines = Lines(read.KnownHosts);
            if (parsed.GetValue(json))
                console.WriteJson(w =>
                {
                    w.WriteStartArray("knownHosts");
                    foreach (var l in lines)
                    {
                        w.WriteStartObject();
                        w.WriteStartArray("hosts");
                        foreach (var h in l.Hosts) w.WriteStringValue(h);
                        w.WriteEndArray();
                        w.WriteString("type", l.Key.AlgorithmName);
                        w.WriteString("fingerprint", l.Key.Fingerprint);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                });
            else
            {
                if (lines.Count == 0) console.Out.WriteLine("No known hosts.");
                foreach (var l in lines) console.Out.WriteLine($"{string.Join(',', l.Hosts),-32} {l.Key.AlgorithmName,-19} {l.Key.Fingerprint}");
            }
            return 0;
        }));
        return command;
    }

    private static Command CreateRemove(CliConsole console)
    {
        var host = HostArgument();
        var port = new Option<int>("--port", "-p") { Description = "The server's port, when not given as [HOST]:PORT.", DefaultValueFactory = _ => 22 };
        var command = new Command("remove", "Stop trusting any host key for a server.") { host, port };
        command.SetAction(ApplicationOutput.Checked(async (parsed, cancel) =>
        {
            var name = KnownHosts.Normalize(parsed.GetValue(host)!, parsed.GetValue(port));
            using var device = DeviceOptions.Open(parsed);
            await new SshApplication(device).ChangeKnownHostsAsync(current => current.Any(h => Names(h, name))
                ? Without(current, name)
                : throw new MeshException(MeshStatus.NotFound, $"No host key is trusted for {name}."), cancel).ConfigureAwait(false);
            console.Out.WriteLine($"Removed the host keys of {name}.");
            return 0;
        }));
        return command;
    }

    private static Command CreateImport(CliConsole console)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A known_hosts file, for example ~/.ssh/known_hosts (hashed names are kept hashed)." };
        var command = new Command("import", "Add every host key of an OpenSSH known_hosts file; lines that cannot be kept (markers, wildcards, bad keys) are reported with their line number.") { file };
        command.SetAction(ApplicationOutput.Checked(async (parsed, cancel) =>
        {
            var path = parsed.GetValue(file)!.FullName;
            var (lines, problems) = KnownHosts.Parse(File.ReadAllText(path));
            foreach (var p in problems) console.Warning($"{path}:{p.Line}: not imported: {p.Reason}");
            using var device = DeviceOptions.Open(parsed);
            var now = device.Clock.GetUtcNow();
            var added = 0;
            await new SshApplication(device).ChangeKnownHostsAsync(current =>
            {
                var result = current.ToList();
                added = 0;
                foreach (var line in lines.Where(l => !result.Any(h => l.Key.BlobSpan.SequenceEqual(h.PublicKey) && (h.Hosts ?? []).SequenceEqual(l.Hosts))))
                {
                    result.Add(new SshKnownHost { Hosts = line.Hosts, PublicKey = line.Key.Blob, Added = now });
                    added++;
                }
                return added > 0 ? result : null;
            }, cancel).ConfigureAwait(false);
            console.Out.WriteLine($"Imported {added} host key(s) from {path}; {problems.Count} line(s) not imported.");
            return 0;
        }));
        return command;
    }

    private static Command CreateExport(CliConsole console)
    {
        var hashed = new Option<bool>("--hashed") { Description = "Hash the host names, as 'ssh-keygen -H' does (HashKnownHosts yes)." };
        var offline = ApplicationOutput.OfflineOption();
        var command = new Command("export", "Print the trusted host keys as an OpenSSH known_hosts file (for ~/.ssh/known_hosts or UserKnownHostsFile).") { hashed, offline };
        command.SetAction(ApplicationOutput.Checked(async (parsed, cancel) =>
        {
            using var device = DeviceOptions.Open(parsed);
            var read = await new SshApplication(device).ReadAsync(!parsed.GetValue(offline), cancel).ConfigureAwait(false);
            ApplicationOutput.WarnIfStale(console, read.StaleSince);
            foreach (var line in Lines(read.KnownHosts).SelectMany(l => KnownHosts.Format(l, parsed.GetValue(hashed))))
                console.Out.WriteLine(line);
            return 0;
        }));
        return command;
    }

    private static List<KnownHostLine> Lines(IEnumerable<SshKnownHost> hosts) =>
        [.. hosts.Select(h => SshPublicKey.TryParseBlob(h.PublicKey, out var key, out _) && h.Hosts is { Count: > 0 } names ? new KnownHostLine(names, key!) : null).OfType<KnownHostLine>()];

    private static bool Names(SshKnownHost entry, string host) => (entry.Hosts ?? []).Any(h => KnownHosts.Names(h, host));

    // The entries without the host: an entry for several hosts keeps the others.
    private static List<SshKnownHost> Without(IEnumerable<SshKnownHost> hosts, string host) =>
        [.. hosts.Select(h => Names(h, host) ? h with { Hosts = [.. (h.Hosts ?? []).Where(n => !KnownHosts.Names(n, host))] } : h).Where(h => h.Hosts is { Count: > 0 })];
}
