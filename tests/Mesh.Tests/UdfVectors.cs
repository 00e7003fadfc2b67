using System.Text.Json;

namespace Mesh.Tests;

/// <summary>Vectors/udf.json, read once.</summary>
internal static class UdfVectors
{
    public static JsonElement Root { get; } = Load();

    private static JsonElement Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Vectors", "udf.json")));
        return document.RootElement.Clone();
    }
}
