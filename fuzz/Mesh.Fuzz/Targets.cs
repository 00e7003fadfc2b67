using Mesh.Cryptography;
using Mesh.Jose;
using Mesh.Protocol;
using Mesh.Schema;
using Mesh.Schema.Json;

namespace Mesh.Fuzz;

/// <summary>
/// What the fuzzer feeds untrusted bytes to. A target may refuse its input only with
/// <see cref="MeshException"/> (the one error channel for untrusted input); any other exception,
/// or a broken invariant reported as <see cref="InvariantException"/>, is a finding.
/// </summary>
public sealed record FuzzTarget(string Name, string Description, Action<byte[]> Run);

/// <summary>A property of a parser that an input broke; the fuzzer treats it as a crash.</summary>
public sealed class InvariantException(string message) : Exception(message);

/// <summary>The targets, by name.</summary>
public static class Targets
{
    /// <summary>
    /// The private JWK of RFC 8037 appendix A.1, a published test key: seeds signed with it verify,
    /// so the fuzzer reaches the signature check and beyond.
    /// </summary>
    public const string SigningJwk = """{"kty":"OKP","crv":"Ed25519","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}""";

    /// <summary>The A256KW key the JWE seeds are encrypted under: 32 bytes 0x00 to 0x1F.</summary>
    public static byte[] SymmetricKey { get; } = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];

    // Imported on first use, not when the class is loaded: under AFL++ no instrumented code may
    // run before SharpFuzz has set up the shared coverage map.
    private static readonly Lazy<KeyPair> Key = new(() => KeyPair.ImportJwk(SigningJwk));

    /// <summary>The signing key of <see cref="SigningJwk"/>, imported once.</summary>
    public static KeyPair SigningKey => Key.Value;

    /// <summary>Every target.</summary>
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new("tagged-json", "TaggedJson.Deserialize<object> of any schema type; what reads must write and read back the same", TaggedJsonRoundTrip),
        new("mesh-request", "the portal's request parsing: TaggedJson.Deserialize<MeshRequest> with its 1 MiB limit, then a response echoing it", MeshRequest),
        new("authorization", "RequestSignature.Parse of an Authorization header, then Verify against the test key at the time it claims", Authorization),
        new("jws", "JwsObject.Parse (JSON serializations) and verification with the test key", Jws),
        new("jws-compact", "JwsCompact.Parse and verification with the test key", JwsCompactTarget),
        new("jwe", "JweMessage.Parse (JSON and compact) and decryption with the test A256KW key", JweTarget),
        new("udf", "Udf.TryParse never throws, Parse agrees with it, the canonical text reads back equal", UdfTarget),
        new("ssh-agent", "SshAgentProtocol.Respond to a client's message: always an answer, and a signature it gives verifies", SshAgent),
        new("ssh-keys", "SSH public key blobs and lines, and known_hosts files: Try… never throws, what reads writes back the same", SshKeys),
    ];

    // The RFC 8032 section 7.1 TEST 1 key, so that seeds name a key the agent holds.
    private static readonly Lazy<Mesh.Ssh.SshKeyPair> SshKey = new(() =>
        Mesh.Ssh.SshKeyPair.FromEd25519Seed(Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")));

    /// <summary>The agent key of the ssh-agent target.</summary>
    public static Mesh.Ssh.SshKeyPair AgentKey => SshKey.Value;

    /// <summary>The target of a name, or null.</summary>
    public static FuzzTarget? Find(string name) => All.FirstOrDefault(t => t.Name == name);

    /// <summary>Runs a target on one input: true when the input was accepted, false when refused with <see cref="MeshException"/>.</summary>
    public static bool Accepts(FuzzTarget target, byte[] input)
    {
        ArgumentNullException.ThrowIfNull(target);
        try
        {
            target.Run(input);
            return true;
        }
        catch (MeshException)
        {
            return false;
        }
    }

    private static string Text(byte[] input) => System.Text.Encoding.UTF8.GetString(input);

    private static void TaggedJsonRoundTrip(byte[] input)
    {
        var value = TaggedJson.Deserialize<object>(input);
        var written = TaggedJson.Serialize(value);
        var again = TaggedJson.Serialize(TaggedJson.Deserialize<object>(written));
        if (!written.AsSpan().SequenceEqual(again))
        {
            var at = written.AsSpan().CommonPrefixLength(again);
            string Near(byte[] b) => System.Text.Encoding.UTF8.GetString(b.AsSpan(Math.Max(0, at - 40), Math.Min(b.Length - Math.Max(0, at - 40), 80)));
            throw new InvariantException($"A value read from tagged JSON does not write the same way twice: '{Near(written)}' then '{Near(again)}'.");
        }
    }

    private static void MeshRequest(byte[] input)
    {
        var request = TaggedJson.Deserialize<MeshRequest>(input, 1024 * 1024);
        // The portal may quote what it read in its answer; the answer must still be writable.
        TaggedJson.Serialize(new MeshResponse { Status = 400, StatusDescription = $"{request.Portal} {request.GetType().Name}" });
        TaggedJson.Serialize(request);
    }

    private static void Authorization(byte[] input)
    {
        var header = Text(input);
        var request = RequestSignature.Parse(header);
        // At the time the header claims, so that a seed signed long ago still gets past the clock
        // check to the nonce and body checks.
        RequestSignature.Verify(request, SigningKey.PublicKey, [], "example.com", request.Claims.Time ?? DateTimeOffset.UtcNow);
    }

    private static void Jws(byte[] input)
    {
        var jws = JwsObject.Parse(input);
        _ = jws.Verify(SigningKey.PublicKey);
        jws.RequireSignatureBy(SigningKey.PublicKey);
    }

    private static void JwsCompactTarget(byte[] input)
    {
        var jws = JwsCompact.Parse(Text(input));
        jws.RequireSignatureBy(SigningKey.PublicKey);
    }

    private static void JweTarget(byte[] input) => JweMessage.Parse(Text(input)).Decrypt(SymmetricKey);

    private static void SshAgent(byte[] input)
    {
        var answer = Mesh.Ssh.SshAgentProtocol.Respond(input, [new Mesh.Ssh.SshAgentIdentity(AgentKey, "fuzz")]);
        if (answer.Length == 0 || answer[0] is not (Mesh.Ssh.SshAgentProtocol.Failure or Mesh.Ssh.SshAgentProtocol.IdentitiesAnswer or Mesh.Ssh.SshAgentProtocol.SignResponse))
            throw new InvariantException("The agent answered with something other than failure, identities or a signature.");
        if (answer[0] != Mesh.Ssh.SshAgentProtocol.SignResponse) return;
        var request = new Mesh.Ssh.SshReader(input.AsSpan(1));
        request.Bytes();
        var data = request.Bytes();
        var response = new Mesh.Ssh.SshReader(answer.AsSpan(1));
        if (!AgentKey.PublicKey.Verify(data, response.Bytes())) throw new InvariantException("The agent's signature does not verify over the data it was given.");
    }

    private static void SshKeys(byte[] input)
    {
        if (Mesh.Ssh.SshPublicKey.TryParseBlob(input, out var key, out _) && !key!.BlobSpan.SequenceEqual(input))
            throw new InvariantException("A parsed SSH key blob is not the bytes it was read from.");
        var text = Text(input);
        if (Mesh.Ssh.SshPublicKey.TryParseLine(text, out key, out _, out _)
            && (!Mesh.Ssh.SshPublicKey.TryParseLine(key!.ToLine(), out var again, out _, out _) || !again!.Equals(key)))
            throw new InvariantException("An SSH public key line does not read back as the same key.");
        var (lines, _) = Mesh.Ssh.KnownHosts.Parse(text);
        foreach (var line in lines)
        {
            var written = string.Join('\n', Mesh.Ssh.KnownHosts.Format(line, hashed: false));
            if (Mesh.Ssh.KnownHosts.Parse(written).Lines is not [var read] || !read.Key.Equals(line.Key) || !read.Hosts.SequenceEqual(line.Hosts))
                throw new InvariantException("A known_hosts line does not read back as the same hosts and key.");
        }
    }

    private static void UdfTarget(byte[] input)
    {
        var text = Text(input);
        bool valid;
        UdfValue? value;
        try
        {
            valid = Udf.TryParse(text, out value);
        }
        catch (Exception e)
        {
            throw new InvariantException($"Udf.TryParse threw {e.GetType().Name}: {e.Message}");
        }
        UdfValue parsed;
        try
        {
            parsed = Udf.Parse(text);
        }
        catch (MeshException) when (!valid)
        {
            throw;
        }
        catch (MeshException)
        {
            throw new InvariantException("Udf.Parse refused what Udf.TryParse accepted.");
        }
        if (!valid) throw new InvariantException("Udf.Parse accepted what Udf.TryParse refused.");
        if (!parsed.Equals(value) || !Udf.Parse(parsed.Text).Equals(parsed) || !Udf.AreEqual(text, parsed.Text))
            throw new InvariantException("A UDF's canonical text does not read back equal to it.");
        if (!parsed.Matches(parsed))
            throw new InvariantException("A UDF does not match itself.");
    }
}
