using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Mesh.Cryptography;
using Mesh.Jose;

namespace Mesh.Benchmarks;

/// <summary>
/// JWS and JWE with 1 KiB of data. A JWS with one Ed25519 signature is signed (built and written as
/// JSON) and verified (parsed and checked against the signer's key); each is compared with a bare
/// Ed25519 signature or verification of the same payload, so the Ratio is the cost of the JOSE
/// framing. A JWE is encrypted to five X25519 recipients (ECDH-ES+A256KW, A256GCM) and decrypted
/// by one of them. Run with `--filter '*Jose*'`.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class JoseBenchmarks
{
    private const int PayloadSize = 1024;
    private const int Recipients = 5;
    private const string ContentType = "application/octet-stream";

    private readonly byte[] _payload = new byte[PayloadSize];
    private KeyPair _signer = null!;
    private string _signerId = "";
    private byte[] _signature = [];
    private byte[] _jws = [];
    private KeyPair[] _recipientKeys = [];
    private JweRecipient[] _recipients = [];
    private string _jwe = "";

    [GlobalSetup]
    public void Setup()
    {
        new Random(PayloadSize).NextBytes(_payload);
        _signer = KeyPair.Generate(KeyAlgorithm.Ed25519);
        _signerId = _signer.PublicKey.Udf();
        _signature = _signer.Sign(SignatureScheme.Ed25519, _payload);
        _jws = JwsSign();
        _recipientKeys = [.. Enumerable.Range(0, Recipients).Select(_ => KeyPair.Generate(KeyAlgorithm.X25519))];
        _recipients = [.. _recipientKeys.Select(k => JweRecipient.ForPublicKey(k.PublicKey, k.PublicKey.Udf()))];
        _jwe = JweEncrypt();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _signer.Dispose();
        foreach (var key in _recipientKeys) key.Dispose();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("JWS sign")]
    public byte[] Ed25519Sign() => _signer.Sign(SignatureScheme.Ed25519, _payload);

    [Benchmark, BenchmarkCategory("JWS sign")]
    public byte[] JwsSign() => new JwsBuilder(_payload).AddSignature(_signer, _signerId, ContentType).ToJsonUtf8();

    [Benchmark(Baseline = true), BenchmarkCategory("JWS verify")]
    public bool Ed25519Verify() => _signer.PublicKey.Verify(SignatureScheme.Ed25519, _payload, _signature);

    [Benchmark, BenchmarkCategory("JWS verify")]
    public byte[] JwsVerify() => JwsObject.Parse(_jws).RequireSignatureBy(_signer.PublicKey);

    [Benchmark, BenchmarkCategory("JWS sign+verify")]
    public byte[] JwsSignAndVerify() => JwsObject.Parse(JwsSign()).RequireSignatureBy(_signer.PublicKey);

    [Benchmark, BenchmarkCategory("JWE")]
    public string JweEncrypt() => Jwe.Encrypt(_payload, _recipients);

    [Benchmark, BenchmarkCategory("JWE")]
    public byte[] JweDecrypt() => Jwe.Decrypt(_jwe, _recipientKeys[2], _recipients[2].KeyId);
}
