// An OpenSSH agent (draft-ietf-sshm-ssh-agent) on a Unix socket, answering from the SSH profile.
using System.Buffers.Binary;
using System.Net.Sockets;
using Mesh.Ssh;

namespace Mesh.Client.Ssh;

/// <summary>
/// Serves the agent protocol on a Unix socket (mode 0600) to any number of clients at once (up to
/// <see cref="MaxConnections"/>; more are closed at once). Each message is answered by
/// <see cref="SshAgentProtocol.Respond"/> with the identities <paramref name="identities"/> gives at
/// that moment. A message longer than <see cref="SshAgentProtocol.MaxMessageBytes"/> ends its
/// connection, as in OpenSSH's agent; nothing a client sends stops the agent serving the others.
/// </summary>
/// <param name="socketPath">the socket to listen on; a stale socket file there is replaced, a live one is an error</param>
/// <param name="identities">the keys to offer, asked for on each request</param>
/// <param name="confirm">asked before each signature, or null to sign without asking</param>
public sealed class SshAgent(string socketPath, Func<IReadOnlyList<SshAgentIdentity>> identities, Func<SshAgentIdentity, bool>? confirm = null)
{
    /// <summary>How many clients may be connected at once.</summary>
    public int MaxConnections { get; init; } = 64;

    /// <summary>The socket the agent listens on.</summary>
    public string SocketPath { get; } = Path.GetFullPath(socketPath);

    private readonly Lock _confirmLock = new();

    /// <summary>Listens until <paramref name="cancel"/> is cancelled; then removes the socket file.</summary>
    /// <param name="started">called once the socket accepts connections</param>
    /// <param name="cancel">stops the agent</param>
    /// <exception cref="MeshException">another agent listens on the socket, or it cannot be made</exception>
    public async Task RunAsync(Action? started = null, CancellationToken cancel = default)
    {
        using var listener = Listen();
        started?.Invoke();
        using var slots = new SemaphoreSlim(MaxConnections);
        var clients = new List<Task>();
        try
        {
            while (!cancel.IsCancellationRequested)
            {
                var client = await listener.AcceptAsync(cancel).ConfigureAwait(false);
                if (!slots.Wait(0, CancellationToken.None))
                {
                    client.Dispose();
                    continue;
                }
                clients.RemoveAll(t => t.IsCompleted);
                clients.Add(Task.Run(async () =>
                {
                    try
                    {
                        await ServeAsync(client, cancel).ConfigureAwait(false);
                    }
                    finally
                    {
                        client.Dispose();
                        slots.Release();
                    }
                }, CancellationToken.None));
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested) { }
        finally
        {
            listener.Close();
            await Task.WhenAll(clients).ConfigureAwait(false);
            try
            {
                File.Delete(SocketPath);
            }
            catch (IOException)
            {
                // Its folder went first (a temporary one, removed by whoever stops the agent).
            }
        }
    }

    private Socket Listen()
    {
        if (File.Exists(SocketPath))
        {
            using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                probe.Connect(new UnixDomainSocketEndPoint(SocketPath));
                throw new MeshException(MeshStatus.AlreadyExists, $"An agent already listens on {SocketPath}.");
            }
            catch (SocketException)
            {
                File.Delete(SocketPath); // left by an agent that did not stop cleanly
            }
        }
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
            // The socket lets whoever connects sign as the person: the owner's alone. Its folder (the
            // home, or XDG_RUNTIME_DIR) is the owner's too, so nobody connects before this.
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(SocketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            listener.Listen(128);
            return listener;
        }
        catch (SocketException e)
        {
            listener.Dispose();
            throw new MeshException(MeshStatus.BadRequest, $"Cannot listen on {SocketPath}: {e.Message}");
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken cancel)
    {
        using var stream = new NetworkStream(client, ownsSocket: false);
        var header = new byte[4];
        try
        {
            while (!cancel.IsCancellationRequested)
            {
                if (!await ReadExactlyAsync(stream, header, cancel).ConfigureAwait(false)) return;
                var length = BinaryPrimitives.ReadUInt32BigEndian(header);
                if (length > SshAgentProtocol.MaxMessageBytes) return;
                var message = new byte[length];
                if (!await ReadExactlyAsync(stream, message, cancel).ConfigureAwait(false)) return;
                var response = Answer(message);
                await stream.WriteAsync(SshAgentProtocol.Frame(response), cancel).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException) { }
    }

    private byte[] Answer(byte[] message)
    {
        IReadOnlyList<SshAgentIdentity> offered;
        try
        {
            offered = identities();
        }
        catch (Exception e) when (e is MeshException or IOException or UnauthorizedAccessException)
        {
            offered = []; // a home being rewritten, or a profile that does not open: nothing to offer right now
        }
        if (confirm is null) return SshAgentProtocol.Respond(message, offered);
        // One question on the terminal at a time.
        return SshAgentProtocol.Respond(message, offered, identity =>
        {
            lock (_confirmLock) return confirm(identity);
        });
    }

    // False when the client closed the connection first.
    private static async Task<bool> ReadExactlyAsync(NetworkStream stream, byte[] buffer, CancellationToken cancel)
    {
        var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancel).ConfigureAwait(false);
        return read == buffer.Length;
    }
}
