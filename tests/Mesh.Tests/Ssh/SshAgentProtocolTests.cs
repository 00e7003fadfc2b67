using Mesh.Ssh;

namespace Mesh.Tests.Ssh;

/// <summary>The agent's answers, and its hostile-input battery: whatever a client sends, an answer and no exception.</summary>
public sealed class SshAgentProtocolTests : IDisposable
{
    private readonly SshKeyPair _ed = SshKeyPair.Generate(SshKeyType.Ed25519);
    private readonly SshKeyPair _ec = SshKeyPair.Generate(SshKeyType.EcdsaP256);

    private IReadOnlyList<SshAgentIdentity> Identities => [new(_ed, "alice@example.com"), new(_ec, "alice@example.com laptop")];

    [Fact]
    public void Request_identities_lists_each_key_with_its_comment()
    {
        var answer = SshAgentProtocol.Respond([SshAgentProtocol.RequestIdentities], Identities);
        var reader = new SshReader(answer);
        Assert.Equal(SshAgentProtocol.IdentitiesAnswer, reader.Byte());
        Assert.Equal(2u, reader.Number());
        Assert.Equal(_ed.PublicKey.Blob, reader.Bytes().ToArray());
        Assert.Equal("alice@example.com", reader.Text());
        Assert.Equal(_ec.PublicKey.Blob, reader.Bytes().ToArray());
        Assert.Equal("alice@example.com laptop", reader.Text());
        reader.End();
    }

    [Fact]
    public void Sign_request_signs_with_the_named_key()
    {
        var data = "session id and userauth request"u8.ToArray();
        var answer = SshAgentProtocol.Respond(Sign(_ec.PublicKey.Blob, data, 0), Identities);
        var reader = new SshReader(answer);
        Assert.Equal(SshAgentProtocol.SignResponse, reader.Byte());
        var signature = reader.Bytes().ToArray();
        reader.End();
        Assert.True(_ec.PublicKey.Verify(data, signature));
    }

    [Fact]
    public void A_refused_confirmation_or_an_unknown_key_gets_failure()
    {
        Assert.Equal([SshAgentProtocol.Failure], SshAgentProtocol.Respond(Sign(_ed.PublicKey.Blob, "x"u8.ToArray(), 0), Identities, _ => false));
        using var other = SshKeyPair.Generate(SshKeyType.Ed25519);
        Assert.Equal([SshAgentProtocol.Failure], SshAgentProtocol.Respond(Sign(other.PublicKey.Blob, "x"u8.ToArray(), 0), Identities));
        var asked = new List<string>();
        SshAgentProtocol.Respond(Sign(_ed.PublicKey.Blob, "x"u8.ToArray(), 0), Identities, i => { asked.Add(i.Comment); return true; });
        Assert.Equal(["alice@example.com"], asked);
    }

    [Fact]
    public void An_rsa_sign_request_without_sha2_flags_is_refused()
    {
        using var rsa = SshKeyPair.Generate(SshKeyType.Rsa);
        IReadOnlyList<SshAgentIdentity> identities = [new(rsa, "")];
        Assert.Equal([SshAgentProtocol.Failure], SshAgentProtocol.Respond(Sign(rsa.PublicKey.Blob, "x"u8.ToArray(), 0), identities));
        var answer = SshAgentProtocol.Respond(Sign(rsa.PublicKey.Blob, "x"u8.ToArray(), 2), identities);
        Assert.Equal(SshAgentProtocol.SignResponse, answer[0]);
    }

    public static TheoryData<string, byte[]> Hostile => new()
    {
        { "empty", [] },
        { "add identity", [17, 0, 0, 0, 11, .. "ssh-ed25519"u8] },
        { "add constrained identity", [25] },
        { "remove identity", [18, 0, 0, 0, 0] },
        { "remove all", [19] },
        { "lock", [22, 0, 0, 0, 4, .. "pass"u8] },
        { "unlock", [23, 0, 0, 0, 4, .. "pass"u8] },
        { "add smartcard key", [20, 0, 0, 0, 1, 0x41, 0, 0, 0, 0] },
        { "extension session-bind", [27, 0, 0, 0, 24, .. "session-bind@openssh.com"u8] },
        { "unknown type", [200, 1, 2, 3] },
        { "identities with trailing bytes", [11, 0] },
        { "sign, truncated length", [13, 0, 0] },
        { "sign, string longer than the message", [13, 0x7f, 0xff, 0xff, 0xff, 1, 2, 3] },
        { "sign, 4 GiB string", [13, 0xff, 0xff, 0xff, 0xff] },
        { "sign, no flags", [13, 0, 0, 0, 0, 0, 0, 0, 0] },
        { "sign, trailing bytes", [13, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9] },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Hostile_messages_get_failure(string what, byte[] message)
    {
        Assert.True(SshAgentProtocol.Respond(message, Identities) is [SshAgentProtocol.Failure], what);
    }

    [Fact]
    public void Random_and_mutated_messages_never_throw()
    {
        var random = new Random(1234);
        var valid = Sign(_ed.PublicKey.Blob, "data"u8.ToArray(), 0);
        for (var i = 0; i < 20_000; i++)
        {
            var message = i % 2 == 0 ? new byte[random.Next(0, 64)] : (byte[])valid.Clone();
            if (i % 2 == 0) random.NextBytes(message);
            else for (var flips = random.Next(1, 4); flips > 0; flips--) message[random.Next(message.Length)] = (byte)random.Next(256);
            var answer = SshAgentProtocol.Respond(message, Identities);
            Assert.True(answer.Length > 0 && answer[0] is SshAgentProtocol.Failure or SshAgentProtocol.SignResponse or SshAgentProtocol.IdentitiesAnswer);
        }
    }

    private static byte[] Sign(byte[] blob, byte[] data, uint flags) =>
        new SshWriter().Byte(SshAgentProtocol.SignRequest).Bytes(blob).Bytes(data).Number(flags).ToArray();

    public void Dispose()
    {
        _ed.Dispose();
        _ec.Dispose();
    }
}
