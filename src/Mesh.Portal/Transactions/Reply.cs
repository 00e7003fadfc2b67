using Mesh.Schema;

namespace Mesh.Portal.Transactions;

/// <summary>A transaction's answer and, when it was rendered before, the exact JSON to send for it.</summary>
public sealed record Reply(MeshResponse Response, byte[]? Json = null)
{
    /// <summary>An answer still to be serialized.</summary>
    public static implicit operator Reply(MeshResponse response) => new(response);

    /// <summary>The same, for callers that cannot use the operator.</summary>
    public static Reply FromMeshResponse(MeshResponse response) => new(response);
}
