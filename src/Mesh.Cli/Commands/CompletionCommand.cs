using System.CommandLine;

namespace Mesh.Cli;

/// <summary>
/// <c>mesh completion bash|zsh|fish</c>: a script that completes mesh's commands and options in that shell by
/// asking mesh itself (System.CommandLine's <c>[suggest:POSITION]</c> directive), so it never goes stale.
/// </summary>
internal static class CompletionCommand
{
    private const string Bash = """
        # mesh completion for bash: eval "$(mesh completion bash)" in ~/.bashrc
        _mesh_complete() {
            local IFS=$'\n'
            COMPREPLY=($(compgen -W "$(mesh "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}"))
        }
        complete -o default -F _mesh_complete mesh

        """;

    private const string Zsh = """
        # mesh completion for zsh: eval "$(mesh completion zsh)" in ~/.zshrc (after compinit)
        _mesh() {
            local -a candidates
            candidates=("${(@f)$(mesh "[suggest:${CURSOR}]" "${BUFFER}" 2>/dev/null)}")
            compadd -- "${candidates[@]}"
        }
        compdef _mesh mesh

        """;

    private const string Fish = """
        # mesh completion for fish: mesh completion fish > ~/.config/fish/completions/mesh.fish
        complete -c mesh -f -a '(mesh "[suggest:"(string length -- (commandline -cp))"]" (commandline -p) 2>/dev/null)'

        """;

    public static Command Create(CliConsole console)
    {
        var shell = new Argument<string>("SHELL") { Description = "bash, zsh or fish." }.AcceptOnlyFromAmong("bash", "zsh", "fish");
        var command = new Command("completion", "Print a script that completes mesh's commands and options in your shell: "
            + "eval \"$(mesh completion bash)\" in ~/.bashrc, eval \"$(mesh completion zsh)\" in ~/.zshrc, "
            + "or mesh completion fish > ~/.config/fish/completions/mesh.fish. The script asks mesh itself, so it stays current.") { shell };
        command.SetAction(parsed =>
        {
            console.Out.Write(parsed.GetValue(shell) switch
            {
                "zsh" => Zsh,
                "fish" => Fish,
                _ => Bash,
            });
            return 0;
        });
        return command;
    }
}
