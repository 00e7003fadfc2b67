namespace Mesh.Cli.Tests;

/// <summary>Runs the `mesh` command in-process and captures what it prints.</summary>
internal static class CliRunner
{
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = MeshCommand.Run(args, new StringReader(""), stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs a command that must succeed; returns its standard output.</summary>
    public static string Ok(params string[] args)
    {
        var (exit, output, error) = Run(args);
        Assert.True(exit == 0, $"mesh {string.Join(' ', args)} exited {exit}: {error}");
        Assert.Equal("", error);
        return output;
    }
}
