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
        var copy = portal.CopyOf("a", "copy", new Answering(body => body.Contains("\"GetRequest\"", StringComparison.Ordinal) && body.Contains("\"Identifier\"", StringComparison.Ordinal),
            "{\"GetResponse\":{\"Status\":200}}"));

        var e = await Assert.ThrowsAsync<MeshException>(() => copy.SyncAsync());
        Assert.Equal(MeshStatus.ServerInternal, e.Status);
    }

    [Fact]
    public async Task A_log_transfer_page_that_brings_nothing_but_names_a_next_page_is_not_followed_forever()
    {
        await using var portal = await InProcessPortal.StartAsync();
        var device = portal.Device("auditor", new Answering(body => body.Contains("\"TransferRequest\"", StringComparison.Ordinal),
            "{\"TransferResponse\":{\"Status\":200,\"PageKey\":\"again\"}}"));

        var e = await Assert.ThrowsAsync<MeshException>(() => device.LogVerifyAsync("example.com"));
        Assert.Equal(MeshStatus.ServerInternal, e.Status);
        Assert.Contains("not following it", e.Message, StringComparison.Ordinal);
    }

    // Answers the requests whose body matches with a fixed answer; passes the others to the portal.
    private sealed class Answering(Func<string, bool> matches, string answer) : DelegatingHandler(new HttpClientHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            return matches(body)
                ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(answer) }
                : await base.SendAsync(request, cancellationToken);
        }
    }
}
