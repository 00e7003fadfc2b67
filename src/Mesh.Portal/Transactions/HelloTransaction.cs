using Mesh.Schema;

namespace Mesh.Portal.Transactions;

/// <summary>Draft 7.5: the protocol versions and encodings the portal speaks.</summary>
public static class HelloTransaction
{
    /// <summary>The protocol version this portal speaks: that of draft-hallambaker-mesh-reference-03.</summary>
    public static readonly Schema.Version Version = new()
    {
        Major = 3,
        Minor = 0,
        Encodings = [new Schema.Encoding { ID = ["application/json"] }],
    };

    /// <summary>Answers a Hello.</summary>
    public static HelloResponse Handle(RequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new HelloResponse
        {
            Status = (int)MeshStatus.SuccessOK,
            StatusDescription = $"Mesh portal {context.Services.Options.Domain}",
            Version = Version with { URI = [$"https://{context.Services.Options.Domain}/.well-known/mmm/"] },
            CheckpointKey = context.Services.CheckpointKey,
            CheckpointNoteKey = context.Services.Checkpoints.NoteKey.ToString(),
        };
    }
}
