// RFC 7516 section 7 (serializations: 7.1 compact, 7.2.1 general JSON, 7.2.2 flattened JSON), read strictly.
using System.Text.Json;
using Mesh.Cryptography;
using Mesh.Encoding;

namespace Mesh.Jose;

/// <summary>The serialization a JWE was read from (RFC 7516 section 7).</summary>
public enum JweSerialization
{
    /// <summary>The compact serialization: five base64url parts separated by '.' (section 7.1).</summary>
    Compact,
    /// <summary>The flattened JSON serialization: one recipient, no <c>recipients</c> array (section 7.2.2).</summary>
    Flattened,
    /// <summary>The general JSON serialization: a <c>recipients</c> array (section 7.2.1).</summary>
    General,
}

/// <summary>
/// A JWE read from untrusted text, ready to decrypt. <see cref="Parse"/> checks its structure
/// strictly: duplicate or colliding header members, <c>crit</c>, <c>zip</c>, an unsupported
/// <c>enc</c>, bad base64url (including whitespace) and oversized input are all rejected with
/// <see cref="MeshException"/>. The exact encoded protected header and AAD are kept, as they are authenticated.
/// </summary>
public sealed class JweMessage
{
    private JweMessage(JweSerialization serialization, string encodedProtected, string? encodedAad, IReadOnlyList<JweEntry> entries,
        byte[] iv, byte[] ciphertext, byte[] tag, JweEncryption encryption, string? contentType)
    {
        Serialization = serialization;
        EncodedProtected = encodedProtected;
        EncodedAad = encodedAad;
        Entries = entries;
        Iv = iv;
        Ciphertext = ciphertext;
        Tag = tag;
        Encryption = encryption;
        ContentType = contentType;
        KeyIds = [.. entries.Select(e => e.KeyId)];
    }

    /// <summary>The serialization the JWE was read from.</summary>
    public JweSerialization Serialization { get; }

    /// <summary>The content encryption algorithm (<c>enc</c>), one of the allowed ones.</summary>
    public JweEncryption Encryption { get; }

    /// <summary>The <c>cty</c> of the protected or shared unprotected header, or null.</summary>
    public string? ContentType { get; }

    /// <summary>The <c>kid</c> of each recipient, in order; null for a recipient without one.</summary>
    public IReadOnlyList<string?> KeyIds { get; }

    internal string EncodedProtected { get; }

    internal string? EncodedAad { get; }

    internal IReadOnlyList<JweEntry> Entries { get; }

    internal byte[] Iv { get; }

    internal byte[] Ciphertext { get; }

    internal byte[] Tag { get; }

