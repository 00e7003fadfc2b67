using System.Security.Cryptography;
using Mesh.Tests.Interop;

namespace Mesh.Tests.X509;

/// <summary>Runs the openssl command line tool (OpenSSL 3), the independent checker of the personal PKI.</summary>
public static class OpenSsl
{
    /// <summary>Whether openssl is on this machine's PATH.</summary>
    public static bool Available { get; } = ExternalTool.OnPath("openssl");

    /// <summary>Runs openssl in a folder; returns the exit code and stdout and stderr together.</summary>
    public static (int Code, string Output) Run(string folder, params string[] args)
    {
        var (code, stdout, stderr) = ExternalTool.Run("openssl", args, "", TimeSpan.FromMinutes(1), folder);
        return (code, stdout + stderr);
    }

    /// <summary>Writes DER as a PEM file with the label (CERTIFICATE, CERTIFICATE REQUEST) and returns its name.</summary>
    public static string WritePem(string folder, string name, string label, byte[] der)
    {
        File.WriteAllText(Path.Combine(folder, name), PemEncoding.WriteString(label, der) + "\n");
        return name;
    }

    /// <summary>Reads the DER inside a PEM file.</summary>
    public static byte[] ReadPem(string folder, string name)
    {
        var text = File.ReadAllText(Path.Combine(folder, name));
        var fields = PemEncoding.Find(text);
        return Convert.FromBase64String(text[fields.Base64Data]);
    }
}

/// <summary>
/// A fact that needs openssl: skipped with a reason where it is missing, except in CI (CI=true),
/// where .ci/run installs it and a missing openssl must fail loudly instead.
/// </summary>
public sealed class OpenSslFactAttribute : FactAttribute
{
    public OpenSslFactAttribute()
    {
        if (!OpenSsl.Available && Environment.GetEnvironmentVariable("CI") != "true")
            Skip = "openssl is not installed; .ci/run installs it (apt-get install openssl).";
    }
}

/// <summary>A temporary folder, deleted when disposed.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("mesh-x509-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
