using System.Security.Cryptography;

namespace Mesh.Cli.Tests.EndToEnd;

/// <summary>
/// Witnesses (C2SP tlog-witness) as they run: two mesh-witness processes cosign the checkpoints of a mesh-portal process,
/// and a device whose policy asks for both accepts that portal's log; a second portal given the same checkpoint key but
/// another history (a fork), and the first portal's store rolled back, are refused by the witnesses and by the device.
/// </summary>
public sealed class WitnessedLogEndToEndTests : IDisposable
{
    private const string Origin = PortalProcess.Domain + "/mmm";
    private readonly List<string> _folders = [];
    private readonly HttpClient _http = new();

    private string NewFolder(string name)
    {
        var folder = Directory.CreateTempSubdirectory($"mesh-witnessed-{name}-").FullName;
        _folders.Add(folder);
        return folder;
    }

    // Homes of its own: AppsProcess.DeleteAll belongs to the collection that shares AppsProcess.Root.
    private AppsProcess NewHome(string portalUrl) => new(Path.Combine(NewFolder("device"), "home"), portalUrl);

    private static AppsProcess WithPolicy(AppsProcess device, WitnessProcess w1, WitnessProcess w2, string wait)
    {
        device.Local.Ok("log", "policy", PortalProcess.Domain, "--witness", w1.Vkey, "--witness", w2.Vkey, "--quorum", "2", "--wait", wait);
        return device;
    }

    private static void AssertRefused(MeshRun run, string what)
    {
        Assert.True(run.Exit == 1, $"exit {run.Exit}: {run.Out}{run.Err}");
        Assert.Contains(what, run.Err, StringComparison.Ordinal);
    }

    private static async Task<string> WaitForCosignedAsync(HttpClient http, PortalProcess portal, int witnesses)
    {
        for (var i = 0; i < 100; i++)
        {
            var note = await http.GetStringAsync(new Uri(portal.Address, "/mmm/checkpoint"));
            if (note.Split('\n').Count(l => l.StartsWith("\u2014 witness.example/", StringComparison.Ordinal)) == witnesses) return note;
            await Task.Delay(100);
        }
        throw new TimeoutException("The portal's checkpoint was not cosigned within 10 s.");
    }

    [Fact]
    public async Task Two_witnesses_hold_the_portal_to_one_log()
    {
        var dataA = NewFolder("a");
        var vkey = await PortalProcess.VkeyAsync(dataA);
        using var w1 = await WitnessProcess.StartAsync("witness.example/w1", vkey);
        using var w2 = await WitnessProcess.StartAsync("witness.example/w2", vkey);
        string[] witnesses = ["--witnesses", $"{w1.PortalOption},{w2.PortalOption}", "--checkpoint-interval-ms", "200"];
        await using var a = await PortalProcess.StartAsync(dataA, witnesses);

        // Alice's device accepts the portal's log only as cosigned by both witnesses: the real mesh process, under the policy.
        var alice = NewHome(a.Url);
        alice.Local.Ok("profile", "create", "--account", $"alice@{PortalProcess.Domain}", "--description", "laptop");
        var wrong = alice.Local.Run("log", "policy", PortalProcess.Domain, "--witness", vkey);
        Assert.True(wrong.Exit != 0 && wrong.Err.Contains("is not a witness's cosigner key", StringComparison.Ordinal), wrong.Err);
        WithPolicy(alice, w1, w2, "10");
        Assert.Contains("2 of these 2 witnesses", alice.Ok("log", "policy", PortalProcess.Domain), StringComparison.Ordinal);
        alice.Ok("password", "add", "a.example.com", "alice", "--password", "1");
        alice.Ok("sync");
        alice.Ok("log", "verify", PortalProcess.Domain, "--tiles");
        var cosigned = await WaitForCosignedAsync(_http, a, 2);
        var held = await _http.GetStringAsync(new Uri(w1.Address, Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Origin))) + "/checkpoint"));
        Assert.Contains("\u2014 witness.example/w1 ", held, StringComparison.Ordinal);
        Assert.Contains($"\u2014 {Origin} ", held, StringComparison.Ordinal);

        // A fork: a second portal with the same checkpoint key and another history. The witnesses refuse to cosign it.
        var dataB = NewFolder("b");
        File.Copy(Path.Combine(dataA, "checkpoint-key.p8"), Path.Combine(dataB, "checkpoint-key.p8"));
        await using var b = await PortalProcess.StartAsync(dataB, witnesses);
        var mallory = NewHome(b.Url);
        mallory.Local.Ok("profile", "create", "--account", $"alice@{PortalProcess.Domain}", "--description", "forged");
        for (var i = 0; i < 3; i++) mallory.Local.Ok("password", "add", $"{i}.example.com", "alice", "--password", "x");
        await Task.Delay(1000); // B checkpoints and submits to the witnesses, which refuse
        var forkNote = await _http.GetStringAsync(new Uri(b.Address, "/mmm/checkpoint"));
        Assert.DoesNotContain("\u2014 witness.example/", forkNote, StringComparison.Ordinal);

        // A new device, which has seen neither log, refuses the fork under the policy and accepts the real log.
        var fresh = WithPolicy(NewHome(b.Url), w1, w2, "2");
        AssertRefused(fresh.Run("log", "status", PortalProcess.Domain), "witness policy asks for 2 of witness.example/w1, witness.example/w2");
        Assert.Contains("Tree size:", new AppsProcess(fresh.Home, a.Url).Ok("log", "status", PortalProcess.Domain), StringComparison.Ordinal);
        // Alice, who has seen the real log, refuses the fork too.
        AssertRefused(new AppsProcess(alice.Home, b.Url).Run("sync"), $"The portal {PortalProcess.Domain} misbehaved: ");

        // A rollback: the first portal's store put back as it was before Alice's last write.
        a.Stop();
        var dataOld = NewFolder("old");
        foreach (var file in Directory.GetFiles(dataA)) File.Copy(file, Path.Combine(dataOld, Path.GetFileName(file)));
        await a.RestartAsync();
        alice.Ok("password", "add", "b.example.com", "alice", "--password", "2");
        alice.Ok("sync");
        var newer = await WaitForCosignedAsync(_http, a, 2);
        Assert.NotEqual(cosigned, newer);
        a.Stop();
        await using var rolledBack = await PortalProcess.StartAsync(dataOld, witnesses);
        var oldNote = await _http.GetStringAsync(new Uri(rolledBack.Address, "/mmm/checkpoint"));
        var oldSize = oldNote.Split('\n')[1];
        // The witness holds the newer size and will not go back to the older one.
        using var rollback = await _http.PostAsync(new Uri(w1.Address, "add-checkpoint"), new StringContent($"old {oldSize}\n\n{oldNote}"));
        Assert.Equal(System.Net.HttpStatusCode.Conflict, rollback.StatusCode);
        Assert.Equal(newer.Split('\n')[1] + "\n", await rollback.Content.ReadAsStringAsync());
        var another = WithPolicy(NewHome(rolledBack.Url), w1, w2, "2");
        AssertRefused(another.Run("log", "status", PortalProcess.Domain), "the newest checkpoint it has had cosigned");
        AssertRefused(new AppsProcess(alice.Home, rolledBack.Url).Run("sync"), "rolled its log back");
    }

    public void Dispose()
    {
        _http.Dispose();
        foreach (var folder in _folders)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Cleaned with the temp folder eventually.
            }
        }
    }
}
