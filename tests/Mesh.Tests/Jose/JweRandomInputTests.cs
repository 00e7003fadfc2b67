// RFC 7516 section 5.2 on hostile input: whatever the bytes, decryption gives the plaintext or a MeshException, never another exception.
using Mesh.Cryptography;
using Mesh.Jose;

namespace Mesh.Tests.Jose;

public sealed class JweRandomInputTests : IDisposable
{
    private const string Alphabet = "{}[]\",:.AZaz09-_+/= \t\\\u0000\u00e9";
    private static readonly byte[] Plaintext = System.Text.Encoding.UTF8.GetBytes("attack at dawn");
    private readonly JweTestKeys _keys = new();

    public void Dispose() => _keys.Dispose();

    [Theory]
    [InlineData("general", 1)]
    [InlineData("compact", 2)]
    [InlineData("general-aad", 3)]
    [InlineData("compact-header", 4)]
    public void Random_edits_give_the_plaintext_or_a_MeshException(string form, int seed)
    {
        var (original, key) = form switch
        {
            "general" => (Jwe.Encrypt(Plaintext, _keys.Recipients()[..4]), _keys.X25519A),
            "compact" or "compact-header" => (Jwe.EncryptCompact(Plaintext, _keys.Recipients()[2]), _keys.P256A),
            _ => (Jwe.Encrypt(Plaintext, _keys.Recipients()[2..4], new JweOptions { AdditionalData = new byte[] { 1 } }), _keys.P256B),
        };
        var random = new Random(seed);
        for (var i = 0; i < 1500; i++)
        {
            var text = form == "compact-header" ? EditHeader(original, random) : Edit(original, random);
            try
            {
                Assert.Equal(Plaintext, Jwe.Decrypt(text, key));
            }
            catch (MeshException)
            {
                // Rejected, as most edits must be.
            }
        }
    }

    // Edits the JSON of a compact JWE's protected header rather than its base64url, to reach the header reader.
    private static string EditHeader(string compact, Random random)
    {
        var parts = compact.Split('.');
        var header = System.Text.Encoding.UTF8.GetString(Mesh.Encoding.Base64Url.Decode(parts[0]));
        parts[0] = Mesh.Encoding.Base64Url.Encode(System.Text.Encoding.UTF8.GetBytes(Edit(header, random)));
        return string.Join('.', parts);
    }

    private static string Edit(string text, Random random)
    {
        var builder = new System.Text.StringBuilder(text);
        for (var edits = random.Next(1, 4); edits > 0 && builder.Length > 0; edits--)
        {
            var at = random.Next(builder.Length);
            switch (random.Next(4))
            {
                case 0: builder[at] = Alphabet[random.Next(Alphabet.Length)]; break;
                case 1: builder.Remove(at, 1); break;
                case 2: builder.Insert(at, Alphabet[random.Next(Alphabet.Length)]); break;
                default:
                    var length = random.Next(1, Math.Min(40, builder.Length - at) + 1);
                    builder.Insert(at, builder.ToString(at, length));
                    break;
            }
        }
        return builder.ToString();
    }
}
