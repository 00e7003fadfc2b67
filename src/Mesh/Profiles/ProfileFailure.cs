namespace Mesh.Profiles;

/// <summary>Why a profile failed verification; each check of the chain of trust has its own reason.</summary>
public enum ProfileFailure
{
    /// <summary>The bytes are not a well-formed profile of the expected type.</summary>
    Malformed,
    /// <summary>The master profile's signature does not verify under the master signing key it lists.</summary>
    MasterSignatureInvalid,
    /// <summary>A certificate is malformed, not issued by the key it should be, or not valid now.</summary>
    CertificateInvalid,
    /// <summary>A key's UDF, or an identifier derived from it, is not what the draft requires.</summary>
    IdentifierMismatch,
    /// <summary>The personal profile is signed by a key that is not an online signature key of its master profile.</summary>
    SignerNotListed,
    /// <summary>The personal profile's signature does not verify (tampered payload or forged signature).</summary>
    SignatureInvalid,
    /// <summary>A device profile is not signed by its own device signature key.</summary>
    DeviceNotSelfSigned,
    /// <summary>The profile is bound to another master signing key than the version seen before.</summary>
    MasterProfileChanged,
    /// <summary>The profile's <c>Updated</c> is earlier than that of the version seen before.</summary>
    RolledBack,
    /// <summary>An application entry names a device that is not in the profile.</summary>
    UnknownDevice,
}

/// <summary>A failed check of the chain of trust: which check and a message for the user.</summary>
public sealed record ProfileProblem(ProfileFailure Failure, string Message)
{
    /// <summary>The Mesh status a portal answers: 400 for malformed input, 409 for a rolled-back version, 401 otherwise.</summary>
    public MeshStatus Status => Failure switch
    {
        ProfileFailure.Malformed => MeshStatus.BadRequest,
        ProfileFailure.RolledBack => MeshStatus.AlreadyExists,
        _ => MeshStatus.ClientUnauthorized,
    };

    /// <summary>The problem as the one exception for untrusted input.</summary>
    public MeshException ToMeshException() => new(Status, Message);
}

/// <summary>Carries a <see cref="ProfileProblem"/> out of the depths of a verification to its public entry point.</summary>
internal sealed class ProfileVerificationException(ProfileFailure failure, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public ProfileVerificationException(string message, Exception? inner = null) : this(ProfileFailure.Malformed, message, inner) { }

    public ProfileProblem Problem => new(failure, Message);
}
