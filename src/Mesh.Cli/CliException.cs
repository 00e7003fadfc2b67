namespace Mesh.Cli;

/// <summary>A failure the command reports to the user as <c>mesh: error:</c> with an optional hint.</summary>
public sealed class CliException : Exception
{
    /// <summary>What the user can do about it, printed as <c>mesh: hint:</c>.</summary>
    public string? Hint { get; }

    /// <summary>The process exit code (1 for a failure, 2 for bad usage).</summary>
    public int ExitCode { get; }

    /// <summary>Creates a failure with a message, an optional hint and exit code.</summary>
    public CliException(string message, string? hint = null, int exitCode = 1) : base(message)
    {
        Hint = hint;
        ExitCode = exitCode;
    }

    /// <summary>Creates a failure with a message.</summary>
    public CliException() : this("failed") { }

    /// <summary>Creates a failure with a message.</summary>
    public CliException(string message) : this(message, hint: null) { }

    /// <summary>Creates a failure with a message and its cause.</summary>
    public CliException(string message, Exception inner) : base(message, inner) => ExitCode = 1;
}
