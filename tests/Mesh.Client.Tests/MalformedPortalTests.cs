using System.Net;

namespace Mesh.Client.Tests;

/// <summary>A portal whose answers are well-formed messages but not what was asked for: a <see cref="MeshException"/>, never another exception.</summary>
public sealed class MalformedPortalTests
{
    [Fact]
    public async Task An_application_answered_without_its_item_fails_the_sync_with_a_MeshException()
    {
        await using var portal = await InProcessPortal.StartAsync();
        var a = await portal.AdministratorAsync();
        await TestApplications.AddPasswordsAsync(a, "p");
        var copy = portal.CopyOf("a", "copy", new EmptyApplicationGets());

        var e = await Assert.ThrowsAsync<MeshException>(() => copy.SyncAsync());
        Assert.Equal(MeshStatus.ServerInternal, e.Status);
    }

    // Answers every Get of an application by identifier with a success that carries no item.
    private sealed class EmptyApplicationGets() : DelegatingHandler(new HttpClientHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            if (body.Contains("\"GetRequest\"", StringComparison.Ordinal) && body.Contains("\"Identifier\"", StringComparison.Ordinal))
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{\"GetResponse\":{\"Status\":200}}") };
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
