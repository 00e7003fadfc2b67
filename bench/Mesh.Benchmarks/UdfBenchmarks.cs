using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;

namespace Mesh.Benchmarks;

/// <summary>
/// The content-digest UDF of 1 MiB against raw SHA-512 of the same buffer. The UDF hashes the
/// data once and then hashes about 90 bytes (the content type and the first digest), so the
/// target is a Ratio of at most 1.11 (at least 90% of SHA-512's throughput).
/// Run with `--filter '*Udf*'`.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
[MemoryDiagnoser]
public class UdfBenchmarks
{
    private readonly byte[] _data = new byte[1024 * 1024];

    [GlobalSetup]
    public void Setup() => new Random(1).NextBytes(_data);

    [Benchmark(Baseline = true)]
    public byte[] Sha512() => SHA512.HashData(_data);

    [Benchmark]
    public string ContentDigest() => Udf.ContentDigest("application/octet-stream", _data);
}
