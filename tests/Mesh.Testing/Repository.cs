namespace Mesh.Testing;

/// <summary>Files of the repository the tests run from.</summary>
public static class Repository
{
    /// <summary>The repository root: the first folder above the test assembly that holds Mesh.slnx.</summary>
    public static string Root
    {
        get
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
                if (File.Exists(Path.Combine(folder.FullName, "Mesh.slnx"))) return folder.FullName;
            throw new InvalidOperationException("The repository root (Mesh.slnx) is not above the test assembly.");
        }
    }
}
