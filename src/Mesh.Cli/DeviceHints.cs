namespace Mesh.Cli;

/// <summary>
/// What a user can do when a <c>mesh device …</c> command fails: a hint chosen for the command and
/// the refusal, else the general one (<see cref="Hints"/>), printed as <c>mesh: hint:</c>.
/// </summary>
internal static class DeviceHints
{
    /// <summary>Runs a command's action; a refusal becomes a <see cref="CliException"/> with the best hint.</summary>
    public static async Task<int> Run(Func<MeshException, string?> hint, Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (MeshException e)
        {
            throw new CliException(e.Message, hint(e) ?? Hints.For(e));
        }
    }

    /// <summary>Runs a command's synchronous action; a refusal becomes a <see cref="CliException"/> with the best hint.</summary>
    public static int Run(Func<MeshException, string?> hint, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (MeshException e)
        {
            throw new CliException(e.Message, hint(e) ?? Hints.For(e));
        }
    }

    /// <summary>For <c>mesh device list</c>.</summary>
    public static string? List(MeshException e) => e.Status == MeshStatus.NotFound
        ? "this home has no device of a profile yet: 'mesh profile create' makes one, 'mesh device request NAME@PORTAL' joins one."
        : null;

    /// <summary>For <c>mesh device request</c>.</summary>
    public static string? Request(MeshException e) => e.Status switch
    {
        MeshStatus.AlreadyExists when e.Message.Contains("already asked", StringComparison.Ordinal) =>
            "run 'mesh device complete' to learn the answer.",
        MeshStatus.AlreadyExists when e.Message.Contains("already has a request pending", StringComparison.Ordinal) =>
            "this device asked before; answer that request on an administering device, or ask again from a new --home.",
        MeshStatus.AlreadyExists => "a new device needs an empty home: give another --home DIR (or set MESH_HOME).",
        MeshStatus.BadRequest when e.Message.Contains("PIN", StringComparison.Ordinal) =>
            "type the PIN exactly as 'mesh device pin' printed it on the administering device.",
        MeshStatus.NotFound => "check the account name, NAME@PORTAL, and that the account was created ('mesh account create').",
        _ => null,
    };

    /// <summary>For <c>mesh device complete</c>.</summary>
    public static string? Complete(MeshException e) => e.Status switch
    {
        MeshStatus.NotFound when e.Message.Contains("no connection request", StringComparison.Ordinal) =>
            "ask first with 'mesh device request NAME@PORTAL'.",
        MeshStatus.NotFound when e.Message.Contains("does not list this device", StringComparison.Ordinal) =>
            "run 'mesh device accept ID' again on the administering device, then 'mesh device complete' here.",
        MeshStatus.ClientUnauthorized when e.Message.StartsWith("The answer", StringComparison.Ordinal) || e.Message.Contains("now bound to profile", StringComparison.Ordinal) =>
            "this answer cannot be trusted: do not use this device with the account, and check 'mesh device list' on an administering device.",
        _ => null,
    };

    /// <summary>For the administering device's commands: pending, accept, reject, pin, revoke.</summary>
    public static string? Administer(MeshException e) => e.Status switch
    {
        MeshStatus.ClientUnauthorized when e.Message.Contains("does not administer", StringComparison.Ordinal)
            || e.Message.Contains("does not hold the profile's online signing key", StringComparison.Ordinal) =>
            "run this on an administering device of the account: the one that created the profile ('mesh device list' marks them).",
        MeshStatus.NotFound when e.Message.Contains("is waiting to join", StringComparison.Ordinal) =>
            "'mesh device pending' lists the devices waiting; a request answered once cannot be answered again.",
        MeshStatus.NotFound when e.Message.Contains("has no device", StringComparison.Ordinal) =>
            "'mesh device list' lists the devices of the profile (run 'mesh sync' first for the latest).",
        MeshStatus.NotFound when e.Message.Contains("no account yet", StringComparison.Ordinal) =>
            "create the account first: 'mesh account create NAME@PORTAL'.",
        MeshStatus.BadRequest when e.Message.Contains("this device", StringComparison.Ordinal) =>
            "revoke it from another administering device, or simply delete its home folder.",
        _ => null,
    };
}
