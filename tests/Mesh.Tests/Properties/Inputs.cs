using FsCheck;
using FsCheck.Fluent;
using Mesh.Fuzz;

namespace Mesh.Tests.Properties;

/// <summary>Generators shared by the property tests: hostile text and bytes, and mutations of valid messages.</summary>
public static class Inputs
{
    /// <summary>Any string, including null, lone surrogates and control characters.</summary>
    public static Arbitrary<string?> AnyString { get; } = Arb.From(Gen.OneOf(
        ArbMap.Default.GeneratorFor<string?>(),
        Gen.ArrayOf(Gen.Choose(0, 0xFFFF).Select(c => (char)c)).Select(chars => (string?)new string(chars)),
        Gen.ArrayOf(Gen.Elements("{", "}", "[", "]", "\"", ":", ",", ".", "\\u", "d800", "-", "_", "=", "M", "A", " ", "null", "1e999"))
            .Select(parts => (string?)string.Concat(parts))));

    /// <summary>Any bytes: random, and random with JSON structure bytes mixed in.</summary>
    public static Arbitrary<byte[]> AnyBytes { get; } = Arb.From(Gen.OneOf(
        ArbMap.Default.GeneratorFor<byte[]>(),
        Gen.ArrayOf(Gen.Elements("{}[]\":,\\u0dDA9 ne"u8.ToArray())).Select(b => b)));

    /// <summary>A mutation of one of <paramref name="valid"/>, with the mutation's seed.</summary>
    public static Arbitrary<byte[]> MutationsOf(IReadOnlyList<byte[]> valid) => Arb.From(
        from index in Gen.Choose(0, valid.Count - 1)
        from other in Gen.Choose(0, valid.Count - 1)
        from seed in ArbMap.Default.GeneratorFor<int>()
        select Mutator.Mutate(valid[index], seed, valid[other]));

    /// <summary>Runs <paramref name="parse"/>; true when it accepted or refused with MeshException, the exception otherwise.</summary>
    public static bool OnlyMeshException(Action parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        try
        {
            parse();
        }
        catch (MeshException)
        {
            // The one way to refuse untrusted input.
        }
        return true;
    }

    /// <summary>The bytes of a string, or of "" for null.</summary>
    public static byte[] Utf8(string? text) => System.Text.Encoding.UTF8.GetBytes(text ?? "");
}
