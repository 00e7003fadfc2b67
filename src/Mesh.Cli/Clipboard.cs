// `--clip`, as `pass -c` does it: the secret goes to the desktop's clipboard through wl-copy
// (Wayland) or xclip (X11), and a detached shell clears it after a while unless something else was
// copied meanwhile. The secret is only ever written to the tools' standard input, never to a command
// line or the environment, where other users' `ps` would see it.
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace Mesh.Cli;

/// <summary>The desktop clipboard, through wl-copy/wl-paste or xclip.</summary>
internal sealed class Clipboard
{
    /// <summary>How long a copied secret stays, in seconds, unless <c>MESH_CLIP_TIME</c> says otherwise (pass's default).</summary>
    public const int DefaultSeconds = 45;

    private readonly string _tool;
    private readonly string _copy;
    private readonly string _read;
    private readonly string _clear;

    // Shell commands: copy standard input, print the clipboard, clear it.
    private Clipboard(string tool, string copy, string read, string clear) => (_tool, _copy, _read, _clear) = (tool, copy, read, clear);

    /// <summary>The tool for this session's display; a clear error when there is none.</summary>
    public static Clipboard Find()
    {
        if (Environment.GetEnvironmentVariable("WAYLAND_DISPLAY") is { Length: > 0 } && OnPath("wl-copy") && OnPath("wl-paste"))
            return new("wl-copy", "wl-copy --type text/plain", "wl-paste --no-newline", "wl-copy --clear");
        if (Environment.GetEnvironmentVariable("DISPLAY") is { Length: > 0 } && OnPath("xclip"))
            return new("xclip", "xclip -selection clipboard -in", "xclip -selection clipboard -out", "printf '' | xclip -selection clipboard -in");
        throw new CliException("--clip needs a desktop session with wl-copy (Wayland, package wl-clipboard) or xclip (X11); none was found.",
            "print the value instead, without --clip.");
    }

    /// <summary>The seconds a copy stays: <c>MESH_CLIP_TIME</c> when it is a positive number, else <see cref="DefaultSeconds"/>.</summary>
    public static int Seconds =>
        int.TryParse(Environment.GetEnvironmentVariable("MESH_CLIP_TIME"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : DefaultSeconds;

    /// <summary>Copies the text, and starts the shell that clears it after <see cref="Seconds"/> if it is still there.</summary>
    public void Copy(string text)
    {
        // The tool leaves a child behind to serve the clipboard: its output goes to /dev/null, so that
        // it holds open neither a pipe of ours nor the caller's (`mesh password get --clip | cat` ends).
        using (var copy = Shell($"{_copy} >/dev/null 2>&1"))
        {
            copy.StandardInput.Write(text);
            copy.StandardInput.Close();
            copy.WaitForExit();
            if (copy.ExitCode != 0) throw new CliException($"{_tool} could not copy to the clipboard (exit code {copy.ExitCode}).");
        }

        // The clearer learns only the SHA-256 of the secret, on its standard input.
        var hash = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
        using var clearer = Shell($"read h; exec >/dev/null 2>&1 </dev/null; sleep {Seconds}; "
            + $"[ \"$({_read} | sha256sum | cut -d' ' -f1)\" = \"$h\" ] && {_clear}");
        clearer.StandardInput.WriteLine(hash);
        clearer.StandardInput.Close();
    }

    private static Process Shell(string script)
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardInput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        return Process.Start(start) ?? throw new CliException("/bin/sh could not be started.");
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(folder => File.Exists(Path.Combine(folder, tool)));
}
