namespace Mesh.Fuzz;

/// <summary>
/// Deterministic structure-blind mutations, as a fuzzer makes them without instrumentation: bit
/// flips, byte changes, tokens that matter to JSON, base64url and UDFs, deleted, duplicated and
/// spliced ranges, deep nesting. The same input and seed always give the same mutation.
/// </summary>
public static class Mutator
{
    private static readonly byte[][] Tokens = [.. new[]
    {
        "{", "}", "[", "]", "\"", ":", ",", "\\", "\\u0000", "\\ud800", "\\udfff", "null", "true", "false", "0", "-1",
        "1e999", "-0", "9223372036854775808", "1.5", "\"\"", "{}", "[]", ".", "..", "=", "+", "/", "-", "_", " ", "\n",
        "\"Status\"", "\"payload\"", "\"signatures\"", "\"protected\"", "\"header\"", "\"alg\"", "\"none\"", "\"kid\"",
        "\"EdDSA\"", "\"A256KW\"", "\"enc\"", "\"recipients\"", "\"encrypted_key\"", "\"ciphertext\"", "\"tag\"", "\"iv\"",
        "eyJhbGciOiJub25lIn0", "AAAA", "MAAA", "NAAA", "KAAA", "Mesh ", "\"GetRequest\"", "\"PublishRequest\"",
    }.Select(System.Text.Encoding.UTF8.GetBytes), [0xC3, 0x28], [0xFF], [0x00], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80]];

    /// <summary>A mutation of <paramref name="input"/>: 1 to 4 random edits chosen by <paramref name="seed"/>; <paramref name="other"/> is spliced from.</summary>
    public static byte[] Mutate(byte[] input, int seed, byte[]? other = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        var random = new Random(seed);
        var data = new List<byte>(input);
        var edits = 1 + random.Next(4);
        for (var i = 0; i < edits; i++) Edit(data, random, other);
        return [.. data];
    }

    private static void Edit(List<byte> data, Random random, byte[]? other)
    {
        int At() => random.Next(data.Count + 1);
        int Existing() => random.Next(data.Count);
        switch (random.Next(data.Count == 0 ? 1 : 9))
        {
            case 0:
                data.InsertRange(At(), Tokens[random.Next(Tokens.Length)]);
                break;
            case 1:
                data[Existing()] ^= (byte)(1 << random.Next(8));
                break;
            case 2:
                data[Existing()] = (byte)random.Next(256);
                break;
            case 3:
            {
                var at = Existing();
                data.RemoveRange(at, Math.Min(data.Count - at, 1 + random.Next(16)));
                break;
            }
            case 4:
            {
                var at = Existing();
                var copy = data.GetRange(at, Math.Min(data.Count - at, 1 + random.Next(64)));
                data.InsertRange(At(), copy);
                break;
            }
            case 5:
            {
                var keep = Existing();
                data.RemoveRange(keep, data.Count - keep);
                break;
            }
            case 6:
            {
                var at = Existing();
                var token = Tokens[random.Next(Tokens.Length)];
                data.RemoveRange(at, Math.Min(data.Count - at, token.Length));
                data.InsertRange(Math.Min(at, data.Count), token);
                break;
            }
            case 7 when other is { Length: > 0 }:
            {
                var from = random.Next(other.Length);
                data.InsertRange(At(), other.AsSpan(from, Math.Min(other.Length - from, 1 + random.Next(128))).ToArray());
                break;
            }
            default:
            {
                var open = (byte)"[{"[random.Next(2)];
                data.InsertRange(At(), Enumerable.Repeat(open, 1 + random.Next(80)));
                break;
            }
        }
    }
}
