// RFC 7516 sections 7.1 (compact serialization) and 7.2.1 (general JSON serialization), writing.
using System.Text.Encodings.Web;
using System.Text.Json;
using Mesh.Encoding;

namespace Mesh.Jose;

/// <summary>Writes headers and serializations of an encrypted JWE.</summary>
internal static class JweWriter
{
    // The default encoder escapes '+' (as in ECDH-ES+A256KW) to \u002B; headers are base64url-encoded,
    // never embedded in HTML, so the relaxed encoder is safe and gives the bytes other JOSE libraries write.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The protected header's UTF-8 JSON: <c>alg</c>, <c>kid</c> and <c>epk</c> of <paramref name="inline"/>
    /// when given (the compact layout, in the order of the RFC 7520 examples), then <c>enc</c> and <c>cty</c>.
    /// </summary>
    internal static byte[] ProtectedHeader(JweEncryption encryption, string? contentType, JweRecipientOutput? inline) => Write(writer =>
    {
        writer.WriteStartObject();
        if (inline is not null) WriteRecipientMembers(writer, inline);
        writer.WriteString("enc", encryption.Name());
        if (contentType is not null) writer.WriteString("cty", contentType);
        writer.WriteEndObject();
    });

    /// <summary>The compact serialization: protected header, encrypted key, IV, ciphertext and tag, joined by '.'.</summary>
    internal static string Compact(JweParts parts) => string.Join('.',
        parts.EncodedProtected,
        Base64Url.Encode(parts.Recipients[0].EncryptedKey ?? []),
        Base64Url.Encode(parts.Iv),
        Base64Url.Encode(parts.Ciphertext),
        Base64Url.Encode(parts.Tag));

    /// <summary>The general JSON serialization, each recipient with an unprotected header of its own.</summary>
    internal static string General(JweParts parts) => System.Text.Encoding.UTF8.GetString(Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("protected", parts.EncodedProtected);
        writer.WriteStartArray("recipients");
        foreach (var recipient in parts.Recipients)
        {
            writer.WriteStartObject();
            writer.WriteStartObject("header");
            WriteRecipientMembers(writer, recipient);
            writer.WriteEndObject();
            // RFC 7516 section 7.2.1: absent, not empty, when a direct algorithm leaves no encrypted key.
            if (recipient.EncryptedKey is not null) writer.WriteString("encrypted_key", Base64Url.Encode(recipient.EncryptedKey));
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        if (parts.EncodedAad is not null) writer.WriteString("aad", parts.EncodedAad);
        writer.WriteString("iv", Base64Url.Encode(parts.Iv));
        writer.WriteString("ciphertext", Base64Url.Encode(parts.Ciphertext));
        writer.WriteString("tag", Base64Url.Encode(parts.Tag));
        writer.WriteEndObject();
    }));

    private static void WriteRecipientMembers(Utf8JsonWriter writer, JweRecipientOutput recipient)
    {
        writer.WriteString("alg", recipient.Recipient.Algorithm.Name());
        writer.WriteString("kid", recipient.Recipient.KeyId);
        if (recipient.EphemeralKey is not null)
        {
            writer.WriteStartObject("epk");
            recipient.EphemeralKey.WriteJwkMembers(writer);
            writer.WriteEndObject();
        }
    }

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options)) write(writer);
        return buffer.ToArray();
    }
}
