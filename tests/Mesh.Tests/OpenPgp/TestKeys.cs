using Mesh.OpenPgp;

namespace Mesh.Tests.OpenPgp;

/// <summary>One key pair of each algorithm per test run: RSA generation costs a fraction of a second each time.</summary>
internal static class TestKeys
{
    public const string Name = "Alice Example";
    public const string Email = "alice@example.com";
    public const string UserId = "Alice Example <alice@example.com>";
    public static readonly DateTimeOffset Created = new(2025, 3, 14, 15, 9, 26, TimeSpan.Zero);

    /// <summary>Not ASCII, so the UTF-8 encoding of passphrases is tested too.</summary>
    public const string Passphrase = "correct horse ✓ battery";

    private static readonly Lazy<OpenPgpSecretKey> Ed25519 = new(() => OpenPgpKeys.Generate(Name, Email, Created));
    private static readonly Lazy<OpenPgpSecretKey> Rsa = new(() => OpenPgpKeys.Generate(Name, Email, Created, OpenPgpAlgorithm.Rsa3072));

    public static OpenPgpSecretKey For(OpenPgpAlgorithm algorithm) =>
        algorithm == OpenPgpAlgorithm.Ed25519 ? Ed25519.Value : Rsa.Value;
}
