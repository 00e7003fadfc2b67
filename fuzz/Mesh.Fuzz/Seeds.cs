using Mesh.Jose;
using Mesh.Profiles;
using Mesh.Protocol;
using Mesh.Schema;
using Mesh.Schema.Json;

namespace Mesh.Fuzz;

/// <summary>
/// Writes the seed corpus (fuzz/corpus/TARGET/NAME): small valid inputs of each target, made with
/// the library itself, so that mutations start from what a real client sends. Keys are fresh each
/// time except the fixed test keys of <see cref="Targets"/>; regenerating changes the bytes.
/// </summary>
public static class Seeds
{
    /// <summary>Writes every seed under <paramref name="directory"/>; returns how many.</summary>
    public static int Write(string directory)
    {
        var now = DateTimeOffset.UtcNow;
        using var master = MasterSecrets.Create(now);
        using var device = DeviceSecrets.Create("fuzz device", now);
        var profile = PersonalProfiles.Create(master, [device.Profile], now, [Administration.Entry([device.Identifier])]);
        var connection = new SignedConnectionRequest
        {
            Identifier = device.Identifier,
            SignedData = SignedPayload.Sign(new ConnectionRequest { ParentUDF = master.Profile.Identifier, Device = device.Profile }, device.SignatureKey),
        };
        var escrow = new OfflineEscrowEntry { Identifier = "escrow-1", EncryptedData = new JoseWebEncryption { Ciphertext = "AAAA" } };
        MeshRequest[] requests =
        [
            new HelloRequest { Portal = "example.com" },
            new ValidateRequest { Account = "alice@example.com" },
            new CreateRequest { Account = "alice@example.com", Profile = profile },
            new GetRequest { Account = "alice", KeyValues = [new KeyValue { Key = "Name", Value = "MAAA" }], Multiple = true, Full = true,
                SearchConstraints = new SearchConstraints { NotBefore = now, Before = now.AddDays(1), MaxEntries = 10, MaxBytes = 1000, PageKey = "AAAA" } },
            new PublishRequest { Entry = escrow, BasedOn = "12@example.com" },
            new StatusRequest { ConsistencyFrom = 1, ConsistencyTo = 5 },
            new TransferRequest { ConsistencyFrom = 0, SearchConstraints = new SearchConstraints { PageKey = "10" } },
            new ConnectStartRequest { AccountID = "alice", SignedRequest = connection },
            new ConnectStatusRequest { AccountID = "alice", DeviceID = device.Identifier },
            new ConnectPendingRequest { AccountID = "alice" },
        ];
        var count = 0;
        void Put(string target, string name, byte[] bytes)
        {
            Directory.CreateDirectory(Path.Combine(directory, target));
            File.WriteAllBytes(Path.Combine(directory, target, name), bytes);
            count++;
        }
        void PutText(string target, string name, string text) => Put(target, name, System.Text.Encoding.UTF8.GetBytes(text));

        foreach (var request in requests)
        {
            Put("mesh-request", request.GetType().Name, TaggedJson.Serialize(request));
            Put("tagged-json", request.GetType().Name, TaggedJson.Serialize(request));
        }
        Put("tagged-json", "SignedPersonalProfile", TaggedJson.Serialize(profile));
        Put("tagged-json", "StatusResponse", TaggedJson.Serialize(new StatusResponse
        {
            Status = 200, StatusDescription = "ok", LastWriteTime = now, ConsistencyProof = [new byte[32], [1, 2, 3]], CheckpointValue = "a.b.c",
        }));

        PutText("authorization", "header", RequestSignature.Sign(Targets.SigningKey, "example.com", "alice@example.com", device.Identifier, [], now));

        var payload = TaggedJson.Serialize(new ConnectionRequest { ParentUDF = master.Profile.Identifier });
        Put("jws", "general", new JwsBuilder(payload).AddSignature(Targets.SigningKey, keyId: "key-1").ToJsonUtf8());
        Put("jws", "profile", System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(profile.SignedData!, MeshJsonContext.Default.JoseWebSignature));
        PutText("jws-compact", "signed", JwsCompact.Sign(payload, Targets.SigningKey, keyId: "key-1", contentType: "ConnectionRequest"));
        PutText("jws-compact", "empty-payload", JwsCompact.Sign([], Targets.SigningKey));

        var recipient = JweRecipient.ForSymmetricKey(Targets.SymmetricKey, "key-1", JweKeyManagement.A256Kw);
        PutText("jwe", "json", Jwe.Encrypt("hello"u8, [recipient]));
        PutText("jwe", "compact", Jwe.EncryptCompact("hello"u8, recipient));

        PutText("udf", "digest", Udf.ContentDigest("text/plain", "hello"u8));
        PutText("udf", "digest-260", Udf.ContentDigest("text/plain", "hello"u8, 260));
        PutText("udf", "nonce", Udf.Nonce());
        PutText("udf", "key", Udf.RandomSymmetricKey());
        PutText("udf", "keyed", Udf.Keyed(Udf.RandomSymmetricKey(), "text/plain", "hello"u8));
        PutText("udf", "lower-no-dashes", Udf.ContentDigest("text/plain", "x"u8).Replace("-", "", StringComparison.Ordinal).ToLowerInvariant());
        var agentKey = Targets.AgentKey.PublicKey;
        Put("ssh-agent", "request-identities", [Mesh.Ssh.SshAgentProtocol.RequestIdentities]);
        Put("ssh-agent", "sign-request", new Mesh.Ssh.SshWriter().Byte(Mesh.Ssh.SshAgentProtocol.SignRequest).Bytes(agentKey.BlobSpan).Bytes("session"u8).Number(0).ToArray());
        Put("ssh-agent", "add-identity", new Mesh.Ssh.SshWriter().Byte(17).Text("ssh-ed25519").Bytes(new byte[32]).Bytes(new byte[64]).Text("c").ToArray());
        Put("ssh-keys", "ed25519-blob", agentKey.Blob);
        PutText("ssh-keys", "public-line", agentKey.ToLine("alice@example.com"));
        PutText("ssh-keys", "known-hosts", $"example.com,[git.example.com]:2222 {agentKey.ToLine()}\n# comment\n@revoked * {agentKey.ToLine()}\n");
        return count;
    }
}
