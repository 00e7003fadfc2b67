using Mesh.Client.Ssh;
using Mesh.Ssh;

namespace Mesh.Client.Tests.Ssh;

/// <summary>A fact that needs OpenSSH: skipped where it is missing, except in CI, where .ci/run installs it.</summary>
public sealed class NeedsOpenSshFactAttribute : FactAttribute
{
    public NeedsOpenSshFactAttribute()
    {
        if (OpenSsh.SkipReason is { } reason) Skip = reason;
    }
}

/// <summary>Private key files as ssh-keygen writes them, read by the import.</summary>
public sealed class SshKeyImportTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mesh-ssh-import-").FullName;

    [NeedsOpenSshFact]
    public void Every_format_ssh_keygen_writes_imports_as_the_same_key()
    {
        (string Type, string Format, string Passphrase)[] files =
        [
            ("ed25519", "RFC4716", ""), ("ed25519", "RFC4716", "pass phrase"), ("ecdsa", "RFC4716", "pw"), ("ecdsa", "PEM", ""),
            ("ecdsa", "PKCS8", ""), ("rsa", "RFC4716", "pw"), ("rsa", "PEM", ""), ("rsa", "PKCS8", ""),
        ];
        foreach (var (type, format, passphrase) in files)
        {
            var path = Path.Combine(_folder, $"{type}-{format}-{passphrase.Length}");
            var made = OpenSsh.Run("ssh-keygen", ["-q", "-t", type, "-m", format, "-N", passphrase, "-C", "someone@example.com", "-f", path]);
            Assert.True(made.Code == 0, made.Stderr);
            var (key, comment) = SshKeyImport.Read(File.ReadAllBytes(path), passphrase);
            using (key)
            {
                Assert.True(SshPublicKey.TryParseLine(File.ReadAllText(path + ".pub"), out var expected, out _, out _));
                Assert.Equal(expected, key.PublicKey);
                if (format == "RFC4716") Assert.Equal("someone@example.com", comment);
                Assert.True(key.PublicKey.Verify("x"u8, key.Sign("x"u8, SshSignatureOptions.RsaSha512)));
            }
        }
    }

    [NeedsOpenSshFact]
    public void A_missing_or_wrong_passphrase_is_a_clear_refusal()
    {
        var path = Path.Combine(_folder, "locked");
        Assert.Equal(0, OpenSsh.Run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "right", "-f", path]).Code);
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(MeshStatus.ClientUnauthorized, Assert.Throws<MeshException>(() => SshKeyImport.Read(bytes, null)).Status);
        Assert.Equal(MeshStatus.BadRequest, Assert.Throws<MeshException>(() => SshKeyImport.Read(bytes, "wrong")).Status);
    }

    [Fact]
    public void Junk_truncated_and_oversized_files_are_refused()
    {
        using var key = SshKeyPair.Generate(SshKeyType.Ed25519);
        var good = System.Text.Encoding.ASCII.GetBytes(key.ExportOpenSsh("c"));
        var (again, comment) = SshKeyImport.Read(good, null);
        using (again) Assert.Equal(key.PublicKey, again.PublicKey);
        Assert.Equal("c", comment);
        foreach (var bad in new[] { "not a key"u8.ToArray(), good[..(good.Length / 2)], [], new byte[SshKeyImport.MaxFileBytes + 1],
                     System.Text.Encoding.ASCII.GetBytes("-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n") })
            Assert.Equal(MeshStatus.BadRequest, Assert.Throws<MeshException>(() => SshKeyImport.Read(bad, null)).Status);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
