namespace Mesh.Tests.Interop;

/// <summary>
/// Runs scripts against panva/jose (an independent JOSE implementation) under Node.js.
/// The npm package is installed on first use from the pinned package-lock.json.
/// </summary>
public static class NodeJose
{
    private static readonly Lazy<string> Folder = new(Install, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Whether node and npm are on this machine.</summary>
    public static bool Available { get; } = ExternalTool.OnPath("node") && ExternalTool.OnPath("npm");

    /// <summary>Runs <c>node SCRIPT</c> in the interop folder with JSON on stdin; returns stdout, throws on a non-zero exit.</summary>
    public static string Run(string script, string input)
    {
        var (code, stdout, stderr) = Exec("node", [script], Folder.Value, input);
        return code == 0 ? stdout : throw new InvalidOperationException($"node {script} failed ({code}): {stderr}");
    }

    private static string Install()
    {
        var folder = Path.Combine(RepositoryRoot(), "tests", "Mesh.Tests", "Interop", "node");
        if (!File.Exists(Path.Combine(folder, "node_modules", "jose", "package.json")))
        {
            var (code, _, stderr) = Exec("npm", ["ci", "--no-audit", "--no-fund"], folder, "");
            if (code != 0) throw new InvalidOperationException($"npm ci failed: {stderr}");
        }
        return folder;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Mesh.slnx"))) return dir.FullName;
        throw new InvalidOperationException("Cannot find the repository root (Mesh.slnx) above the test binaries.");
    }

    private static ToolResult Exec(string file, string[] args, string folder, string input) =>
        ExternalTool.Run(file, args, input, TimeSpan.FromMinutes(2), folder);
}

/// <summary>
/// A fact that needs Node.js: skipped with a reason where node is missing, except in CI
/// (CI=true), where .ci/run installs it and a missing node must fail loudly instead.
/// </summary>
public sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute()
    {
        if (!NodeJose.Available && Environment.GetEnvironmentVariable("CI") != "true")
            Skip = "Node.js and npm are not installed; .ci/run installs them (apt-get install nodejs npm).";
    }
}
