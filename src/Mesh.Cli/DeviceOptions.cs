using System.CommandLine;
using Mesh.Client;
using Mesh.Client.Home;

namespace Mesh.Cli;

/// <summary>The options every device command shares, and opening the device they name.</summary>
internal static class DeviceOptions
{
    public static readonly Option<string?> Home = new("--home")
    {
        Description = "The device's home folder (default: $MESH_HOME, else ~/.mesh).",
        HelpName = "DIR",
        Recursive = true,
    };

    public static readonly Option<string?> PortalUrl = new("--portal-url")
    {
        Description = "Reach the portal at this URL instead of discovering it (also $MESH_PORTAL_URL). Plain http is allowed here.",
        HelpName = "URL",
        Recursive = true,
    };

    public static readonly Option<FileInfo?> PassphraseFile = new("--passphrase-file")
    {
        Description = "Read the passphrase protecting the device's keys from this file (also $MESH_PASSPHRASE).",
        HelpName = "FILE",
        Recursive = true,
    };

    public static void AddTo(RootCommand root)
    {
        root.Options.Add(Home);
        root.Options.Add(PortalUrl);
        root.Options.Add(PassphraseFile);
    }

    /// <summary>Opens the device of the home the options name; <paramref name="portalUrl"/> is the portal when --portal-url does not name one.</summary>
    public static MeshDevice Open(ParseResult parsed, string? portalUrl = null)
    {
        var passphrase = parsed.GetValue(PassphraseFile) is { } file
            ? File.ReadAllText(file.FullName).TrimEnd('\r', '\n')
            : Environment.GetEnvironmentVariable("MESH_PASSPHRASE");
        var home = new DeviceHome(DeviceHome.DefaultFolder(parsed.GetValue(Home)), passphrase);
        var console = CliConsole.Current;
        return new MeshDevice(home, parsed.GetValue(PortalUrl) ?? portalUrl) { Notice = console is null ? null : console.Warning };
    }
}