    /// <summary>Reads a JWE in any serialization: JSON when it starts with '{', else compact.</summary>
    public static JweMessage Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > JoseJson.MaxObjectLength)
            throw new MeshException(MeshStatus.TooLarge, $"The JWE is larger than {JoseJson.MaxObjectLength} bytes.");
        return text.AsSpan().TrimStart().StartsWith("{", StringComparison.Ordinal) ? ParseJson(text) : ParseCompact(text);
    }

    /// <summary>
    /// Decrypts with a private key (X25519 or P-256 for ECDH-ES, RSA for RSA-OAEP). With a
    /// <paramref name="keyId"/>, only the recipients with that <c>kid</c> are considered; without,
    /// every recipient whose algorithm fits the key is tried. Throws <see cref="MeshException"/>
    /// when no recipient decrypts or the content does not authenticate.
    /// </summary>
    public byte[] Decrypt(KeyPair key, string? keyId = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        return JweDecryptor.Decrypt(this, key, [], keyId);
    }

    /// <summary>Decrypts with a shared symmetric key (<c>A128KW</c>, <c>A256KW</c> or <c>dir</c>); otherwise as the other overload.</summary>
    public byte[] Decrypt(ReadOnlySpan<byte> symmetricKey, string? keyId = null)
    {
        if (symmetricKey.IsEmpty) throw new ArgumentException("The symmetric key is empty.", nameof(symmetricKey));
        return JweDecryptor.Decrypt(this, null, symmetricKey, keyId);
    }

    /// <summary>
    /// Decodes a base64url member of a JWE. Unlike Mesh binary fields, JOSE allows no whitespace
    /// inside (RFC 7515 section 2), and accepting it would let two texts carry the same JWE.
    /// </summary>
    internal static byte[] DecodeMember(string text, string what)
    {
        if (text.AsSpan().IndexOfAny(" \t\r\n") >= 0)
            throw new MeshException($"The {what} is not valid base64url: it contains whitespace.");
        return Base64Url.Decode(text, what);
    }

    private static JweMessage ParseCompact(string text)
    {
        // Count before splitting, as JwsCompact.Parse does, so that a string of dots costs nothing.
        var dots = text.AsSpan().Count('.');
        if (dots != 4)
            throw new MeshException($"A compact JWE has five parts separated by '.', not {dots + 1}.");
        var parts = text.Split('.');
        if (parts[0].Length == 0) throw new MeshException("The compact JWE has no protected header.");
        var header = new JweHeader(DecodeProtected(parts[0]), null, null);
        var encryptedKey = parts[1].Length == 0 ? null : DecodeMember(parts[1], "JWE encrypted key");
        return Create(JweSerialization.Compact, parts[0], null, [new JweEntry(header, encryptedKey)],
            DecodeMember(parts[2], "JWE iv"), DecodeMember(parts[3], "JWE ciphertext"), DecodeMember(parts[4], "JWE tag"),
            header);
    }

    private static JweMessage ParseJson(string text)
    {
        const string What = "JWE";
        using var document = JoseJson.Parse(text, What);
        var root = JoseJson.RequireObject(document.RootElement, What);
        var encodedProtected = JoseJson.OptionalString(root, "protected", What);
        if (encodedProtected is { Length: 0 }) throw new MeshException("The JWE member 'protected' must be absent when the protected header is empty.");
        var protectedHeader = encodedProtected is null ? (JsonElement?)null : DecodeProtected(encodedProtected);
        var shared = JoseJson.OptionalObject(root, "unprotected", What)?.Clone();
        var encodedAad = JoseJson.OptionalString(root, "aad", What);
        if (encodedAad is not null) DecodeMember(encodedAad, "JWE aad");
        var iv = DecodeMember(JoseJson.RequiredString(root, "iv", What), "JWE iv");
        var ciphertext = DecodeMember(JoseJson.RequiredString(root, "ciphertext", What), "JWE ciphertext");
        var tag = DecodeMember(JoseJson.RequiredString(root, "tag", What), "JWE tag");

        var entries = new List<JweEntry>();
        JweSerialization serialization;
        if (root.TryGetProperty("recipients", out _))
        {
            if (root.TryGetProperty("header", out _) || root.TryGetProperty("encrypted_key", out _))
                throw new MeshException("The JWE mixes the general serialization ('recipients') with the flattened one ('header', 'encrypted_key').");
            var recipients = JoseJson.RequiredArray(root, "recipients", What);
            var count = recipients.GetArrayLength();
            if (count == 0) throw new MeshException("The JWE has an empty 'recipients' array.");
            if (count > Jwe.MaxRecipients)
                throw new MeshException(MeshStatus.TooLarge, $"The JWE has {count} recipients; at most {Jwe.MaxRecipients} are accepted.");
            foreach (var recipient in recipients.EnumerateArray())
                entries.Add(ReadEntry(JoseJson.RequireObject(recipient, "JWE recipient"), "JWE recipient", protectedHeader, shared));
            serialization = JweSerialization.General;
        }
        else
        {
            entries.Add(ReadEntry(root, What, protectedHeader, shared));
            serialization = JweSerialization.Flattened;
        }
        return Create(serialization, encodedProtected ?? "", encodedAad, entries, iv, ciphertext, tag, new JweHeader(protectedHeader, shared, null));
    }

    private static JweEntry ReadEntry(JsonElement obj, string what, JsonElement? protectedHeader, JsonElement? shared)
    {
        var header = new JweHeader(protectedHeader, shared, JoseJson.OptionalObject(obj, "header", what)?.Clone());
        var encodedKey = JoseJson.OptionalString(obj, "encrypted_key", what);
        // RFC 7516 section 7.2.1: the member is absent when the encrypted key is empty.
        if (encodedKey is { Length: 0 }) throw new MeshException($"The {what} member 'encrypted_key' must be absent when there is no encrypted key.");
        return new JweEntry(header, encodedKey is null ? null : DecodeMember(encodedKey, "JWE encrypted key"));
    }

    private static JsonElement DecodeProtected(string encoded)
    {
        const string What = "JWE protected header";
        var bytes = DecodeMember(encoded, What);
        using var document = JoseJson.Parse(bytes, What);
        return JoseJson.RequireObject(document.RootElement, What).Clone();
    }

    private static JweMessage Create(JweSerialization serialization, string encodedProtected, string? encodedAad, List<JweEntry> entries,
        byte[] iv, byte[] ciphertext, byte[] tag, JweHeader common)
    {
        // One ciphertext has one content encryption: every recipient must name the same, allowed 'enc'.
        var names = entries.Select(e => e.Header.RequiredString("enc")).Distinct(StringComparer.Ordinal).ToList();
        if (names.Count != 1) throw new MeshException("The JWE's recipients disagree on the content encryption algorithm ('enc').");
        var encryption = JweAlgorithms.ParseEncryption(names[0]);
        foreach (var entry in entries) entry.Header.RequiredString("alg");
        return new JweMessage(serialization, encodedProtected, encodedAad, entries, iv, ciphertext, tag, encryption, common.String("cty"));
    }
}

/// <summary>One recipient of a parsed JWE: its merged header and its encrypted key (null when absent or empty).</summary>
internal sealed record JweEntry(JweHeader Header, byte[]? EncryptedKey)
{
    internal string? KeyId { get; } = Header.String("kid");
}
