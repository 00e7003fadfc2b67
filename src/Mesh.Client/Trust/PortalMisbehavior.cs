namespace Mesh.Client.Trust;

/// <summary>
/// Errors that blame the portal (its operator, or whoever answers in its name) rather than this
/// device, its keys or the user: an answer that contradicts what the portal itself proved or served
/// before. Each is a <see cref="MeshException"/> whose message starts with "The portal NAME
/// misbehaved:", is raised before anything on the device is changed, and is never followed by a hint
/// that another device could do better.
/// </summary>
public static class PortalMisbehavior
{
    private const string Marker = " misbehaved: ";

    /// <summary>The error for <paramref name="portal"/> doing <paramref name="what"/> (a sentence), and what became of the device's data.</summary>
    public static MeshException Error(string portal, string what, string outcome = "Nothing on this device was changed.") =>
        new(MeshStatus.ServerInternal, $"The portal {portal}{Marker}{what} {outcome}");

    /// <summary>Whether <paramref name="e"/> blames the portal.</summary>
    public static bool Is(MeshException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Message.StartsWith("The portal ", StringComparison.Ordinal) && e.Message.Contains(Marker, StringComparison.Ordinal);
    }
}
