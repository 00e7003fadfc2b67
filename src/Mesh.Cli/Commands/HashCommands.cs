using System.CommandLine;

namespace Mesh.Cli;

/// <summary><c>mesh hash …</c>: fingerprints of data.</summary>
internal static class HashCommands
{
    public static Command Create(CliConsole console)
    {
        var hash = new Command("hash", "Compute fingerprints (UDFs) of files and text.");
        _ = console;
        return hash;
    }
}
