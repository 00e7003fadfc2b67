using Mesh.Tests.Interop;

namespace Mesh.Tests.OpenPgp;

/// <summary>What a gpg run returned.</summary>
public sealed record GpgResult(int Code, string Stdout, string Stderr)
{
    public GpgResult Succeeded(string what) =>
        Code == 0 ? this : throw new InvalidOperationException($"gpg {what} failed ({Code}): {Stderr}");
}

/// <summary>
/// A throwaway GnuPG home: a mode-700 folder under the temp path that every run names with
/// --homedir, so the user's keyring is never touched. Disposing kills the gpg-agent that gpg
/// started for it and deletes the folder.
/// </summary>
public sealed class GnuPgHome : IDisposable
{
    /// <summary>Whether gpg and gpgconf are on this machine.</summary>
    public static bool Available { get; } = ExternalTool.OnPath("gpg") && ExternalTool.OnPath("gpgconf");

    public string Folder { get; }

    public GnuPgHome()
    {
        Folder = Path.Combine(Path.GetTempPath(), "mesh-gpg-" + Guid.NewGuid().ToString("N")[..12]);
        // gpg refuses (warns about) a home that others can read.
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(Folder);
        else
            Directory.CreateDirectory(Folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>Runs <c>gpg --batch --homedir HOME args…</c> with <paramref name="stdin"/>.</summary>
    public GpgResult Gpg(string stdin, params string[] args) =>
        Exec("gpg", ["--batch", "--homedir", Folder, .. args], stdin);

    /// <summary>The arguments that hand gpg a passphrase without a pinentry.</summary>
    public static string[] Passphrase(string passphrase) => ["--pinentry-mode", "loopback", "--passphrase", passphrase];

    /// <summary>Writes a file into the home and returns its path.</summary>
    public string Write(string name, byte[] content)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    public void Dispose()
    {
        Exec("gpgconf", ["--homedir", Folder, "--kill", "gpg-agent"], "");
        try
        {
            Directory.Delete(Folder, true);
        }
        catch (IOException)
        {
            // The agent may still be removing its socket; one retry after it has gone is enough.
            Thread.Sleep(200);
            Directory.Delete(Folder, true);
        }
    }

    private static GpgResult Exec(string file, string[] args, string stdin)
    {
        var (code, stdout, stderr) = ExternalTool.Run(file, args, stdin, TimeSpan.FromMinutes(2), unsetVariable: "GNUPGHOME");
        return new GpgResult(code, stdout, stderr);
    }
}

internal static class GpgSkip
{
    /// <summary>Null where gpg can run or CI must have it (CI=true: a missing gpg must fail loudly); else the reason to skip.</summary>
    public static string? Reason =>
        GnuPgHome.Available || Environment.GetEnvironmentVariable("CI") == "true"
            ? null
            : "GnuPG (gpg, gpgconf) is not installed; apt-get install gnupg.";
}

/// <summary>A fact that needs GnuPG: skipped with a reason where gpg is missing, except in CI.</summary>
public sealed class GpgFactAttribute : FactAttribute
{
    public GpgFactAttribute() => Skip = GpgSkip.Reason;
}

/// <summary>A theory that needs GnuPG: skipped with a reason where gpg is missing, except in CI.</summary>
public sealed class GpgTheoryAttribute : TheoryAttribute
{
    public GpgTheoryAttribute() => Skip = GpgSkip.Reason;
}
