// C2SP signed-note (https://c2sp.org/signed-note), "Verifier keys": name+hex(key hash)+base64(algorithm || public key).
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using Mesh.Cryptography;

namespace Mesh.Transparency;

/// <summary>
/// The verifier key of a signed-note signer: its name, the 32-bit key hash that signatures carry, and its
/// Ed25519 public key (signature type 0x01, the only one this implementation signs or accepts). Its text form,
/// the <c>vkey</c>, is <c>NAME+HHHHHHHH+BASE64</c>: the key hash as 8 lower-case hex digits, and the standard
/// base64 (with padding) of the type byte followed by the 32-byte key. The key hash is the first 4 bytes
/// (big-endian) of SHA-256(name || 0x0A || type byte || key). Type 0x04 is a witness's Ed25519 cosigner key
/// (C2SP tlog-cosignature, <see cref="Cosignature"/>), whose signatures are over another message.
/// </summary>
public sealed record NoteVerifierKey
{
    /// <summary>The signature type of an Ed25519 note signer.</summary>
    public const byte Ed25519Type = 0x01;

    /// <summary>The signature type of an Ed25519 cosigner (C2SP tlog-cosignature, <c>cosignature/v1</c>).</summary>
    public const byte CosignatureType = 0x04;

    // DER SubjectPublicKeyInfo of an Ed25519 key (RFC 8410) up to the 32-byte key.
    private static readonly byte[] Ed25519SpkiPrefix = Convert.FromHexString("302a300506032b6570032100");

    private NoteVerifierKey(string name, uint keyHash, PublicKeyInfo key, byte type)
    {
        Name = name;
        KeyHash = keyHash;
        Key = key;
        Type = type;
    }

    /// <summary>The signature type: <see cref="Ed25519Type"/> or <see cref="CosignatureType"/>.</summary>
    public byte Type { get; }

    /// <summary>The signer's name (for a log, its origin).</summary>
    public string Name { get; }

    /// <summary>The key hash that identifies the key in signature lines.</summary>
    public uint KeyHash { get; }

    /// <summary>The Ed25519 public key.</summary>
    public PublicKeyInfo Key { get; }

    /// <summary>The verifier key of <paramref name="key"/> (Ed25519) under <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">the name is not a valid key name or the key is not Ed25519</exception>
    public static NoteVerifierKey For(string name, PublicKeyInfo key) => For(name, key, Ed25519Type);

    /// <summary>The cosigner key of <paramref name="key"/> (Ed25519) under <paramref name="name"/>: a witness's.</summary>
    /// <exception cref="ArgumentException">the name is not a valid key name or the key is not Ed25519</exception>
    public static NoteVerifierKey ForCosigner(string name, PublicKeyInfo key) => For(name, key, CosignatureType);

    private static NoteVerifierKey For(string name, PublicKeyInfo key, byte type)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!IsValidName(name)) throw new ArgumentException($"'{name}' is not a note key name: it must be non-empty UTF-8 without spaces or '+'.", nameof(name));
        if (key.Algorithm != KeyAlgorithm.Ed25519) throw new ArgumentException("Signed notes are signed with Ed25519 keys.", nameof(key));
        return new NoteVerifierKey(name, Hash(name, TypedKey(key, type)), key, type);
    }

    /// <summary>Reads a vkey (of a note signer or a cosigner); false when it is malformed, of another signature type, or its hash does not match.</summary>
    public static bool TryParse(string? vkey, [NotNullWhen(true)] out NoteVerifierKey? key)
    {
        key = null;
        var parts = vkey?.Split('+', 3);
        if (parts is not [var name, var hex, var encoded] || !IsValidName(name) || hex.Length != 8
            || !uint.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hash)) return false;
        byte[] typed;
        try
        {
            typed = Convert.FromBase64String(encoded);
        }
        catch (FormatException)
        {
            return false;
        }
        if (typed is not [Ed25519Type or CosignatureType, ..] || typed.Length != 33 || Hash(name, typed) != hash) return false;
        key = new NoteVerifierKey(name, hash, PublicKeyInfo.FromSubjectPublicKeyInfo([.. Ed25519SpkiPrefix, .. typed.AsSpan(1)]), typed[0]);
        return true;
    }

    /// <summary>The vkey text.</summary>
    public override string ToString() =>
        $"{Name}+{KeyHash.ToString("x8", CultureInfo.InvariantCulture)}+{Convert.ToBase64String(TypedKey(Key, Type))}";

    /// <summary>Whether <paramref name="name"/> can name a key: non-empty, no Unicode space, no '+'.</summary>
    public static bool IsValidName(string? name) =>
        !string.IsNullOrEmpty(name) && !name.Any(char.IsWhiteSpace) && !name.Contains('+', StringComparison.Ordinal) && IsWellFormed(name);

    /// <summary>Whether <paramref name="text"/> has a UTF-8 form (no lone surrogate).</summary>
    internal static bool IsWellFormed(string text)
    {
        try
        {
            _ = new System.Text.UTF8Encoding(false, true).GetByteCount(text);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static byte[] TypedKey(PublicKeyInfo key, byte type) => [type, .. key.ExportSubjectPublicKeyInfo().AsSpan(Ed25519SpkiPrefix.Length)];

    private static uint Hash(string name, ReadOnlySpan<byte> typedKey)
    {
        var input = new byte[System.Text.Encoding.UTF8.GetByteCount(name) + 1 + typedKey.Length];
        var n = System.Text.Encoding.UTF8.GetBytes(name, input);
        input[n] = (byte)'\n';
        typedKey.CopyTo(input.AsSpan(n + 1));
        return BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(input));
    }
}
