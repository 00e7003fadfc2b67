using System.Diagnostics;

namespace Mesh.Fuzz;

/// <summary>
/// A bounded, uninstrumented fuzzing run, as CI makes it: each target over its seed corpus, then
/// over random mutations of the corpus until its share of the time or of the executions is spent.
/// It finds what structure-blind mutation finds; AFL++ or libFuzzer (fuzz/README.md) go deeper.
/// </summary>
public static class BoundedRun
{
    /// <summary>What one target did.</summary>
    /// <param name="Target">the target's name</param>
    /// <param name="Seeds">corpus inputs run</param>
    /// <param name="Executions">inputs run in all</param>
    /// <param name="Refused">inputs refused with MeshException</param>
    /// <param name="Failures">inputs that failed otherwise, with the failure</param>
    public sealed record Report(string Target, int Seeds, long Executions, long Refused, IReadOnlyList<Failure> Failures);

    /// <summary>An input that made a target fail with something other than MeshException.</summary>
    /// <param name="Input">the input, base64</param>
    /// <param name="Error">the exception type and message</param>
    /// <param name="Seed">the mutation seed (-1 for a corpus input)</param>
    public sealed record Failure(string Input, string Error, int Seed);

    /// <summary>The mutations made whatever the time: a slow start (the JIT, a busy machine) still fuzzes.</summary>
    public const int MinMutations = 200;

    /// <summary>
    /// Runs one target over the corpus and then mutations of it, at least <see cref="MinMutations"/>,
    /// then more until <paramref name="budget"/> or <paramref name="maxExecutions"/> is reached.
    /// </summary>
    public static Report Run(FuzzTarget target, IReadOnlyList<byte[]> corpus, TimeSpan budget, long maxExecutions, int seed)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(corpus);
        var clock = Stopwatch.StartNew();
        var failures = new List<Failure>();
        long executions = 0, refused = 0;
        void Once(byte[] input, int mutation)
        {
            executions++;
            try
            {
                if (!Targets.Accepts(target, input)) refused++;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Keep the first few; one bug tends to be found many times.
                if (failures.Count < 20) failures.Add(new Failure(Convert.ToBase64String(input), $"{e.GetType().FullName}: {e.Message}", mutation));
            }
        }
        foreach (var input in corpus) Once(input, -1);
        var random = new Random(seed);
        var pool = corpus.Count > 0 ? corpus : [[]];
        for (var made = 0; made < MinMutations || (clock.Elapsed < budget && executions < maxExecutions); made++)
        {
            var mutation = random.Next();
            Once(Mutator.Mutate(pool[random.Next(pool.Count)], mutation, pool[random.Next(pool.Count)]), mutation);
        }
        return new Report(target.Name, corpus.Count, executions, refused, failures);
    }

    /// <summary>The seed inputs of a target: every file in DIR/target, in name order.</summary>
    public static IReadOnlyList<byte[]> Corpus(string directory, string target)
    {
        var folder = Path.Combine(directory, target);
        return Directory.Exists(folder)
            ? [.. Directory.GetFiles(folder).Order(StringComparer.Ordinal).Select(File.ReadAllBytes)]
            : [];
    }
}
