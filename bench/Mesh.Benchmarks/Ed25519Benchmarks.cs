using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Mesh.Cryptography;
using NSec.Cryptography;

namespace Mesh.Benchmarks;

/// <summary>
/// Ed25519 signing and verification through <see cref="KeyPair"/> and <see cref="PublicKeyInfo"/>
/// against NSec called directly, on the same message. The target is a Ratio of at most 1.10 in
/// each category (Sign, Verify). Each call takes tens of microseconds, so 20 iterations cost little
/// and steady the ratio on a shared machine. Run with `--filter '*Ed25519*'`.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 20)]
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
[CategoriesColumn]
public class Ed25519Benchmarks
{
    private Key _nsecKey = null!;
    private NSec.Cryptography.PublicKey _nsecPublicKey = null!;
    private KeyPair _meshKey = null!;
    private PublicKeyInfo _meshPublicKey = null!;
    private byte[] _message = [];
    private byte[] _nsecSignature = [];
    private byte[] _meshSignature = [];

    /// <summary>The message length in bytes.</summary>
    [Params(64, 1024)]
    public int MessageSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _message = new byte[MessageSize];
        new Random(MessageSize).NextBytes(_message);
        _nsecKey = Key.Create(SignatureAlgorithm.Ed25519);
        _nsecPublicKey = _nsecKey.PublicKey;
        _meshKey = KeyPair.Generate(KeyAlgorithm.Ed25519);
        _meshPublicKey = _meshKey.PublicKey;
        _nsecSignature = SignatureAlgorithm.Ed25519.Sign(_nsecKey, _message);
        _meshSignature = _meshKey.Sign(SignatureScheme.Ed25519, _message);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _nsecKey.Dispose();
        _meshKey.Dispose();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Sign")]
    public byte[] NSecSign() => SignatureAlgorithm.Ed25519.Sign(_nsecKey, _message);

    [Benchmark, BenchmarkCategory("Sign")]
    public byte[] MeshSign() => _meshKey.Sign(SignatureScheme.Ed25519, _message);

    [Benchmark(Baseline = true), BenchmarkCategory("Verify")]
    public bool NSecVerify() => SignatureAlgorithm.Ed25519.Verify(_nsecPublicKey, _message, _nsecSignature);

    [Benchmark, BenchmarkCategory("Verify")]
    public bool MeshVerify() => _meshPublicKey.Verify(SignatureScheme.Ed25519, _message, _meshSignature);
}
