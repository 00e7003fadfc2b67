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

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_answer_larger_than_a_Mesh_response_may_be_is_refused_without_reading_it_all(bool announced)
    {
        var endless = new Endless();
        var content = new StreamContent(endless);
        if (announced) content.Headers.ContentLength = Endless.Size;
        using var http = new HttpClient(new Fixed(new HttpResponseMessage(HttpStatusCode.OK) { Content = content }));
        using var client = new Mesh.Client.Portal.PortalClient("example.com", new Uri("http://127.0.0.1:1"), http);

        var e = await Assert.ThrowsAsync<MeshException>(() => client.SendAsync<Mesh.Schema.HelloResponse>(new Mesh.Schema.HelloRequest()));
        Assert.Equal(MeshStatus.ServerInternal, e.Status);
        Assert.Contains("larger than", e.Message, StringComparison.Ordinal);
        Assert.True(endless.Position <= Mesh.Client.Portal.PortalClient.MaxResponseBytes + 81920, $"{endless.Position} bytes were read.");
    }

    private sealed class Fixed(HttpResponseMessage answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => Task.FromResult(answer);
    }

    // 1 GiB of spaces, made as they are read.
    private sealed class Endless : Stream
    {
        public const long Size = 1L << 30;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get; set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, Size - Position);
            buffer.AsSpan(offset, n).Fill((byte)' ');
            Position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
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
