using System.Text.Json.Nodes;
using Mesh.Profiles;
using Mesh.Protocol;
using Mesh.Schema;
using Mesh.Schema.Json;
using Xunit.Abstractions;

namespace Mesh.Portal.Tests.Security;

/// <summary>
/// A generated battery of malformed requests against the running portal: every valid request of
/// every transaction, truncated, with each field given the wrong type, nested too deep, with invalid
/// UTF-8 or an escaped lone surrogate in each string, with bad base64url where bytes are expected,
/// with a member duplicated, under unknown tags, and oversized. Each is answered 4xx, none 5xx,
/// nothing changes, and the portal goes on serving.
/// </summary>
public sealed class HostileBatteryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Every_malformed_variant_of_every_request_is_a_4xx_that_changes_nothing()
    {
        await using var portal = await TestPortal.StartAsync();
        using var alice = new TestAccount("alice");
        using var phone = DeviceSecrets.Create("phone", DateTimeOffset.UtcNow);
        await alice.CreateAsync(portal.Client());
        var state = portal.Store.DumpDerivedState();
        var size = portal.Store.ReadHead().Size;

        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var statuses = new SortedDictionary<int, int>();
        foreach (var (request, signed) in Requests(alice, phone))
        {
            var valid = TaggedJson.SerializeToString(request with { Portal = TestPortal.Domain });
            foreach (var (category, body) in Variants(valid))
            {
                // A signed request is signed over the malformed body, so that it reaches the parser of its transaction.
                var header = signed ? RequestSignature.Sign(alice.Admin.AuthenticationKey, TestPortal.Domain, alice.Account, alice.Admin.Identifier, body, DateTimeOffset.UtcNow) : null;
                var answer = await RawHttp.PostAsync(portal, body, authorization: header);
                Assert.True(answer.Status is >= 400 and < 500, $"{request.GetType().Name}, {category}: {answer.Status} {answer.Description}\n{System.Text.Encoding.UTF8.GetString(body[..Math.Min(body.Length, 300)])}");
                counts[category] = counts.GetValueOrDefault(category) + 1;
                statuses[(int)answer.Status!.Value] = statuses.GetValueOrDefault((int)answer.Status!.Value) + 1;
            }
        }

        Assert.Equal(size, portal.Store.ReadHead().Size);
        Assert.Equal(state, portal.Store.DumpDerivedState());
        Assert.Equal(200, (await RawHttp.PostAsync(portal, "{\"HelloRequest\":{}}")).Status);
        output.WriteLine($"{counts.Values.Sum()} malformed requests, 0 answered 5xx: {string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}"))}; statuses {string.Join(", ", statuses.Select(s => $"{s.Key}: {s.Value}"))}");
    }

    /// <summary>A valid request of every transaction, and whether it is sent signed.</summary>
    private static IEnumerable<(MeshRequest Request, bool Signed)> Requests(TestAccount alice, DeviceSecrets phone)
    {
        using var bob = new TestAccount("bob");
        var connection = new SignedConnectionRequest
        {
            Identifier = phone.Identifier,
            SignedData = SignedPayload.Sign(new ConnectionRequest { ParentUDF = alice.Verified.Identifier, Device = phone.Profile, DeviceNonce = Udf.Nonce() }, phone.SignatureKey),
        };
        var result = new SignedConnectionResult
        {
            Identifier = phone.Identifier,
            SignedData = SignedPayload.Sign(new ConnectionResult { ParentUDF = alice.Verified.Identifier, Device = phone.Profile, Result = "Accepted" }, alice.Master.OnlineKeys[0]),
        };
        var limits = new SearchConstraints { NotBefore = DateTimeOffset.UnixEpoch, Before = DateTimeOffset.UtcNow, MaxEntries = 5, MaxBytes = 10000 };
        return
        [
            (new HelloRequest(), false),
            (new ValidateRequest { Account = "carol" }, false),
            (new CreateRequest { Account = bob.Account, Profile = bob.Profile }, false),
            (new GetRequest { Account = alice.Account, Multiple = true, Full = true, SearchConstraints = limits }, false),
            (new GetRequest { KeyValues = [new KeyValue { Key = "Name", Value = alice.Admin.Identifier }] }, false),
            (new PublishRequest { Entry = new OfflineEscrowEntry { Identifier = "escrow-1", EncryptedData = new JoseWebEncryption { Ciphertext = "AAAA", Iv = "AAAA" } } }, true),
            (new PublishRequest { Entry = PersonalProfiles.WithApplications(alice.Verified, alice.Verified.Applications, alice.Master.OnlineKeys[0], DateTimeOffset.UtcNow), BasedOn = $"0@{TestPortal.Domain}" }, false),
            (new StatusRequest { ConsistencyFrom = 0, ConsistencyTo = 1 }, false),
            (new TransferRequest { ConsistencyFrom = 0, SearchConstraints = new SearchConstraints { PageKey = "0", MaxEntries = 10 } }, false),
            (new ConnectStartRequest { AccountID = alice.Account, SignedRequest = connection }, false),
            (new ConnectStatusRequest { AccountID = alice.Account, DeviceID = phone.Identifier }, true),
            (new ConnectPendingRequest { AccountID = alice.Account, SearchConstraints = new SearchConstraints { MaxEntries = 10 } }, true),
            (new ConnectCompleteRequest { AccountID = alice.Account, Result = result }, true),
        ];
    }

    private const int PerCategory = 12;

    /// <summary>
    /// The JWS members, which carry base64url (RFC 7515) and which the portal verifies. Not the JWE
    /// members of an escrow entry or application data: those are opaque to the portal, which stores
    /// what the owner's device sends (docs/security.md).
    /// </summary>
    private static readonly HashSet<string> Base64UrlMembers = new(["payload", "protected", "signature"], StringComparer.Ordinal);

    /// <summary>The malformed variants of one valid request, by category, at most <see cref="PerCategory"/> each.</summary>
    private static IEnumerable<(string Category, byte[] Body)> Variants(string valid)
    {
        static byte[] Utf8(string s) => System.Text.Encoding.UTF8.GetBytes(s);
        var bytes = Utf8(valid);
        var random = new Random(valid.Length);

        foreach (var cut in Spread(bytes.Length - 1)) yield return ("truncated", bytes[..cut]);

        var leaves = Leaves(JsonNode.Parse(valid)!).ToList();
        foreach (var path in Sample(leaves.Where(l => l.Node is not JsonObject and not JsonArray), random))
        {
            var wrong = path.Node.GetValueKind() == System.Text.Json.JsonValueKind.String ? (JsonNode)JsonValue.Create(12345) : JsonValue.Create("text");
            yield return ("wrong type", Utf8(Replace(valid, path, wrong)));
            yield return ("wrong type", Utf8(Replace(valid, path, new JsonObject { ["x"] = new JsonArray() })));
        }
        var strings = leaves.Where(l => l.Node is JsonValue && l.Node.GetValueKind() == System.Text.Json.JsonValueKind.String).ToList();
        foreach (var path in Sample(strings, random))
        {
            var marked = Replace(valid, path, JsonValue.Create("\u0001MARK\u0001"));
            var at = marked.IndexOf("\\u0001MARK\\u0001", StringComparison.Ordinal);
            if (at < 0) continue;
            var before = Utf8(marked[..at]);
            var after = Utf8(marked[(at + "\\u0001MARK\\u0001".Length)..]);
            yield return ("invalid UTF-8", [.. before, 0xC3, 0x28, .. after]);
            yield return ("lone surrogate", [.. before, .. "\\udc00"u8, .. after]);
            // Only where bytes are expected: other text may be anything.
            if (Base64UrlMembers.Contains(path.Name))
                yield return ("bad base64url", [.. before, .. "!!not+base64/=="u8, .. after]);
        }
        foreach (var path in Sample(leaves.Where(l => l.Parent is JsonObject), random))
        {
            // The same member twice: the writer cannot make it, so splice the text.
            var member = $"\"{path.Name}\":";
            var at = valid.IndexOf(member, StringComparison.Ordinal);
            if (at > 0) yield return ("duplicate member", Utf8(valid.Insert(at, $"{member}null,")));
        }
        var tag = valid[2..valid.IndexOf('"', 2)];
        yield return ("unknown tag", Utf8(valid.Replace($"\"{tag}\"", "\"NoSuchRequest\"", StringComparison.Ordinal)));
        yield return ("unknown tag", Utf8(valid.Replace($"\"{tag}\"", "\"DeviceProfile\"", StringComparison.Ordinal)));
        // Unknown members are ignored; a tagged member with an unknown tag is not.
        if (tag == nameof(PublishRequest)) yield return ("unknown tag", Utf8("{\"PublishRequest\":{\"Entry\":{\"NoSuchEntry\":{}}}}"));
        yield return ("deeply nested", Utf8(valid.Insert(valid.Length - 1, ",\"X\":" + new string('[', 200) + new string(']', 200))));
        yield return ("deeply nested", Utf8(new string('[', 5000)));
        yield return ("oversized", Utf8(valid.Insert(valid.Length - 2, ",\"Pad\":\"" + new string('A', 1024 * 1024) + "\"")));
        yield return ("oversized", Utf8(valid.Insert(valid.Length - 2, ",\"Pad\":[" + string.Join(',', Enumerable.Repeat("1", 600_000)) + "]")));
    }

    private static IEnumerable<int> Spread(int length) =>
        Enumerable.Range(0, PerCategory).Select(i => i * length / PerCategory).Distinct();

    private static IEnumerable<Leaf> Sample(IEnumerable<Leaf> leaves, Random random) =>
        leaves.OrderBy(_ => random.Next()).Take(PerCategory);

    private sealed record Leaf(JsonNode Node, JsonNode? Parent, string Name, string Path);

    private static IEnumerable<Leaf> Leaves(JsonNode node, JsonNode? parent = null, string name = "", string path = "$")
    {
        if (parent is not null) yield return new Leaf(node, parent, name, path);
        if (node is JsonObject obj)
            foreach (var (key, child) in obj)
                if (child is not null) foreach (var l in Leaves(child, node, key, $"{path}.{key}")) yield return l;
        if (node is JsonArray array)
            for (var i = 0; i < array.Count; i++)
                if (array[i] is { } child) foreach (var l in Leaves(child, node, name, $"{path}[{i}]")) yield return l;
    }

    /// <summary>The request with the node at <paramref name="leaf"/>'s path replaced.</summary>
    private static string Replace(string valid, Leaf leaf, JsonNode replacement)
    {
        var root = JsonNode.Parse(valid)!;
        var target = Find(root, leaf.Path);
        switch (target.Parent)
        {
            case JsonObject o:
                o[target.GetPropertyName()] = replacement;
                break;
            case JsonArray a:
                a[target.GetElementIndex()] = replacement;
                break;
        }
        return root.ToJsonString();
    }

    private static JsonNode Find(JsonNode root, string path)
    {
        foreach (var node in Leaves(root))
            if (node.Path == path) return node.Node;
        throw new ArgumentException(path, nameof(path));
    }
}
