using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Mesh.Merkle;

namespace Mesh.Benchmarks;

/// <summary>
/// The portal's log over the in-memory node store at 10^3 to 10^6 entries: appending a leaf, and
/// generating an inclusion proof (a random leaf to the current size) and a consistency proof (a
/// random earlier size to the current size). The "Proof size" column gives the proofs' length.
/// Run with `--filter '*Merkle*'`; it takes a few minutes.
/// </summary>
/// <remarks>
/// A fixed invocation count keeps the Append benchmark from growing the log without bound: it adds
/// (2 + 5) × 65,536 leaves to a log of the given size, which does not change the amortized cost.
/// Each benchmark runs in its own process, so the proof benchmarks see exactly the given size.
/// </remarks>
[Config(typeof(MerkleConfig))]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 2, iterationCount: 5, invocationCount: Invocations)]
[MemoryDiagnoser]
public class MerkleBenchmarks
{
    private const int Invocations = 65_536;
    private const int Samples = 1024; // a power of two, cycled through by the proof benchmarks

    private MerkleTree _tree = null!;
    private long[] _indexes = [];
    private long[] _oldSizes = [];
    private readonly byte[] _leaf = MerkleHash.Leaf("a new entry"u8);
    private int _next;

    /// <summary>The number of entries in the log.</summary>
    [Params(1_000, 10_000, 100_000, 1_000_000)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _tree = new MerkleTree(new MemoryMerkleNodeStore());
        const int batch = 65_536;
        for (var start = 0; start < Size; start += batch)
        {
            var count = Math.Min(batch, Size - start);
            _tree.AppendRange([.. Enumerable.Range(start, count).Select(i => MerkleHash.Leaf(BitConverter.GetBytes(i)))]);
        }
        (_indexes, _oldSizes) = SampleArguments(Size);
    }

    [Benchmark]
    public long Append() => _tree.Append(_leaf);

    [Benchmark]
    public IReadOnlyList<byte[]> InclusionProof() => _tree.InclusionProof(_indexes[_next++ & (Samples - 1)], Size);

    [Benchmark]
    public IReadOnlyList<byte[]> ConsistencyProof() => _tree.ConsistencyProof(_oldSizes[_next++ & (Samples - 1)], Size);

    // The same pseudo-random leaf indexes and earlier sizes for the benchmarks and the column.
    private static (long[] Indexes, long[] OldSizes) SampleArguments(int size)
    {
        var random = new Random(size);
        var indexes = new long[Samples];
        var oldSizes = new long[Samples];
        for (var i = 0; i < Samples; i++)
        {
            indexes[i] = random.NextInt64(size);
            oldSizes[i] = random.NextInt64(1, size + 1);
        }
        return (indexes, oldSizes);
    }

    public sealed class MerkleConfig : ManualConfig
    {
        public MerkleConfig() => AddColumn(new ProofSizeColumn());
    }

    /// <summary>
    /// The average and largest proof over the benchmark's samples, in hashes and bytes. A proof's
    /// length depends only on the index and sizes, so it is computed by the real tree code over a
    /// store that answers every read with the same hash, without building the log.
    /// </summary>
    private sealed class ProofSizeColumn : IColumn
    {
        public string Id => nameof(ProofSizeColumn);
        public string ColumnName => "Proof size";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => false;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => "Average and largest proof over the samples: hashes (bytes)";

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public bool IsAvailable(Summary summary) => true;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
        {
            var size = (int)benchmarkCase.Parameters[nameof(Size)];
            var method = benchmarkCase.Descriptor.WorkloadMethod.Name;
            if (method is not (nameof(InclusionProof) or nameof(ConsistencyProof))) return "-";
            var tree = new MerkleTree(new UniformStore(size));
            var (indexes, oldSizes) = SampleArguments(size);
            var lengths = method == nameof(InclusionProof)
                ? indexes.Select(i => tree.InclusionProof(i, size).Count)
                : oldSizes.Select(s => tree.ConsistencyProof(s, size).Count);
            var list = lengths.ToList();
            return string.Create(CultureInfo.InvariantCulture,
                $"avg {list.Average():F1}, max {list.Max()} ({list.Max() * MerkleHash.Size} B)");
        }
    }

    // A store of the given size whose every node hashes to zeros: enough to count proof hashes.
    private sealed class UniformStore(long size) : IMerkleNodeStore
    {
        public long LeafCount => size;
        public byte[] GetNode(int level, long index) => new byte[MerkleHash.Size];
        public void PutNodes(IReadOnlyList<MerkleNode> nodes) => throw new NotSupportedException();
    }
}
