using System.Diagnostics;
using System.IO.Compression;

namespace Mesh.Web.Tests;

/// <summary>A test that needs node and npm: skipped, saying why, where they are missing (.ci/run installs them).</summary>
public sealed class NodeFactAttribute : FactAttribute
{
    /// <summary>Skips without node or npm.</summary>
    public NodeFactAttribute()
    {
        if (!Browser.OnPath("node") || !Browser.OnPath("npm")) Skip = "Node.js and npm are not installed; .ci/run installs them (apt-get install nodejs npm).";
    }
}

/// <summary>
/// The bundle mesh-portal embeds (src/Mesh.Web/dist) is committed, so that building and running the portal needs no
/// node: these tests prove that it is exactly what its sources build, type-checked, and that it stays small.
/// </summary>
[Collection(WebFixture.Collection)]
public sealed class BundleTests
{
    private static readonly string Web = Path.Combine(Repository.Root, "src", "Mesh.Web");

    [NodeFact]
    public void The_committed_bundle_is_what_the_sources_build()
    {
        Run("npm", "ci", "--no-audit", "--no-fund");
        Run("npx", "tsc", "--noEmit");
        var output = Directory.CreateTempSubdirectory("mesh-web-build-").FullName;
        try
        {
            Run("npx", "vite", "build", "--outDir", output, "--emptyOutDir", "--logLevel", "warn");
            var committed = Files(Path.Combine(Web, "dist"));
            var built = Files(output);
            Assert.Equal(built.Keys.Order(), committed.Keys.Order());
            foreach (var (name, bytes) in built)
                Assert.True(bytes.AsSpan().SequenceEqual(committed[name]), $"dist/{name} differs from what the sources build: run 'npm run build' in src/Mesh.Web and commit dist/.");
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public void The_bundle_stays_under_300_KB_compressed()
    {
        var compressed = Files(Path.Combine(Web, "dist")).Values.Sum(bytes =>
        {
            using var output = new MemoryStream();
            using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true)) gzip.Write(bytes);
            return output.Length;
        });
        Assert.InRange(compressed, 1, 300 * 1024);
    }

    private static Dictionary<string, byte[]> Files(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), File.ReadAllBytes, StringComparer.Ordinal);

    private static void Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file, args) { WorkingDirectory = Web, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5))) process.Kill(true);
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} failed: {output}{error.Result}");
    }
}
