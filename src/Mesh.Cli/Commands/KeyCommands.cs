using System.CommandLine;

namespace Mesh.Cli;

/// <summary><c>mesh key …</c>: nonces, secrets and secret sharing.</summary>
internal static class KeyCommands
{
    public static Command Create(CliConsole console)
    {
        var key = new Command("key", "Make nonces and secret keys; split a secret into shares and recover it.");
        _ = console;
        return key;
    }
}
