namespace Mesh.Cli;

/// <summary>What a user can do about a refusal, by its status.</summary>
internal static class Hints
{
    public static string? For(MeshException e) => e.Status switch
    {
        _ when Client.Trust.PortalMisbehavior.Is(e) =>
            "this device kept what it had verified; do not act on what this portal served. Tell its operator, and compare 'mesh log status PORTAL' on another of your devices.",
        MeshStatus.AlreadyExists when e.Message.Contains("changed since", StringComparison.Ordinal) => "run 'mesh sync' and try again.",
        MeshStatus.ClientUnauthorized when e.Message.Contains("passphrase", StringComparison.OrdinalIgnoreCase) => "set MESH_PASSPHRASE or use --passphrase-file.",
        MeshStatus.ClientUnauthorized when e.Message.Contains("has been removed", StringComparison.Ordinal) =>
            "an administering device revoked it; to use it again, connect it as a new device with 'mesh device request NAME@PORTAL' and a new --home.",
        MeshStatus.ClientUnauthorized => "this device may not do that; an administering device of the account can.",
        MeshStatus.NotFound when e.Message.Contains(Client.MeshDevice.WaitingToJoin, StringComparison.Ordinal) =>
            "on an administering device, 'mesh device pending' lists the request and 'mesh device accept ID' accepts it.",
        MeshStatus.TooManyRequests or MeshStatus.ServerOverload => "the portal is busy; try again in a moment.",
        _ => null,
    };
}
