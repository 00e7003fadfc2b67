namespace Mesh.Client.Tests;

/// <summary>Draft 5.1.3: a profile found by a term its owner added, through the term's fingerprint.</summary>
public sealed class NameTests
{
    [Fact]
    public async Task Someone_who_knows_the_address_finds_the_profile()
    {
        await using var portal = await InProcessPortal.StartAsync();
        var alice = await portal.AdministratorAsync();
        var fingerprint = await alice.AddNameAsync("Alice@Wonderland.example");
        Assert.Contains(fingerprint, alice.Profile.Profile.Names!);
        // Draft 5.1.3: the new version carries the checkpoint it was made after as its NotaryToken.
        var token = alice.Profile.Profile.NotaryToken!;
        var key = Mesh.X509.PersonalCertificates.Read(alice.Home.ReadState().Checkpoints!["example.com"].KeyCertificate).SubjectKey;
        Assert.True(Mesh.Transparency.SignedCheckpoints.Verify(token, key, "example.com").TreeSize >= 1);

        var stranger = portal.Device("stranger");
        var found = await stranger.FindAsync("alice@wonderland.example@example.com");
        Assert.Equal(alice.Profile.Identifier, found.Identifier);
        var e = await Assert.ThrowsAsync<MeshException>(() => stranger.FindAsync("bob@wonderland.example@example.com"));
        Assert.Equal(MeshStatus.NotFound, e.Status);
    }
}
