using Mesh.Cryptography;
using Mesh.Schema;
using Mesh.Transparency;

namespace Mesh.Tests.Transparency;

/// <summary>C2SP signed-note and tlog-checkpoint, against the example of Go's golang.org/x/mod/sumdb/note.</summary>
public class SignedNoteTests
{
    // From the documentation of golang.org/x/mod/sumdb/note (x/mod 0.7.0, note.go).
    private const string Vkey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    private const string Skey = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    private const string Text = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
    private const string Note = Text + "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    private static KeyPair GoKey()
    {
        var typed = Convert.FromBase64String(Skey.Split('+', 5)[4]);
        return KeyPair.ImportPkcs8([.. Convert.FromHexString("302e020100300506032b657004220420"), .. typed.AsSpan(1)]);
    }

    [Fact]
    public void The_Go_example_verifies_and_signing_it_again_gives_the_same_note()
    {
        Assert.True(NoteVerifierKey.TryParse(Vkey, out var verifier));
        Assert.Equal(0xc74f20a3u, verifier.KeyHash);
        Assert.Equal(Vkey, verifier.ToString());
        Assert.True(SignedNote.TryOpen(Note, verifier, out var text));
        Assert.Equal(Text, text);

        using var key = GoKey();
        Assert.Equal(Vkey, NoteVerifierKey.For("PeterNeumann", key.PublicKey).ToString());
        Assert.Equal(Note, SignedNote.Sign(Text, verifier, key));
    }

    [Fact]
    public void Vkeys_round_trip_whatever_their_base64_holds()
    {
        // Standard base64 has '+' and '/': the key part is everything after the second '+'.
        for (var i = 0; i < 64; i++)
        {
            using var key = KeyPair.Generate(KeyAlgorithm.Ed25519);
            var vkey = NoteVerifierKey.For("example.com/mmm", key.PublicKey).ToString();
            Assert.True(NoteVerifierKey.TryParse(vkey, out var read), vkey);
            Assert.Equal(key.PublicKey, read.Key);
            Assert.Equal(vkey, read.ToString());
        }
    }

    [Theory]
    [InlineData("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")] // wrong hash
    [InlineData("PeterNeumann+c74f20a3+ApKc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")] // unknown type
    [InlineData("Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")] // space in the name
    [InlineData("PeterNeumann+c74f20a3")]
    [InlineData("PeterNeumann+c74f20+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")]
    [InlineData("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T")]
    [InlineData("")]
    public void A_malformed_or_mismatched_vkey_is_refused(string vkey) => Assert.False(NoteVerifierKey.TryParse(vkey, out _));

    public static TheoryData<string> Mangled() => new()
    {
        Note.Replace("problem,", "problem;", StringComparison.Ordinal),       // changed text
        Note.Replace("x08go", "x09go", StringComparison.Ordinal),             // changed signature
        Note.Replace("\u2014 PeterNeumann", "\u2014 PeterNeuman", StringComparison.Ordinal), // another signer only
        Note.Replace("\n\n", "\n", StringComparison.Ordinal),                 // no blank line
        Note[..^1],                                                           // no final newline
        Note.Replace("\u2014 ", "- ", StringComparison.Ordinal),             // not an em dash
        "\r" + Note,                                                          // a control character
        Text,                                                                 // no signature
    };

    [Theory]
    [MemberData(nameof(Mangled))]
    public void A_changed_or_malformed_note_does_not_open(string note)
    {
        Assert.True(NoteVerifierKey.TryParse(Vkey, out var verifier));
        Assert.False(SignedNote.TryOpen(note, verifier, out _));
    }

    [Fact]
    public void Other_signers_lines_are_skipped_and_the_verifier_s_is_required()
    {
        Assert.True(NoteVerifierKey.TryParse(Vkey, out var verifier));
        using var witness = KeyPair.Generate(KeyAlgorithm.Ed25519);
        var cosigner = NoteVerifierKey.For("witness.example/w1", witness.PublicKey);
        var cosigned = Note + SignedNote.Sign(Text, cosigner, witness)[(Text.Length + 1)..];
        Assert.True(SignedNote.TryOpen(cosigned, verifier, out _));
        Assert.True(SignedNote.TryOpen(cosigned, cosigner, out _));
        Assert.False(SignedNote.TryOpen(SignedNote.Sign(Text, cosigner, witness), verifier, out _));
    }

    [Fact]
    public void A_checkpoint_note_round_trips_and_names_its_origin()
    {
        using var key = KeyPair.Generate(KeyAlgorithm.Ed25519);
        var origin = CheckpointNote.Origin("Example.com");
        Assert.Equal("example.com/mmm", origin);
        var root = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var text = CheckpointNote.Text(origin, new Checkpoint { Portal = "example.com", TreeSize = 1234, RootHash = root, Time = DateTimeOffset.UnixEpoch });
        Assert.Equal("example.com/mmm\n1234\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n", text);
        var verifier = NoteVerifierKey.For(origin, key.PublicKey);
        Assert.True(SignedNote.TryOpen(SignedNote.Sign(text, verifier, key), verifier, out var opened));
        Assert.True(CheckpointNote.TryRead(opened, origin, out var size, out var read));
        Assert.Equal(1234, size);
        Assert.Equal(root, read);
        Assert.True(CheckpointNote.TryRead(text.Replace("=\n", "=\nextension line\n", StringComparison.Ordinal), origin, out _, out _));
        Assert.False(CheckpointNote.TryRead(text, "other.example/mmm", out _, out _));
        Assert.False(CheckpointNote.TryRead(text.Replace("1234", "01234", StringComparison.Ordinal), origin, out _, out _));
        Assert.False(CheckpointNote.TryRead(text.Replace("AAEC", "AAE", StringComparison.Ordinal), origin, out _, out _));
    }
}
