// draft-ietf-sshm-ssh-agent (OpenSSH's PROTOCOL.agent): the messages an agent answers. This agent
// lists and signs with the keys it is given; it adds, removes and locks nothing.
using System.Buffers.Binary;

namespace Mesh.Ssh;

/// <summary>A key the agent offers: the key pair and the comment it is listed with.</summary>
/// <param name="Key">the key pair</param>
/// <param name="Comment">the comment shown by <c>ssh-add -l</c></param>
public sealed record SshAgentIdentity(SshKeyPair Key, string Comment);

/// <summary>
/// Answers one agent request (the message without its length prefix) with one response. Pure:
/// every message, however malformed, gets SSH_AGENT_FAILURE or an answer, never an exception.
/// </summary>
public static class SshAgentProtocol
{
    /// <summary>The largest message accepted, as OpenSSH's agent (AGENT_MAX_LEN): a longer one ends the connection.</summary>
    public const int MaxMessageBytes = 256 * 1024;

    /// <summary>SSH_AGENT_FAILURE.</summary>
    public const byte Failure = 5;
    /// <summary>SSH_AGENTC_REQUEST_IDENTITIES.</summary>
    public const byte RequestIdentities = 11;
    /// <summary>SSH_AGENT_IDENTITIES_ANSWER.</summary>
    public const byte IdentitiesAnswer = 12;
    /// <summary>SSH_AGENTC_SIGN_REQUEST.</summary>
    public const byte SignRequest = 13;
    /// <summary>SSH_AGENT_SIGN_RESPONSE.</summary>
    public const byte SignResponse = 14;

    private static readonly byte[] FailureMessage = [Failure];

    /// <summary>
    /// The response to <paramref name="request"/>. REQUEST_IDENTITIES lists <paramref name="identities"/>;
    /// SIGN_REQUEST signs with the one whose public key blob it names, once <paramref name="confirm"/> (when given)
    /// agrees. Everything else (add, remove, lock, extensions, unknown or malformed messages, an RSA
    /// signature that would use SHA-1) is answered with SSH_AGENT_FAILURE.
    /// </summary>
    public static byte[] Respond(ReadOnlySpan<byte> request, IReadOnlyList<SshAgentIdentity> identities, Func<SshAgentIdentity, bool>? confirm = null)
    {
        ArgumentNullException.ThrowIfNull(identities);
        if (request.IsEmpty) return FailureMessage;
        try
        {
            var reader = new SshReader(request[1..]);
            switch (request[0])
            {
                case RequestIdentities:
                    reader.End();
                    var answer = new SshWriter().Byte(IdentitiesAnswer).Number((uint)identities.Count);
                    foreach (var identity in identities) answer.Bytes(identity.Key.PublicKey.BlobSpan).Text(identity.Comment);
                    return answer.ToArray();
                case SignRequest:
                    var blob = reader.Bytes();
                    var data = reader.Bytes();
                    var flags = (SshSignatureOptions)reader.Number();
                    reader.End();
                    var signer = Find(identities, blob);
                    if (signer is null || (confirm is not null && !confirm(signer))) return FailureMessage;
                    return new SshWriter().Byte(SignResponse).Bytes(signer.Key.Sign(data, flags)).ToArray();
                default:
                    return FailureMessage;
            }
        }
        catch (Exception e) when (e is FormatException or NotSupportedException or System.Security.Cryptography.CryptographicException)
        {
            return FailureMessage;
        }
    }

    /// <summary>A message framed for the socket: its length as a big-endian uint32, then the message.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> message)
    {
        var framed = new byte[4 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(framed, (uint)message.Length);
        message.CopyTo(framed.AsSpan(4));
        return framed;
    }

    private static SshAgentIdentity? Find(IReadOnlyList<SshAgentIdentity> identities, ReadOnlySpan<byte> blob)
    {
        foreach (var identity in identities)
            if (identity.Key.PublicKey.BlobSpan.SequenceEqual(blob)) return identity;
        return null;
    }
}
