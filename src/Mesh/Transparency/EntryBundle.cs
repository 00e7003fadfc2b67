// C2SP tlog-tiles, "Log entries": an entry bundle is the entries of a level-0 tile, each prefixed by its length.
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Mesh.Transparency;

/// <summary>
/// Encodes and reads entry bundles: a sequence of length-prefixed entries, big-endian uint16 lengths for the
/// C2SP form (<see cref="TileKind.Entries"/>) and uint32 for this implementation's (<see cref="TileKind.MeshEntries"/>).
/// </summary>
public static class EntryBundle
{
    /// <summary>The longest entry a C2SP entry bundle can hold.</summary>
    public const int MaxC2spEntry = ushort.MaxValue;

    /// <summary>The bundle of <paramref name="entries"/>; false when one is too long for <paramref name="kind"/>.</summary>
    public static bool TryEncode(TileKind kind, IReadOnlyList<byte[]> entries, [NotNullWhen(true)] out byte[]? bundle)
    {
        ArgumentNullException.ThrowIfNull(entries);
        bundle = null;
        var prefix = PrefixLength(kind);
        long length = 0;
        foreach (var entry in entries)
        {
            if (prefix == 2 && entry.Length > MaxC2spEntry) return false;
            length += prefix + entry.Length;
        }
        if (length > Array.MaxLength) return false;
        bundle = new byte[length];
        var at = 0;
        foreach (var entry in entries)
        {
            if (prefix == 2) BinaryPrimitives.WriteUInt16BigEndian(bundle.AsSpan(at), (ushort)entry.Length);
            else BinaryPrimitives.WriteUInt32BigEndian(bundle.AsSpan(at), (uint)entry.Length);
            entry.CopyTo(bundle, at += prefix);
            at += entry.Length;
        }
        return true;
    }

    /// <summary>Reads exactly <paramref name="count"/> entries from <paramref name="bundle"/>; false when it holds anything else.</summary>
    public static bool TryRead(TileKind kind, ReadOnlySpan<byte> bundle, int count, [NotNullWhen(true)] out List<byte[]>? entries)
    {
        var prefix = PrefixLength(kind);
        entries = new List<byte[]>(count);
        while (!bundle.IsEmpty)
        {
            if (bundle.Length < prefix || entries.Count == count) return Fail(out entries);
            var length = prefix == 2 ? BinaryPrimitives.ReadUInt16BigEndian(bundle) : BinaryPrimitives.ReadUInt32BigEndian(bundle);
            bundle = bundle[prefix..];
            if (length > (uint)bundle.Length) return Fail(out entries);
            entries.Add(bundle[..(int)length].ToArray());
            bundle = bundle[(int)length..];
        }
        return entries.Count == count || Fail(out entries);
    }

    private static bool Fail(out List<byte[]>? entries)
    {
        entries = null;
        return false;
    }

    private static int PrefixLength(TileKind kind) => kind switch
    {
        TileKind.Entries => 2,
        TileKind.MeshEntries => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Only entry bundles hold entries."),
    };
}
