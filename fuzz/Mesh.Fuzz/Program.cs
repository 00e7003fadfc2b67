using Mesh.Fuzz;

// mesh-fuzz: fuzzing targets for the Mesh parsers. See fuzz/README.md.
const string Usage = """
    usage: mesh-fuzz list
           mesh-fuzz TARGET               run one input from stdin under AFL++ (afl-fuzz -i … -o … -- dotnet mesh-fuzz.dll TARGET)
           mesh-fuzz TARGET --libfuzzer   run under libFuzzer (libfuzzer-dotnet --target_path=… --target_arg=TARGET)
           mesh-fuzz TARGET --file PATH   run one input file, uninstrumented, and say what happened
           mesh-fuzz bounded [--seconds N] [--corpus DIR] [--seed N] [--failures DIR]
                                          every target over its seeds and random mutations, uninstrumented;
                                          the inputs that fail are written to DIR/TARGET/failure-N
           mesh-fuzz seed DIR             write the seed corpus
    """;

if (args.Length == 0)
{
    Console.Error.WriteLine(Usage);
    return 2;
}
string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

switch (args[0])
{
    case "list":
        foreach (var t in Targets.All) Console.WriteLine($"{t.Name,-14} {t.Description}");
        return 0;
    case "seed":
        if (args.Length < 2) break;
        Console.WriteLine($"mesh-fuzz: wrote {Seeds.Write(args[1])} seed inputs under {args[1]}");
        return 0;
    case "bounded":
    {
        var seconds = double.Parse(Option("--seconds") ?? "20", System.Globalization.CultureInfo.InvariantCulture);
        var corpus = Option("--corpus") ?? Path.Combine("fuzz", "corpus");
        var seed = int.Parse(Option("--seed") ?? "1", System.Globalization.CultureInfo.InvariantCulture);
        var share = TimeSpan.FromSeconds(seconds / Targets.All.Count);
        var failed = 0;
        foreach (var target in Targets.All)
        {
            var report = BoundedRun.Run(target, BoundedRun.Corpus(corpus, target.Name), share, long.MaxValue, seed);
            Console.WriteLine($"{report.Target,-14} seeds {report.Seeds,3}  executions {report.Executions,8}  refused {report.Refused,8}  failures {report.Failures.Count}");
            foreach (var (f, i) in report.Failures.Select((f, i) => (f, i)))
            {
                Console.WriteLine($"  {f.Error}");
                if (Option("--failures") is { } keep)
                {
                    Directory.CreateDirectory(Path.Combine(keep, target.Name));
                    File.WriteAllBytes(Path.Combine(keep, target.Name, $"failure-{i}"), Convert.FromBase64String(f.Input));
                }
            }
            failed += report.Failures.Count;
        }
        return failed == 0 ? 0 : 1;
    }
    default:
    {
        var target = Targets.Find(args[0]);
        if (target is null) break;
        if (args.Contains("--libfuzzer"))
        {
            SharpFuzz.Fuzzer.LibFuzzer.Run(span => Targets.Accepts(target, span.ToArray()));
            return 0;
        }
        if (Option("--file") is { } file)
        {
            Console.WriteLine(Targets.Accepts(target, File.ReadAllBytes(file)) ? "accepted" : "refused with MeshException");
            return 0;
        }
        // AFL++: the input on stdin; an exception escaping is the crash AFL++ records.
        SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            Targets.Accepts(target, buffer.ToArray());
        });
        return 0;
    }
}
Console.Error.WriteLine(Usage);
return 2;
