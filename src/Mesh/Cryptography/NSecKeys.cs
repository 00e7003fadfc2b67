using NSec.Cryptography;

namespace Mesh.Cryptography;

/// <summary>Shared handling of NSec keys: export policy and import with a clear error.</summary>
internal static class NSecKeys
{
    internal static KeyCreationParameters Parameters(KeyExportPolicy policy) => new()
    {
        ExportPolicy = policy == KeyExportPolicy.AllowExport ? KeyExportPolicies.AllowPlaintextExport : KeyExportPolicies.None,
    };

    internal static Key Import(NSec.Cryptography.Algorithm algorithm, ReadOnlySpan<byte> blob, KeyBlobFormat format, KeyExportPolicy policy, string what)
    {
        var parameters = Parameters(policy);
        return Key.TryImport(algorithm, blob, format, out var key, parameters)
            ? key!
            : throw new MeshException($"The {what} is malformed.");
    }
}
