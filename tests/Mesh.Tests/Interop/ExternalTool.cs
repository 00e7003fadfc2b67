using System.Diagnostics;

namespace Mesh.Tests.Interop;

/// <summary>What a run of an external tool returned.</summary>
public readonly record struct ToolResult(int Code, string Stdout, string Stderr);

/// <summary>Runs the independent command-line tools the interop tests check against (node and npm, openssl, gpg).</summary>
public static class ExternalTool
{
    /// <summary>Whether an executable of that name is in a folder on PATH.</summary>
    public static bool OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, name)));

    /// <summary>
    /// Runs <paramref name="file"/> with <paramref name="args"/>, writes <paramref name="stdin"/> and closes it, and
    /// collects stdout and stderr. Kills the process and throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.
    /// </summary>
    /// <param name="file">the executable</param>
    /// <param name="args">its arguments, passed as they are</param>
    /// <param name="stdin">the text to write to its standard input</param>
    /// <param name="timeout">how long it may run</param>
    /// <param name="folder">its working directory, or null for this process's</param>
    /// <param name="unsetVariable">an environment variable it must not inherit, or null</param>
    public static ToolResult Run(string file, IEnumerable<string> args, string stdin, TimeSpan timeout, string? folder = null, string? unsetVariable = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (folder is not null) info.WorkingDirectory = folder;
        foreach (var a in args) info.ArgumentList.Add(a);
        if (unsetVariable is not null) info.Environment.Remove(unsetVariable);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in {timeout.TotalMinutes} minutes.");
        }
        return new ToolResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
