using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Mesh.Tests.Properties;

/// <summary>UDF reading never throws from TryParse, Parse agrees with it, text round trips, and Matches is the prefix relation.</summary>
public sealed class UdfProperties
{
    private static readonly Gen<int> Precision = Gen.Choose(Udf.MinBits / 20, Udf.MaxBits / 20).Select(n => n * 20);

    /// <summary>Valid UDFs of every kind, at every precision, in the canonical and in other spellings.</summary>
    private static readonly Gen<string> Valid = Gen.OneOf(
        from data in ArbMap.Default.GeneratorFor<byte[]>()
        from bits in Precision
        from sha3 in ArbMap.Default.GeneratorFor<bool>()
        select Udf.ContentDigest("text/plain", data, bits, sha3 ? UdfAlgorithm.Sha3 : UdfAlgorithm.Sha2),
        from data in ArbMap.Default.GeneratorFor<byte[]>()
        from bits in Precision
        select Udf.Keyed(Udf.RandomSymmetricKey(), "text/plain", data, bits),
        Gen.Fresh(() => Udf.Nonce()),
        Gen.Fresh(() => Udf.RandomSymmetricKey()));

    private static readonly Gen<string> Spelled = from text in Valid
                                                 from lower in ArbMap.Default.GeneratorFor<bool>()
                                                 from dashes in ArbMap.Default.GeneratorFor<bool>()
                                                 select Spell(text, lower, dashes);

    private static string Spell(string text, bool lower, bool dashes)
    {
        var s = dashes ? text : text.Replace("-", "", StringComparison.Ordinal);
        return lower ? s.ToLowerInvariant() : s;
    }

    [Property(MaxTest = 500)]
    public Property TryParse_never_throws_and_Parse_agrees_with_it() => Prop.ForAll(
        Arb.From(Gen.OneOf(Inputs.AnyString.Generator, Spelled.Select(s => (string?)s),
            Spelled.Select(s => (string?)(s[..^1] + "!")), Spelled.Select(s => (string?)s[..(s.Length / 2)]))),
        text =>
        {
            var valid = Udf.TryParse(text, out var value);
            if (text is null) return !valid;
            try
            {
                var parsed = Udf.Parse(text);
                return valid && parsed.Equals(value);
            }
            catch (MeshException)
            {
                return !valid;
            }
        });

    [Property(MaxTest = 300)]
    public Property Any_spelling_reads_back_to_the_canonical_text() => Prop.ForAll(Arb.From(Valid), text =>
    {
        var value = Udf.Parse(text);
        return value.Text == text
            && Udf.Parse(Spell(text, lower: true, dashes: false)).Text == text
            && Udf.AreEqual(text, text.ToLowerInvariant());
    });

    [Property(MaxTest = 300)]
    public Property Matches_is_the_prefix_relation_of_digests() => Prop.ForAll(
        Arb.From(from data in ArbMap.Default.GeneratorFor<byte[]>()
                 from a in Precision
                 from b in Precision
                 select (data, a, b)),
        t =>
        {
            var (data, a, b) = t;
            var shorter = Udf.ContentDigest("text/plain", data, Math.Min(a, b));
            var longer = Udf.ContentDigest("text/plain", data, Math.Max(a, b));
            var other = Udf.ContentDigest("text/plain", [.. data, 0], Math.Max(a, b));
            return Udf.Matches(shorter, longer)
                && Udf.Matches(shorter, longer) == longer.Replace("-", "", StringComparison.Ordinal).StartsWith(shorter.Replace("-", "", StringComparison.Ordinal), StringComparison.Ordinal)
                && (a == b || !Udf.Matches(longer, shorter))
                && !Udf.Matches(shorter, other);
        });

    [Property(MaxTest = 200)]
    public Property A_fixed_length_UDF_matches_only_itself() => Prop.ForAll(Arb.From(Gen.Fresh(() => (Udf.Nonce(), Udf.Nonce()))), t =>
        Udf.Matches(t.Item1, t.Item1) && !Udf.Matches(t.Item1, t.Item2) && !Udf.Matches(t.Item1[..^5], t.Item1));
}
