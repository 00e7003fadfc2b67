using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Mesh.Client.Portal;
using Mesh.Cryptography;
using Mesh.Encoding;
using Mesh.Profiles;
using Mesh.Schema;

namespace Mesh.Portal.Tests.Documentation;

/// <summary>
/// docs/worked-examples.md: complete exchanges with a real portal, exactly as sent and answered. This test runs
/// them again and compares them with the document, with the values that change from run to run (times, keys,
/// signatures, nonces, fingerprints) masked, so that the document cannot drift from the code. Set
/// MESH_WRITE_EXAMPLES=1 to write the document from this run.
/// </summary>
public sealed partial class WorkedExampleTests
{
    private const string Document = "docs/worked-examples.md";

    [Fact]
    public async Task The_worked_examples_are_what_the_code_sends_and_answers()
    {
        var generated = await GenerateAsync();
        var path = Path.Combine(Repository.Root, Document);
        if (Environment.GetEnvironmentVariable("MESH_WRITE_EXAMPLES") == "1") await File.WriteAllTextAsync(path, generated);

        var committed = await File.ReadAllTextAsync(path);
        // On a difference: MESH_WRITE_EXAMPLES=1 dotnet test tests/Mesh.Portal.Tests --filter WorkedExample, then read the diff.
        Assert.Equal(Shape(generated), Shape(committed));
    }

    [Fact]
    public async Task Two_runs_have_the_same_shape_so_the_comparison_can_fail_only_on_a_real_change()
    {
        var (first, second) = (await GenerateAsync(), await GenerateAsync());
        Assert.Equal(Shape(first), Shape(second));
        Assert.NotEqual(Shape(first), Shape(first.Replace("\"Status\":201", "\"Status\":200", StringComparison.Ordinal)));
    }

    /// <summary>The text with what differs between runs masked: times, UDFs and base64 or hex runs of 20 characters or more.</summary>
    private static string Shape(string text) =>
        LongRun().Replace(Udfs().Replace(Times().Replace(text.ReplaceLineEndings("\n"), "TIME"), "UDF"), "B64");

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z")]
    private static partial Regex Times();

    [GeneratedRegex(@"\b[A-Z2-7]{4}(-[A-Z2-7]{1,4}){3,}\b")]
    private static partial Regex Udfs();

    [GeneratedRegex(@"[A-Za-z0-9_\-+/]{20,}={0,2}")]
    private static partial Regex LongRun();

    private static async Task<string> GenerateAsync()
    {
        await using var portal = await TestPortal.StartAsync();
        var recorder = new Recorder();
        using var http = new HttpClient(recorder);
        using var client = new PortalClient(TestPortal.Domain, portal.Address, http);
        using var alice = new TestAccount("alice");
        using var phone = DeviceSecrets.Create("phone", DateTimeOffset.UtcNow);
        var doc = new StringBuilder(Preamble(alice, phone));

        await recorder.Record(doc, "Hello", "8.1", () => client.SendAsync<HelloResponse>(new HelloRequest()));
        var created = await recorder.Record(doc, "CreateAccount, signed by the account's administering device", "8.3, 7.1",
            () => alice.CreateAsync(client));
        var next = PersonalProfiles.WithApplications(alice.Verified, alice.Verified.Applications, alice.Master.OnlineKeys[0], DateTimeOffset.UtcNow);
        await recorder.Record(doc, "Publish of the personal profile's next version (signed by an online key; no Authorization)", "8.5",
            () => client.SendAsync<PublishResponse>(new PublishRequest { Entry = next, BasedOn = created.TransactionID }));
        await recorder.Record(doc, "Get Full: the latest version with its log leaf and inclusion proof", "8.4, 11.4",
            () => client.SendAsync<GetResponse>(new GetRequest { Account = alice.Account, Full = true }));
        await recorder.Record(doc, "Status", "8.6",
            () => client.SendAsync<StatusResponse>(new StatusRequest()));

        var request = new ConnectionRequest { ParentUDF = alice.Verified.Identifier, Device = phone.Profile, DeviceNonce = Udf.Nonce() };
        var signed = new SignedConnectionRequest { Identifier = phone.Identifier, SignedData = SignedPayload.Sign(request, phone.SignatureKey) };
        var started = await recorder.Record(doc, "ConnectStart, by a new device (its request signed by its signature key)", "8.8",
            () => client.SendAsync<ConnectStartResponse>(new ConnectStartRequest { AccountID = alice.Account, SignedRequest = signed }));
        doc.Append($"The witness code of this request (connecting-devices.md) is `{Mesh.Client.Witness.Compute(alice.Verified.Identifier, phone.Identifier, request.DeviceNonce!, started.TransactionID!)}`.\n\n");
        await recorder.Record(doc, "ConnectPending, by the administering device", "8.10",
            () => client.SendAsync<ConnectPendingResponse>(new ConnectPendingRequest { AccountID = alice.Account }, alice.Signer()));
        var phoneSigner = new RequestSigner(alice.Account, phone);
        await recorder.Record(doc, "ConnectStatus, by the new device, while the request is pending", "8.9",
            () => client.SendAsync<ConnectStatusResponse>(new ConnectStatusRequest { AccountID = alice.Account, DeviceID = phone.Identifier }, phoneSigner));
        var result = new ConnectionResult { ParentUDF = request.ParentUDF, Device = request.Device, DeviceNonce = request.DeviceNonce, Result = "Accepted" };
        var answer = new SignedConnectionResult { Identifier = phone.Identifier, SignedData = SignedPayload.Sign(result, alice.Master.OnlineKeys[0]) };
        await recorder.Record(doc, "ConnectComplete, by the administering device (the result signed by an online key)", "8.11",
            () => client.SendAsync<ConnectCompleteResponse>(new ConnectCompleteRequest { AccountID = alice.Account, Result = answer }, alice.Signer()));
        await recorder.Record(doc, "ConnectStatus, by the new device, once answered", "8.9",
            () => client.SendAsync<ConnectStatusResponse>(new ConnectStatusRequest { AccountID = alice.Account, DeviceID = phone.Identifier }, phoneSigner));
        return doc.ToString();
    }

