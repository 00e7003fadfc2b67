using System.CommandLine;
using Mesh.Client.Home;

namespace Mesh.Cli;

/// <summary>
/// Where a command writes secrets in clear text (an export of passwords, a private key): standard output
/// but never a terminal without --force, or --output FILE, created owner-only and replaced only with --force.
/// </summary>
internal sealed class SecretOutput
{
    /// <summary>--output FILE.</summary>
    public Option<string?> Output { get; } = new("--output", "-o")
    {
        Description = "Write to FILE, created readable by you alone (0600), instead of standard output; an existing FILE is replaced only with --force.",
        HelpName = "FILE",
    };

    /// <summary>--force.</summary>
    public Option<bool> Force { get; } = new("--force") { Description = "Print to a terminal, or replace an existing --output FILE." };

    /// <summary>
    /// The full path of --output, or null for standard output; refuses, before anything is decrypted,
    /// a terminal or an existing file without --force. <paramref name="what"/> says what would be shown.
    /// </summary>
    public string? Check(ParseResult parsed, CliConsole console, string what)
    {
        var path = parsed.GetValue(Output) is { } given ? Path.GetFullPath(given) : null;
        if (path is null && console.OutIsTerminal && !parsed.GetValue(Force))
            throw new MeshException($"{what}, so it is not printed to a terminal: give --output FILE "
                + "(created readable by you alone), redirect standard output, or add --force.");
        if (path is not null && File.Exists(path) && !parsed.GetValue(Force))
            throw new MeshException(MeshStatus.AlreadyExists, $"{path} exists; add --force to replace it.");
        return path;
    }

    /// <summary>Writes the text to standard output, or to <paramref name="path"/> owner-only.</summary>
    public static void Write(CliConsole console, string? path, string text)
    {
        if (path is null) console.Out.Write(text);
        else AtomicFile.Write(path, System.Text.Encoding.UTF8.GetBytes(text), secret: true);
    }
}
