using System.Net;
using System.Security.Cryptography;
using Mesh.Cryptography;
using Mesh.Transparency;

namespace Mesh.Portal.Tests.Transparency;

/// <summary>The mesh-witness process over HTTP: hostile requests get a clear status, and it keeps cosigning.</summary>
public sealed class WitnessProcessTests
{
    [Fact]
    public async Task Hostile_requests_are_refused_and_the_witness_keeps_serving()
    {
        using var logKey = KeyPair.Generate(KeyAlgorithm.Ed25519);
        var log = NoteVerifierKey.For("example.com/mmm", logKey.PublicKey);
        using var witness = await WitnessProcess.StartAsync("witness.example/w1", log.ToString());
        using var http = new HttpClient { BaseAddress = witness.Address };

        using var huge = await http.PostAsync("add-checkpoint", new ByteArrayContent(new byte[AddCheckpointRequest.MaxBytes + 1]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        using var notUtf8 = await http.PostAsync("add-checkpoint", new ByteArrayContent([0x6f, 0x6c, 0x64, 0x20, 0xff, 0xfe, 0x0a, 0x0a]));
        Assert.Equal(HttpStatusCode.BadRequest, notUtf8.StatusCode);
        using var garbage = await http.PostAsync("add-checkpoint", new StringContent("old 0\n\nnot a checkpoint"));
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        Assert.Contains("not a signed note", await garbage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var get = await http.GetAsync("add-checkpoint");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);

        var text = $"example.com/mmm\n0\n{Convert.ToBase64String(SHA256.HashData([]))}\n";
        using var ok = await http.PostAsync("add-checkpoint", new StringContent("old 0\n\n" + SignedNote.Sign(text, log, logKey)));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.True(NoteVerifierKey.TryParse(witness.Vkey, out var cosigner));
        Assert.Single(Cosignature.Verify(text + "\n" + await ok.Content.ReadAsStringAsync(), [cosigner]));
        var origin = Convert.ToHexStringLower(SHA256.HashData("example.com/mmm"u8));
        Assert.StartsWith(text, await http.GetStringAsync($"{origin}/checkpoint"), StringComparison.Ordinal);
        using var unknown = await http.GetAsync($"{new string('0', 64)}/checkpoint");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
