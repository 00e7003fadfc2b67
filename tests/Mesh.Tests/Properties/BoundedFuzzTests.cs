using System.Globalization;
using Mesh.Fuzz;
using Xunit.Abstractions;

namespace Mesh.Tests.Properties;

/// <summary>
/// The bounded fuzzing run of CI (fuzz/README.md): every fuzz target over its seed corpus in
/// fuzz/corpus and then random mutations for its share of 20 seconds, uninstrumented. Anything
/// other than a MeshException, or a broken invariant, fails the test with the input in base64.
/// MESH_FUZZ_SECONDS and MESH_FUZZ_SEED change the budget and the mutation seed.
/// </summary>
public sealed class BoundedFuzzTests(ITestOutputHelper output)
{
    private static readonly double Seconds = double.Parse(Environment.GetEnvironmentVariable("MESH_FUZZ_SECONDS") ?? "20", CultureInfo.InvariantCulture);
    private static readonly int Seed = int.Parse(Environment.GetEnvironmentVariable("MESH_FUZZ_SEED") ?? "7", CultureInfo.InvariantCulture);

    public static TheoryData<string> TargetNames() => [.. Targets.All.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(TargetNames))]
    public void Each_target_survives_its_seed_corpus_and_random_mutations(string name)
    {
        var target = Targets.Find(name)!;
        var corpus = BoundedRun.Corpus(CorpusDirectory(), name);
        Assert.NotEmpty(corpus);

        var report = BoundedRun.Run(target, corpus, TimeSpan.FromSeconds(Seconds / Targets.All.Count), maxExecutions: 2_000_000, Seed);

        output.WriteLine($"{name}: {report.Seeds} seeds, {report.Executions} executions, {report.Refused} refused with MeshException, {report.Failures.Count} failures (seed {Seed})");
        Assert.True(report.Failures.Count == 0, string.Join("\n", report.Failures.Select(f => $"{f.Error}\n  input (base64): {f.Input}")));
        Assert.True(report.Executions >= report.Seeds + BoundedRun.MinMutations, "The run made too few mutations.");
    }

    /// <summary>fuzz/corpus of the repository this test was built from.</summary>
    private static string CorpusDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Mesh.slnx"))) return Path.Combine(dir.FullName, "fuzz", "corpus");
        throw new DirectoryNotFoundException("The repository (Mesh.slnx) is not above the test's folder.");
    }
}
