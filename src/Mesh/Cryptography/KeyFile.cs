namespace Mesh.Cryptography;

/// <summary>
/// A service's long-term Ed25519 key in a PKCS#8 file (a portal's checkpoint key, a witness's cosigning key): read
/// from the file, or created there, readable by the owner only, on first start.
/// </summary>
public static class KeyFile
{
    /// <summary>Loads the key at <paramref name="path"/>, creating it first when the file does not exist.</summary>
    public static KeyPair LoadOrCreate(string path)
    {
        if (File.Exists(path)) return KeyPair.ImportPkcs8(File.ReadAllBytes(path));
        using var created = KeyPair.Generate(KeyAlgorithm.Ed25519, KeyExportPolicy.AllowExport);
        var pkcs8 = created.ExportPkcs8();
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var file = new FileStream(temporary, options))
        {
            file.Write(pkcs8);
            file.Flush(flushToDisk: true);
        }
        // A rename is atomic: a crash leaves either no key or the whole key, never half of one.
        File.Move(temporary, path, overwrite: false);
        return KeyPair.ImportPkcs8(File.ReadAllBytes(path));
    }
}
