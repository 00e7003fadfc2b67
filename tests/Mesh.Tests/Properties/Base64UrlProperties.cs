using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Mesh.Encoding;

namespace Mesh.Tests.Properties;

/// <summary>Base64url round trips, and its decoder never throws and accepts only the one canonical encoding.</summary>
public sealed class Base64UrlProperties
{
    [Property(MaxTest = 500)]
    public bool Encoding_round_trips(byte[] data) => Base64Url.Decode(Base64Url.Encode(data ?? [])).AsSpan().SequenceEqual(data ?? []);

    [Property(MaxTest = 500)]
    public Property TryDecode_never_throws_and_accepts_only_canonical_text() => Prop.ForAll(
        Arb.From(Gen.OneOf(Inputs.AnyString.Generator.Where(s => s is not null).Select(s => s!),
            ArbMap.Default.GeneratorFor<byte[]>().Select(b => Base64Url.Encode(b ?? [])),
            from b in ArbMap.Default.GeneratorFor<byte[]>()
            from c in Gen.Elements('=', '+', '/', ' ', '\n', 'A', '_', '-', '\0')
            select Base64Url.Encode(b ?? []) + c)),
        text =>
        {
            if (!Base64Url.TryDecode(text, out var data)) return Assert.Throws<MeshException>(() => Base64Url.Decode(text)) is not null;
            return Base64Url.Encode(data) == string.Concat(text.Where(c => c is not (' ' or '\t' or '\r' or '\n')));
        });
}
