using System.CommandLine;
using System.Text.Json;
using Mesh.Applications;
using Mesh.Client;

namespace Mesh.Cli;

/// <summary><c>mesh network …</c>: network settings (DNS resolvers, search prefixes, Web PKI roots) per site.</summary>
internal static class NetworkCommands
{
    public static Command Create(CliConsole console)
    {
        var network = new Command("network", "Keep network settings in your profile: the DNS resolvers, search prefixes and Web PKI roots to use for some sites, and Wi-Fi networks.");
        network.Subcommands.Add(CreateAdd(console));
        network.Subcommands.Add(CreateGet(console));
        network.Subcommands.Add(CreateList(console));
        network.Subcommands.Add(CreateDelete(console));
        network.Subcommands.Add(WiFiCommands.Create(console));
        return network;
    }

    private static Argument<string> Pattern() => new("SITE-PATTERN") { Description = "The sites: a host name (intranet.example.com) or *.example.com for every name below example.com." };

    private static Command CreateAdd(CliConsole console)
    {
        var site = Pattern();
        var dns = new Option<string[]>("--dns") { Description = "A DNS resolver: udp://ADDRESS[:PORT], tcp://…, tls://HOST[:PORT] (DNS over TLS) or https://HOST/PATH (DNS over HTTPS). Repeat for more, preferred first.", HelpName = "URI" };
        var prefix = new Option<string[]>("--prefix") { Description = "A DNS suffix to search, e.g. corp.example.com. Repeatable.", HelpName = "P" };
        var webPki = new Option<string[]>("--webpki") { Description = "The UDF fingerprint of a Web PKI root to trust for these sites. Repeatable.", HelpName = "UDF" };
        var json = HashCommands.JsonOption();
        var command = new Command("add", "Set the network settings for sites, replacing those they had. The first settings add a network application to your profile, "
            + "which needs an administering device.") { site, dns, prefix, webPki, json };
        command.SetAction(ApplicationOutput.Checked(async (parsed, cancel) =>
        {
            var settings = NetworkSettings.Create([parsed.GetValue(site)!], parsed.GetValue(dns) ?? [], parsed.GetValue(prefix), parsed.GetValue(webPki));
            using var device = DeviceOptions.Open(parsed);
            var change = await device.SetNetworkAsync(settings, cancel).ConfigureAwait(false);
            ApplicationOutput.ReportChange(console, change, "Your network settings");
            if (parsed.GetValue(json))
                console.WriteJson(w =>
                {
                    WriteSettings(w, new StoredNetwork(change.Identifier, settings));
                    ApplicationOutput.WriteChange(w, change);
                });
            else
                console.Out.WriteLine($"Set the network settings for {settings.Sites![0]}: {settings.DNS!.Count} DNS resolver(s), {settings.Prefix!.Count} prefix(es), {settings.WebPKI!.Count} Web PKI root(s).");
            return 0;
        }));
        return command;
    }

    private static Command CreateGet(CliConsole console)
    {
        var host = new Argument<string>("HOST") { Description = "A host name: the most specific settings that apply to it are shown. Or a pattern (*.example.com): the settings listing it." };
        var sync = ApplicationOutput.SyncOption();
        var json = HashCommands.JsonOption();
        var command = new Command("get", "Show the network settings that apply to a host.") { host, sync, json };
        command.SetAction(ApplicationOutput.Checked(async (parsed, cancel) =>
        {
            var name = parsed.GetValue(host)!;
            using var device = DeviceOptions.Open(parsed);
            var read = await device.ReadNetworksAsync(parsed.GetValue(sync), cancel).ConfigureAwait(false);
            ApplicationOutput.WarnIfStale(console, read.StaleSince);
            ApplicationOutput.WarnUnreadable(console, read.Unreadable);
            var found = SitePattern.IsWildcard(SitePattern.Normalize(name))
                ? MeshDevice.FindNetwork(read.Networks, name)
                : read.Networks.FirstOrDefault(n => ReferenceEquals(n.Settings, NetworkSettings.Find(read.Networks.Select(x => x.Settings), name)));
            if (found is null) throw new CliException($"No network settings apply to {name}.", "'mesh network list' shows your settings.");
            if (parsed.GetValue(json))
                console.WriteJson(w =>
                {
                    WriteSettings(w, found);
                    w.WriteString("application", found.ApplicationId);
                });
            else
            {
                console.Out.WriteLine($"Sites:   {string.Join(' ', found.Settings.Sites ?? [])}");
                foreach (var c in found.Settings.DNS ?? []) console.Out.WriteLine($"DNS:     {c.URI}");
                foreach (var p in found.Settings.Prefix ?? []) console.Out.WriteLine($"Prefix:  {p}");
                foreach (var f in found.Settings.WebPKI ?? []) console.Out.WriteLine($"WebPKI:  {f}");
            }
            return 0;
        }));
        return command;
    }

    private static Command CreateList(CliConsole console)
    {
        var offline = ApplicationOutput.OfflineOption();
        var json = HashCommands.JsonOption();
        var command = new Command("list", "List your network settings.") { offline, json };
        command.SetAction(ApplicationOutput.Checked(async (parsed, cancel) =>
        {
            using var device = DeviceOptions.Open(parsed);
            var read = await device.ReadNetworksAsync(!parsed.GetValue(offline), cancel).ConfigureAwait(false);
            ApplicationOutput.WarnIfStale(console, read.StaleSince);
            ApplicationOutput.WarnUnreadable(console, read.Unreadable);
            if (parsed.GetValue(json))
                console.WriteJson(w =>
                {
                    w.WriteStartArray("networks");
                    foreach (var n in read.Networks)
                    {
                        w.WriteStartObject();
                        WriteSettings(w, n);
                        w.WriteString("application", n.ApplicationId);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                });
            else
            {
                if (read.Networks.Count == 0) console.Out.WriteLine("No network settings.");
                foreach (var n in read.Networks)
                    console.Out.WriteLine($"{string.Join(' ', n.Settings.Sites ?? []),-32} {string.Join(' ', (n.Settings.DNS ?? []).Select(c => c.URI))}");
            }
            return 0;
        }));
        return command;
    }

    private static Command CreateDelete(CliConsole console)
    {
        var site = Pattern();
        var json = HashCommands.JsonOption();
        var command = new Command("delete", "Stop applying network settings to a site pattern.") { site, json };
        command.SetAction(ApplicationOutput.Checked(async (parsed, cancel) =>
        {
            var pattern = SitePattern.Normalize(parsed.GetValue(site)!);
            using var device = DeviceOptions.Open(parsed);
            var change = await device.DeleteNetworkAsync(pattern, cancel).ConfigureAwait(false);
            ApplicationOutput.ReportChange(console, change, "Your network settings");
            if (parsed.GetValue(json))
                console.WriteJson(w =>
                {
                    w.WriteString("site", pattern);
                    ApplicationOutput.WriteChange(w, change);
                });
            else
                console.Out.WriteLine($"Deleted the network settings for {pattern}.");
            return 0;
        }));
        return command;
    }

    private static void WriteSettings(Utf8JsonWriter w, StoredNetwork network)
    {
        void Array(string name, IEnumerable<string?> values)
        {
            w.WriteStartArray(name);
            foreach (var v in values) w.WriteStringValue(v);
            w.WriteEndArray();
        }
        Array("sites", network.Settings.Sites ?? []);
        Array("dns", (network.Settings.DNS ?? []).Select(c => c.URI));
        Array("prefixes", network.Settings.Prefix ?? []);
        Array("webpki", network.Settings.WebPKI ?? []);
    }
}
