using System.Buffers.Binary;
using Mesh.Cryptography;
using Mesh.Transparency;

namespace Mesh.Tests.Transparency;

/// <summary>C2SP tlog-cosignature (cosignature/v1, Ed25519) and the add-checkpoint body of C2SP tlog-witness.</summary>
public class CosignatureTests
{
    private const string Text = "example.com/mmm\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

    [Fact]
    public void A_cosignature_is_the_time_and_an_Ed25519_signature_of_the_spec_message_under_a_type_4_key_id()
    {
        using var key = KeyPair.Generate(KeyAlgorithm.Ed25519);
        var cosigner = NoteVerifierKey.ForCosigner("witness.example/w1", key.PublicKey);
        var line = Cosignature.Sign(Text, cosigner, key, DateTimeOffset.FromUnixTimeSeconds(1679315147));

        // Rebuilt by hand from the spec: "— NAME base64(keyid(4) || u64be(time) || sig(64))".
        Assert.StartsWith("\u2014 witness.example/w1 ", line, StringComparison.Ordinal);
        var blob = Convert.FromBase64String(line.TrimEnd('\n').Split(' ')[2]);
        Assert.Equal(4 + 8 + 64, blob.Length);
        var typed = Convert.FromBase64String(cosigner.ToString().Split('+', 3)[2]);
        Assert.Equal(0x04, typed[0]);
        var id = System.Security.Cryptography.SHA256.HashData([.. "witness.example/w1\n"u8, .. typed])[..4];
        Assert.Equal(id, blob[..4]);
        Assert.Equal(1679315147UL, BinaryPrimitives.ReadUInt64BigEndian(blob.AsSpan(4)));
        var message = System.Text.Encoding.UTF8.GetBytes("cosignature/v1\ntime 1679315147\n" + Text);
        Assert.True(key.PublicKey.Verify(SignatureScheme.Ed25519, message, blob.AsSpan(12)));

        var verified = Cosignature.Verify(Text + "\n" + line, [cosigner]);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1679315147), verified[cosigner]);
    }

    [Fact]
    public void A_cosignature_counts_only_for_its_own_key_and_its_own_checkpoint()
    {
        using var key = KeyPair.Generate(KeyAlgorithm.Ed25519);
        using var other = KeyPair.Generate(KeyAlgorithm.Ed25519);
        var cosigner = NoteVerifierKey.ForCosigner("w1", key.PublicKey);
        var line = Cosignature.Sign(Text, cosigner, key, DateTimeOffset.UnixEpoch.AddDays(1));
        Assert.Empty(Cosignature.Verify(Text + "\n" + line, [NoteVerifierKey.ForCosigner("w1", other.PublicKey)]));
        Assert.Empty(Cosignature.Verify(Text.Replace("20852163", "20852164", StringComparison.Ordinal) + "\n" + line, [cosigner]));
        // The same key as a note signer (type 0x01) has another key id, and a note signature is not a cosignature.
        Assert.Empty(Cosignature.Verify(Text + "\n" + line, [NoteVerifierKey.For("w1", key.PublicKey)]));
        Assert.Throws<ArgumentException>(() => SignedNote.Sign(Text, cosigner, key));
        Assert.False(SignedNote.TryOpen(Text + "\n" + line, cosigner, out _));
        Assert.Empty(Cosignature.Verify("not a note", [cosigner]));
    }

    [Fact]
    public void Cosigner_vkeys_round_trip_with_type_4()
    {
        using var key = KeyPair.Generate(KeyAlgorithm.Ed25519);
        var cosigner = NoteVerifierKey.ForCosigner("witness.example/w1", key.PublicKey);
        Assert.True(NoteVerifierKey.TryParse(cosigner.ToString(), out var parsed));
        Assert.Equal(NoteVerifierKey.CosignatureType, parsed.Type);
        Assert.Equal(cosigner.KeyHash, parsed.KeyHash);
        Assert.NotEqual(NoteVerifierKey.For("witness.example/w1", key.PublicKey).KeyHash, cosigner.KeyHash);
    }

    [Fact]
    public void An_add_checkpoint_body_round_trips()
    {
        var proof = new[] { new byte[32], Enumerable.Repeat((byte)7, 32).ToArray() };
        var body = new AddCheckpointRequest(20852014, proof, Text + "\n\u2014 x AAAA\n").Format();
        Assert.StartsWith("old 20852014\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n", body, StringComparison.Ordinal);
        Assert.True(AddCheckpointRequest.TryParse(body, out var parsed, out _));
        Assert.Equal(20852014, parsed.OldSize);
        Assert.Equal(proof, parsed.Proof);
        Assert.Equal(Text + "\n\u2014 x AAAA\n", parsed.Checkpoint);
        Assert.True(AddCheckpointRequest.TryParse("old 0\n\n" + Text, out var empty, out _));
        Assert.Empty(empty.Proof);
    }

    [Theory]
    [InlineData("old 5\n" + Text)] // no empty line
    [InlineData("old 05\n\n" + Text)] // a leading zero
    [InlineData("old -1\n\n" + Text)]
    [InlineData("new 5\n\n" + Text)]
    [InlineData("old 5\nnot base64!\n\n" + Text)]
    [InlineData("old 5\nAAAA\n\n" + Text)] // not 32 bytes
    [InlineData("old 99999999999999999999\n\n" + Text)]
    public void A_malformed_add_checkpoint_body_is_refused_with_a_reason(string body)
    {
        Assert.False(AddCheckpointRequest.TryParse(body, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void More_than_63_proof_lines_are_refused()
    {
        var line = Convert.ToBase64String(new byte[32]) + "\n";
        Assert.True(AddCheckpointRequest.TryParse("old 1\n" + string.Concat(Enumerable.Repeat(line, 63)) + "\n" + Text, out _, out _));
        Assert.False(AddCheckpointRequest.TryParse("old 1\n" + string.Concat(Enumerable.Repeat(line, 64)) + "\n" + Text, out _, out _));
    }
}