    private static string Preamble(TestAccount alice, DeviceSecrets phone) => $"""
        # Worked exchanges

        Complete requests and responses between a client and a portal (`example.com`), byte for byte as
        sent: one account, `{alice.Account}`, whose master profile has one online signature key and
        whose personal profile lists one administering device, and one new device that asks to join it.
        They are written by `tests/Mesh.Portal.Tests/Documentation/WorkedExampleTests.cs` from a real
        portal, which also checks on every test run that the code still sends and answers exactly this
        (times, keys, signatures, nonces and fingerprints differ from run to run; everything else must
        not). `docs/protocol.md` explains each field; the section named under each title is the one to read.

        The keys of this run (every public key is also inside the profiles below, with its certificate):

        | key | UDF |
        |---|---|
        | master signing key (the profile's identifier) | `{alice.Verified.Identifier}` |
        | online signature key | `{alice.Master.OnlineKeys[0].PublicKey.Udf()}` |
        | administering device (its signature key) | `{alice.Admin.Identifier}` |
        | its authentication key (the `kid` of its `Authorization` headers) | `{alice.Admin.AuthenticationKey.PublicKey.Udf()}` |
        | new device (its signature key) | `{phone.Identifier}` |
        | its authentication key | `{phone.AuthenticationKey.PublicKey.Udf()}` |

        Under each signed request, the `Authorization` header's protected header and payload are shown
        decoded (section 7.1).


        """.Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>Records each exchange the client makes, as text for the document.</summary>
    private sealed class Recorder() : DelegatingHandler(new HttpClientHandler())
    {
        private readonly StringBuilder _exchange = new();
        private int _count;

        public async Task<T> Record<T>(StringBuilder doc, string title, string sections, Func<Task<T>> send)
        {
            _exchange.Clear();
            var response = await send();
            doc.Append($"## {++_count}. {title}\n\nSee protocol.md {sections}.\n\n").Append(_exchange);
            return response;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = await request.Content!.ReadAsStringAsync(cancellationToken);
            _exchange.Append("```http\n")
                .Append($"POST {request.RequestUri!.AbsolutePath} HTTP/1.1\n")
                .Append($"Host: {request.Headers.Host}\n")
                .Append($"Content-Type: {request.Content.Headers.ContentType}\n");
            var authorization = request.Headers.TryGetValues("Authorization", out var values) ? values.Single() : null;
            if (authorization is not null) _exchange.Append($"Authorization: {authorization}\n");
            _exchange.Append('\n').Append(body).Append("\n```\n\n");
            if (authorization is not null)
            {
                var parts = authorization["Mesh ".Length..].Split('.');
                _exchange.Append("The `Authorization` JWS decoded: protected header `")
                    .Append(System.Text.Encoding.UTF8.GetString(Base64Url.Decode(parts[0]))).Append("`, payload `")
                    .Append(System.Text.Encoding.UTF8.GetString(Base64Url.Decode(parts[1]))).Append("`.\n\n");
            }

            var response = await base.SendAsync(request, cancellationToken);
            var answer = await response.Content.ReadAsStringAsync(cancellationToken);
            _exchange.Append("```http\n")
                .Append($"HTTP/1.1 {(int)response.StatusCode} {response.ReasonPhrase}\n")
                .Append($"Content-Type: {response.Content.Headers.ContentType}\n\n")
                .Append(answer).Append("\n```\n\n");
            // The client reads the answer again.
            var copy = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(answer));
            copy.Headers.ContentType = response.Content.Headers.ContentType ?? new MediaTypeHeaderValue("application/json");
            response.Content = copy;
            return response;
        }
    }
}
