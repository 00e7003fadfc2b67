namespace Mesh.Client;

/// <summary>Device identifiers as a user types them: whole, or a unique prefix of at least 4 symbols.</summary>
internal static class DeviceIds
{
    /// <summary>
    /// The identifier among <paramref name="ids"/> that <paramref name="typed"/> names (case, dashes
    /// and spaces ignored), or null when none does; 400 when a prefix names more than one.
    /// </summary>
    public static string? Find(IEnumerable<string> ids, string typed)
    {
        var prefix = Witness.Strip(typed);
        if (prefix.Length < 4) throw new MeshException(MeshStatus.BadRequest, $"'{typed}' is too short to name a device: give at least 4 symbols of its identifier.");
        var matches = ids.Where(id => Witness.Strip(id).StartsWith(prefix, StringComparison.Ordinal)).Distinct().ToList();
        return matches.Count switch
        {
            0 => null,
            1 => matches[0],
            _ => throw new MeshException(MeshStatus.BadRequest, $"'{typed}' names {matches.Count} devices ({string.Join(", ", matches)}); give more of the identifier."),
        };
    }
}
