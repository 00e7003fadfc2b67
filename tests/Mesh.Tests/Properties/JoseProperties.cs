using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Mesh.Cryptography;
using Mesh.Fuzz;
using Mesh.Jose;

namespace Mesh.Tests.Properties;

/// <summary>
/// The JOSE parsers refuse anything malformed with MeshException alone, and no mutation of a
/// signed or encrypted message yields another payload that verifies or decrypts.
/// </summary>
public sealed class JoseProperties
{
    private static readonly byte[] Payload = "{\"ConnectionRequest\":{\"ParentUDF\":\"MAAA\"}}"u8.ToArray();
    private static readonly JweRecipient Recipient = JweRecipient.ForSymmetricKey(Targets.SymmetricKey, "key-1", JweKeyManagement.A256Kw);

    private static readonly string CompactJws = JwsCompact.Sign(Payload, Targets.SigningKey, keyId: "key-1", contentType: "ConnectionRequest");
    private static readonly string JsonJws = new JwsBuilder(Payload).AddSignature(Targets.SigningKey, keyId: "key-1").ToJson();
    private static readonly string JsonJwe = Jwe.Encrypt(Payload, [Recipient]);
    private static readonly string CompactJwe = Jwe.EncryptCompact(Payload, Recipient);

    private static Arbitrary<string> Mutations(params string[] valid) =>
        Arb.From(Inputs.MutationsOf([.. valid.Select(System.Text.Encoding.UTF8.GetBytes)]).Generator.Select(System.Text.Encoding.UTF8.GetString));

    [Property(MaxTest = 300)]
    public Property Arbitrary_text_is_refused_only_with_MeshException() => Prop.ForAll(Inputs.AnyString, text =>
        Inputs.OnlyMeshException(() => JwsObject.Parse(text ?? ""))
        && Inputs.OnlyMeshException(() => JwsCompact.Parse(text ?? ""))
        && Inputs.OnlyMeshException(() => JweMessage.Parse(text ?? "")));

    [Property(MaxTest = 300)]
    public Property Arbitrary_bytes_are_refused_only_with_MeshException() => Prop.ForAll(Inputs.AnyBytes, bytes =>
        Inputs.OnlyMeshException(() => JwsObject.Parse(bytes)));

    [Property(MaxTest = 400)]
    public Property A_mutated_JWS_is_refused_with_MeshException_or_verifies_to_the_same_payload() => Prop.ForAll(Mutations(CompactJws, JsonJws), text =>
    {
        byte[] payload;
        try
        {
            var jws = text.TrimStart().StartsWith('{') ? JwsObject.Parse(text) : JwsCompact.Parse(text);
            payload = jws.RequireSignatureBy(Targets.SigningKey.PublicKey);
        }
        catch (MeshException)
        {
            return true;
        }
        return payload.AsSpan().SequenceEqual(Payload);
    });

    [Property(MaxTest = 300)]
    public Property A_mutated_JWE_is_refused_with_MeshException_or_decrypts_to_the_same_plaintext() => Prop.ForAll(Mutations(JsonJwe, CompactJwe), text =>
    {
        byte[] plaintext;
        try
        {
            plaintext = JweMessage.Parse(text).Decrypt(Targets.SymmetricKey);
        }
        catch (MeshException)
        {
            return true;
        }
        return plaintext.AsSpan().SequenceEqual(Payload);
    });

    [Property(MaxTest = 100)]
    public Property A_signature_verifies_only_under_its_own_key() => Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), payload =>
    {
        using var other = KeyPair.Generate(KeyAlgorithm.Ed25519);
        var jws = JwsCompact.Parse(JwsCompact.Sign(payload, Targets.SigningKey));
        return jws.RequireSignatureBy(Targets.SigningKey.PublicKey).AsSpan().SequenceEqual(payload)
            && Assert.Throws<MeshException>(() => jws.RequireSignatureBy(other.PublicKey)) is not null;
    });
}
