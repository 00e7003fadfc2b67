using System.Globalization;

namespace Mesh.LoadTest;

/// <summary>The load tool's command line.</summary>
internal sealed record LoadOptions(IReadOnlyList<string> Urls, string Domain, int Accounts, int Seed, int Duration, int Concurrency, IReadOnlySet<string> Scenarios, int? Presign, int Warmup, string? Label, bool Alternate)
{
    public static LoadOptions Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        int Number(string name, int fallback) => int.Parse(Value(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        return new LoadOptions(Value("--url", "http://127.0.0.1:5080").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), Value("--domain", "localhost"), Number("--accounts", 64),
            Number("--seed", 100_000), Number("--duration", 15), Number("--concurrency", 64),
            Value("--scenarios", "hello,get,publish").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.OrdinalIgnoreCase),
            Value("--presign", "") is { Length: > 0 } presign ? int.Parse(presign, CultureInfo.InvariantCulture) : null,
            Number("--warmup", 3), Value("--label", "") is { Length: > 0 } label ? label : null,
            args.Contains("--alternate"));
    }
}
