using System.Diagnostics;

namespace Mesh.Portal.Tests.Reliability;

/// <summary>A small tmpfs of one test's own, to fill up; needs root (mount) on Linux.</summary>
public sealed class SmallDisk : IDisposable
{
    private SmallDisk(string path) => Path = path;

    public string Path { get; }

    /// <summary>Why a tmpfs cannot be mounted here, or null (tried once; CI is root and can).</summary>
    public static string? SkipReason => Reason.Value;

    private static readonly Lazy<string?> Reason = new(() =>
    {
        if (Environment.GetEnvironmentVariable("CI") == "true") return null;
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root") return "Mounting a small tmpfs to fill needs root on Linux.";
        try
        {
            using var probe = Mount(1);
            return null;
        }
        catch (InvalidOperationException e)
        {
            return $"A tmpfs cannot be mounted here: {e.Message}";
        }
    });

    /// <summary>Mounts a tmpfs of <paramref name="megabytes"/> MiB on a new temporary folder.</summary>
    public static SmallDisk Mount(int megabytes)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mesh-small-disk-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        try
        {
            Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", path);
        }
        catch
        {
            Directory.Delete(path);
            throw;
        }
        return new SmallDisk(path);
    }

    /// <summary>Fills the disk with a file until it is full; returns the file, to delete to free the space.</summary>
    public string Fill()
    {
        var ballast = System.IO.Path.Combine(Path, "ballast");
        var chunk = new byte[16 * 1024];
        using var file = new FileStream(ballast, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.WriteThrough);
        try
        {
            while (true) file.Write(chunk);
        }
        catch (IOException)
        {
            // ENOSPC: full.
        }
        return ballast;
    }

    private static void Run(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} exited with {process.ExitCode}: {error.Trim()}");
    }

    public void Dispose()
    {
        // Lazily: a pooled SQLite connection of a test may still hold a file open.
        Run("umount", "-l", Path);
        Directory.Delete(Path);
    }
}

/// <summary>A fact that needs a <see cref="SmallDisk"/>: skipped with the reason where none can be mounted (never in CI).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SmallDiskFactAttribute : FactAttribute
{
    public SmallDiskFactAttribute() => Skip = SmallDisk.SkipReason;
}
