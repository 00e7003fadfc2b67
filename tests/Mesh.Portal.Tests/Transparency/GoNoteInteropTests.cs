using System.Diagnostics;
using Mesh.Schema;
using Mesh.Transparency;
using Mesh.X509;

namespace Mesh.Portal.Tests.Transparency;

/// <summary>
/// The portal's checkpoint, as the C2SP signed note it serves at <c>GET /checkpoint</c>, verified by the Go
/// project's own golang.org/x/mod/sumdb/note (tests/interop/checkpoint, built offline against Debian's
/// golang-golang-x-mod-dev): what a transparency monitor or witness would run.
/// </summary>
public sealed class GoNoteInteropTests
{
    [GoFact]
    public async Task Go_s_signed_note_code_verifies_the_portal_s_checkpoint_and_reads_the_same_tree()
    {
        await using var portal = await TestPortal.StartAsync();
        using var client = portal.Client();
        using var alice = new TestAccount("alice");
        await alice.CreateAsync(client);
        portal.Services().Checkpoints.MakeIfBehind();

        var hello = await client.SendAsync<HelloResponse>(new HelloRequest());
        Assert.True(NoteVerifierKey.TryParse(hello.CheckpointNoteKey, out var vkey));
        // The note key is the checkpoint key clients already pin.
        Assert.Equal(PersonalCertificates.Read(hello.CheckpointKey!.X509Certificate!).SubjectKey, vkey.Key);
        var status = await client.SendAsync<StatusResponse>(new StatusRequest());
        var checkpoint = SignedCheckpoints.Verify(status.CheckpointValue!, vkey.Key, TestPortal.Domain);
        Assert.True(SignedNote.TryOpen(status.CheckpointNote, vkey, out var text));
        Assert.Equal(CheckpointNote.Text("example.com/mmm", checkpoint), text);

        var (exit, output, error) = await Go.RunAsync("checkpoint", portal.Url, vkey.ToString());
        Assert.True(exit == 0, error);
        Assert.Equal($"example.com/mmm {checkpoint.TreeSize} {Convert.ToHexStringLower(checkpoint.RootHash!)}\n", output);

        // A key of the same name that is not the portal's is refused by Go too.
        using var other = Cryptography.KeyPair.Generate(Cryptography.KeyAlgorithm.Ed25519);
        var (refused, _, why) = await Go.RunAsync("checkpoint", portal.Url, NoteVerifierKey.For("example.com/mmm", other.PublicKey).ToString());
        Assert.Equal(1, refused);
        Assert.Contains("open:", why, StringComparison.Ordinal);
    }
}

/// <summary>Runs the Go programs of tests/interop offline, in GOPATH mode against Debian's Go packages.</summary>
internal static class Go
{
    private const string Packages = "/usr/share/gocode";

    /// <summary>Whether go and x/mod's sumdb/note are installed.</summary>
    public static bool Available => File.Exists("/usr/bin/go") && Directory.Exists(Path.Combine(Packages, "src/golang.org/x/mod/sumdb/note"));

    /// <summary>Runs tests/interop/<paramref name="program"/> with <paramref name="args"/>; returns its exit code and output.</summary>
    public static async Task<(int Exit, string Out, string Err)> RunAsync(string program, params string[] args)
    {
        var info = new ProcessStartInfo("go") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.Combine(Repository.Root, "tests", "interop", program) };
        foreach (var a in (string[])["run", ".", .. args]) info.ArgumentList.Add(a);
        info.Environment["GOPATH"] = Packages;
        info.Environment["GO111MODULE"] = "off";
        info.Environment["GOPROXY"] = "off";
        info.Environment["GOFLAGS"] = "";
        info.Environment["GOCACHE"] = Path.Combine(Path.GetTempPath(), "mesh-go-cache");
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        return (process.ExitCode, await output, await error);
    }
}

/// <summary>A fact that needs Go and x/mod: skipped where they are missing, except in CI (CI=true), where .ci/run installs them.</summary>
public sealed class GoFactAttribute : FactAttribute
{
    public GoFactAttribute()
    {
        if (!Go.Available && Environment.GetEnvironmentVariable("CI") != "true")
            Skip = "Go and golang.org/x/mod are not installed; .ci/run installs them (apt-get install golang-go golang-golang-x-mod-dev).";
    }
}
