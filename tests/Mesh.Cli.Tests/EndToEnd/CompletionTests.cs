using System.Diagnostics;

namespace Mesh.Cli.Tests.EndToEnd;

/// <summary>A fact that needs a shell: skipped where it is missing, except in CI, where .ci/run installs fish and zsh.</summary>
public sealed class NeedsShellFactAttribute : FactAttribute
{
    public NeedsShellFactAttribute(string shell)
    {
        if (!File.Exists($"/usr/bin/{shell}") && !File.Exists($"/bin/{shell}") && Environment.GetEnvironmentVariable("CI") != "true")
            Skip = $"{shell} is not installed; .ci/run installs it.";
    }
}

/// <summary>mesh completion SHELL, sourced by the real shell, completes from mesh itself.</summary>
public sealed class CompletionTests : IDisposable
{
    private readonly string _bin = Directory.CreateTempSubdirectory("mesh-completion-").FullName;

    public CompletionTests()
    {
        // `mesh` on PATH, as a user has it: a script running the mesh the tests run.
        var start = MeshProcess.StartInfo([]);
        var command = string.Join(' ', new[] { start.FileName }.Concat(start.ArgumentList).Select(a => $"'{a}'"));
        var script = Path.Combine(_bin, "mesh");
        File.WriteAllText(script, $"#!/bin/sh\nexec {command} \"$@\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    [Fact]
    public void Bash_completes_subcommands_and_options()
    {
        Assert.Equal("create", Shell("bash", """
            eval "$(mesh completion bash)"
            COMP_LINE="mesh ssh cr"; COMP_POINT=11; COMP_WORDS=(mesh ssh cr); COMP_CWORD=2
            _mesh_complete; echo "${COMPREPLY[@]}"
            """).Trim());
        Assert.Contains("--username", Shell("bash", """
            eval "$(mesh completion bash)"
            COMP_LINE="mesh password otp --"; COMP_POINT=${#COMP_LINE}; COMP_WORDS=(mesh password otp --); COMP_CWORD=3
            _mesh_complete; echo "${COMPREPLY[@]}"
            """), StringComparison.Ordinal);
    }

    [NeedsShellFact("fish")]
    public void Fish_completes_option_values() =>
        Assert.Equal(["ecdsa", "ed25519"], Shell("fish", """mesh completion fish | source; complete -C "mesh ssh create --type e" """).Split('\n', StringSplitOptions.RemoveEmptyEntries));

    [NeedsShellFact("zsh")]
    public void Zsh_completes_subcommands() =>
        // compadd and compdef are the completion system's; the function is zsh's own.
        Assert.Equal("create", Shell("zsh", """
            compadd() { shift; print -l -- "$@" }
            compdef() { : }
            eval "$(mesh completion zsh)"
            BUFFER="mesh ssh cr"; CURSOR=11; _mesh
            """).Trim());

    private string Shell(string shell, string script)
    {
        var info = new ProcessStartInfo(shell) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        info.Environment["PATH"] = $"{_bin}:{Environment.GetEnvironmentVariable("PATH")}";
        info.Environment["HOME"] = _bin;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60))) process.Kill(true);
        Assert.True(process.ExitCode == 0, $"{shell}: {error.Result}");
        return output.Result;
    }

    public void Dispose() => Directory.Delete(_bin, recursive: true);
}
