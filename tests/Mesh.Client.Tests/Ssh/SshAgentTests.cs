using System.Buffers.Binary;
using System.Net.Sockets;
using Mesh.Client.Ssh;
using Mesh.Ssh;

namespace Mesh.Client.Tests.Ssh;

/// <summary>The agent's socket: its mode, and that no client, however hostile, stops it serving the others.</summary>
public sealed class SshAgentTests : IAsyncLifetime, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mesh-agent-").FullName;
    private readonly SshKeyPair _key = SshKeyPair.Generate(SshKeyType.Ed25519);
    private readonly CancellationTokenSource _stop = new();
    private Task? _running;
    private SshAgent? _agent;

    public async Task InitializeAsync()
    {
        var started = new TaskCompletionSource();
        _agent = new SshAgent(Path.Combine(_folder, "agent.sock"), () => [new SshAgentIdentity(_key, "test")]) { MaxConnections = 8 };
        _running = _agent.RunAsync(started.SetResult, _stop.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void The_socket_is_the_owners_alone()
    {
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_agent!.SocketPath));
    }

    [Fact]
    public async Task A_second_agent_on_the_same_socket_is_refused()
    {
        var second = new SshAgent(_agent!.SocketPath, () => []);
        var refused = await Assert.ThrowsAsync<MeshException>(() => second.RunAsync());
        Assert.Contains("already listens", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Oversized_truncated_and_idle_clients_do_not_stop_it_serving()
    {
        // A length over the limit ends that connection only.
        using (var huge = await ConnectAsync())
        {
            await huge.SendAsync(new byte[] { 0x7f, 0xff, 0xff, 0xff, 11 });
            Assert.True(await ClosedAsync(huge));
        }
        // Half a message, then the client goes away.
        using (var half = await ConnectAsync()) await half.SendAsync(new byte[] { 0, 0, 0, 9, 13, 0 });
        // More idle clients than the agent serves at once: the extra ones are closed, the agent goes on.
        var idle = new List<Socket>();
        for (var i = 0; i < 12; i++)
        {
            try
            {
                idle.Add(await ConnectAsync());
            }
            catch (SocketException)
            {
                // A flood may fill the listen queue; the agent is still there for the next client.
            }
        }
        foreach (var s in idle) s.Dispose();

        // Once the idle ones are gone, many messages on one connection, good and bad, each answered in order.
        using var client = await ConnectServedAsync();
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(SshAgentProtocol.IdentitiesAnswer, (await RoundTripAsync(client, [SshAgentProtocol.RequestIdentities]))[0]);
            Assert.Equal(new byte[] { SshAgentProtocol.Failure }, await RoundTripAsync(client, [19]));
            var sign = new SshWriter().Byte(SshAgentProtocol.SignRequest).Bytes(_key.PublicKey.BlobSpan).Bytes("data"u8).Number(0).ToArray();
            var signed = await RoundTripAsync(client, sign);
            Assert.Equal(SshAgentProtocol.SignResponse, signed[0]);
            Assert.True(Verifies(signed));
        }
    }

    // Closed by the agent: an end of stream, or a reset when it left bytes unread.
    private static async Task<bool> ClosedAsync(Socket socket)
    {
        try
        {
            return await socket.ReceiveAsync(new byte[16]).WaitAsync(TimeSpan.FromSeconds(10)) == 0;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return true;
        }
    }

    private bool Verifies(byte[] signResponse)
    {
        var reader = new SshReader(signResponse.AsSpan(1));
        return _key.PublicKey.Verify("data"u8, reader.Bytes());
    }

    // A connection the agent serves: while it is still closing the connections of a flood, a new one may be closed at once.
    private async Task<Socket> ConnectServedAsync()
    {
        for (var attempt = 0; ; attempt++)
        {
            var socket = await ConnectAsync();
            try
            {
                await RoundTripAsync(socket, [SshAgentProtocol.RequestIdentities]);
                return socket;
            }
            catch (Exception e) when (e is IOException or SocketException && attempt < 100)
            {
                socket.Dispose();
                await Task.Delay(100);
            }
        }
    }

    private async Task<Socket> ConnectAsync()
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(_agent!.SocketPath));
        return socket;
    }

    private static async Task<byte[]> RoundTripAsync(Socket socket, byte[] message)
    {
        await socket.SendAsync(SshAgentProtocol.Frame(message));
        var header = new byte[4];
        await ReceiveExactlyAsync(socket, header);
        var body = new byte[BinaryPrimitives.ReadUInt32BigEndian(header)];
        await ReceiveExactlyAsync(socket, body);
        return body;
    }

    private static async Task ReceiveExactlyAsync(Socket socket, byte[] buffer)
    {
        for (var read = 0; read < buffer.Length;)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read)).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            if (n == 0) throw new IOException("The agent closed the connection.");
            read += n;
        }
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running!.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(File.Exists(_agent!.SocketPath));
        Directory.Delete(_folder, recursive: true);
    }

    public void Dispose()
    {
        _stop.Dispose();
        _key.Dispose();
    }
}
