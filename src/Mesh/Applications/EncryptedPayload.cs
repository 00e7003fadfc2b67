// NOTES.md section 3: an EncryptedData / JoseWebEncryption field holds an RFC 7516 JWE in the
// General JSON Serialization; here its plaintext is the tagged JSON of a Mesh object and its
// cty that object's type name.
using System.Security.Cryptography;
using System.Text.Json;
using Mesh.Jose;
using Mesh.Schema;
using Mesh.Schema.Json;

namespace Mesh.Applications;

/// <summary>Encrypts a Mesh object into a <see cref="JoseWebEncryption"/> and reads one back.</summary>
internal static class EncryptedPayload
{
    /// <summary>Encrypts the tagged JSON of <paramref name="value"/> (A256GCM, a fresh content key) to the recipients.</summary>
    internal static JoseWebEncryption Encrypt<T>(T value, IReadOnlyList<JweRecipient> recipients) where T : class
    {
        var plaintext = TaggedJson.Serialize(value);
        try
        {
            if (plaintext.Length > Jwe.MaxPlaintextLength)
                throw new MeshException(MeshStatus.TooLarge, $"The {value.GetType().Name} is {plaintext.Length / 1024} KiB; at most {Jwe.MaxPlaintextLength / 1024} KiB "
                    + "can be encrypted into one entry (about 25,000 logins of a password vault).");
            var json = Jwe.Encrypt(plaintext, recipients, new JweOptions { ContentType = value.GetType().Name });
            return JsonSerializer.Deserialize(json, MeshJsonContext.Default.JoseWebEncryption)!;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>
    /// Reads the JWE of a field and checks that its cty names <typeparamref name="T"/>; throws
    /// <see cref="MeshException"/> (400) when it is missing or malformed.
    /// </summary>
    internal static JweMessage Parse<T>(JoseWebEncryption? jwe, string what)
    {
        if (jwe is null) throw new MeshException($"The {what} has no encrypted data.");
        var message = JweMessage.Parse(JsonSerializer.Serialize(jwe, MeshJsonContext.Default.JoseWebEncryption));
        if (message.ContentType != typeof(T).Name)
            throw new MeshException($"The encrypted data of the {what} holds a '{message.ContentType}', not a {typeof(T).Name}.");
        return message;
    }

    /// <summary>Reads decrypted bytes as a <typeparamref name="T"/> and erases them; 400 when they are not one.</summary>
    internal static T Read<T>(byte[] plaintext, string what) where T : class
    {
        try
        {
            return TaggedJson.Deserialize<T>(plaintext);
        }
        catch (MeshException e)
        {
            throw new MeshException($"The decrypted {what} is not a {typeof(T).Name}: {e.Message}", e);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}
