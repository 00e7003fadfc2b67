using System.CommandLine;
using Mesh.Client;

namespace Mesh.Cli;

/// <summary>
/// The `mesh` command. Output rules: results go to stdout (as JSON with <c>--json</c>);
/// failures print <c>mesh: error: …</c> and, where it helps, <c>mesh: hint: …</c> to stderr.
/// Exit codes: 0 success, 1 a failure the user can fix (bad input, refused), 2 bad usage.
/// </summary>
public static class MeshCommand
{
    /// <summary>
    /// Runs the command in-process with the given streams; returns the exit code. <paramref name="outIsTerminal"/> says
    /// whether <paramref name="stdout"/> is a terminal, where secrets are not printed without --force.
    /// </summary>
    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr, bool outIsTerminal = false)
    {
        ArgumentNullException.ThrowIfNull(args);
        var console = new CliConsole(stdin, stdout, stderr) { OutIsTerminal = outIsTerminal };
        CliConsole.Current = console;
        var root = new RootCommand("mesh: your Mathematical Mesh from a terminal: profiles, devices, passwords and other application data shared end to end through a portal.");
        DeviceOptions.AddTo(root);
        root.Subcommands.Add(ProfileCommands.Create(console));
        root.Subcommands.Add(AccountCommands.Create(console));
        root.Subcommands.Add(DeviceCommands.Create(console));
        root.Subcommands.Add(SyncCommands.CreateSync(console));
        root.Subcommands.Add(StatusCommand.Create(console));
        root.Subcommands.Add(LogCommands.CreateLog(console));
        root.Subcommands.Add(PasswordCommands.Create(console));
        root.Subcommands.Add(MailCommands.Create(console));
        root.Subcommands.Add(NetworkCommands.Create(console));
        root.Subcommands.Add(SshCommands.Create(console));
        root.Subcommands.Add(GitCredentialCommand.Create(console));
        root.Subcommands.Add(CompletionCommand.Create(console));
        root.Subcommands.Add(EscrowCommands.Create(console));
        root.Subcommands.Add(HashCommands.Create(console));
        root.Subcommands.Add(KeyCommands.Create(console));

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors) console.Error(error.Message);
            console.Hint($"run '{CommandPath(parsed)} --help' for usage.");
            return 2;
        }
        try
        {
            return parsed.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false })
                .GetAwaiter().GetResult();
        }
        catch (MeshException e)
        {
            console.Error(e.Message);
            if (Hints.For(e) is { } hint) console.Hint(hint);
            return 1;
        }
        catch (Exception e) when (MeshDevice.IsUnreachable(e))
        {
            console.Error($"cannot reach the portal: {e.Message}");
            console.Hint("check the portal address (--portal-url or MESH_PORTAL_URL) and your network.");
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file named on the command line, or in the home, that cannot be read or written.
            console.Error(e.Message);
            return 1;
        }
        catch (ArgumentException e)
        {
            // The library refuses input it was given (an empty term, a bad site pattern): the user's input, not a crash.
            console.Error(e.Reason());
            return 1;
        }
        catch (CliException e)
        {
            console.Error(e.Message);
            if (e.Hint is not null) console.Hint(e.Hint);
            return e.ExitCode;
        }
    }

    private static string CommandPath(ParseResult parsed)
    {
        var names = new List<string>();
        for (var r = parsed.CommandResult; r is not null; r = r.Parent as System.CommandLine.Parsing.CommandResult)
            names.Insert(0, r.Command is RootCommand ? "mesh" : r.Command.Name);
        return string.Join(' ', names);
    }
}
