// Draft section 5.5: an application profile as its reader sees it once verified and decrypted.
using Mesh.Profiles;
using Mesh.Schema;

namespace Mesh.Applications;

/// <summary>An application profile whose signature was verified and whose private part was decrypted.</summary>
/// <param name="Entry">the application's entry in the personal profile</param>
/// <param name="Profile">the signed public part</param>
/// <param name="Private">the decrypted private part</param>
/// <param name="Signer">the device that signed this version</param>
/// <param name="Updated">when this version was sealed</param>
public sealed record OpenedApplication<TProfile, TPrivate>(
    ApplicationProfileEntry Entry,
    TProfile Profile,
    TPrivate Private,
    VerifiedDevice Signer,
    DateTimeOffset Updated)
    where TProfile : ApplicationProfile
    where TPrivate : class;
