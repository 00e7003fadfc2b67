// RFC 4251 section 5: the data types of the SSH wire format (uint32, string, mpint), as the agent
// protocol (draft-ietf-sshm-ssh-agent), public key blobs and openssh-key-v1 use them.
using System.Buffers.Binary;
using System.Buffers;
using System.Numerics;

namespace Mesh.Ssh;

/// <summary>Appends SSH wire values to a growing buffer.</summary>
public sealed class SshWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new();

    /// <summary>A byte.</summary>
    public SshWriter Byte(byte value)
    {
        _buffer.Write([value]);
        return this;
    }

    /// <summary>A big-endian uint32.</summary>
    public SshWriter Number(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        _buffer.Write(bytes);
        return this;
    }

    /// <summary>A string: a uint32 length, then the bytes.</summary>
    public SshWriter Bytes(ReadOnlySpan<byte> value)
    {
        Number((uint)value.Length);
        _buffer.Write(value);
        return this;
    }

    /// <summary>A string of UTF-8 text.</summary>
    public SshWriter Text(string value) => Bytes(System.Text.Encoding.UTF8.GetBytes(value));

    /// <summary>An mpint of a non-negative integer given as big-endian unsigned bytes (leading zeros dropped, a zero added when the top bit is set).</summary>
    public SshWriter MPInt(ReadOnlySpan<byte> unsignedBigEndian)
    {
        var value = new BigInteger(unsignedBigEndian, isUnsigned: true, isBigEndian: true);
        return Bytes(value.IsZero ? [] : value.ToByteArray(isUnsigned: false, isBigEndian: true));
    }

    /// <summary>Raw bytes, without a length.</summary>
    public SshWriter Raw(ReadOnlySpan<byte> bytes)
    {
        _buffer.Write(bytes);
        return this;
    }

    /// <summary>The bytes written so far.</summary>
    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();
}

/// <summary>
/// Reads SSH wire values from untrusted bytes. Every read checks the length it is given against
/// what is left, so a hostile length never allocates or reads beyond the buffer; a malformed value
/// throws <see cref="FormatException"/>.
/// </summary>
public ref struct SshReader(ReadOnlySpan<byte> data)
{
    private ReadOnlySpan<byte> _rest = data;

    /// <summary>Whether every byte has been read.</summary>
    public readonly bool AtEnd => _rest.IsEmpty;

    /// <summary>How many bytes are left.</summary>
    public readonly int Remaining => _rest.Length;

    /// <summary>A byte.</summary>
    public byte Byte()
    {
        if (_rest.IsEmpty) throw new FormatException("The SSH message ends early.");
        var b = _rest[0];
        _rest = _rest[1..];
        return b;
    }

    /// <summary>A big-endian uint32.</summary>
    public uint Number()
    {
        if (_rest.Length < 4) throw new FormatException("The SSH message ends early.");
        var value = BinaryPrimitives.ReadUInt32BigEndian(_rest);
        _rest = _rest[4..];
        return value;
    }

    /// <summary>A string's bytes.</summary>
    public ReadOnlySpan<byte> Bytes()
    {
        var length = Number();
        if (length > (uint)_rest.Length) throw new FormatException($"An SSH string claims {length} bytes where {_rest.Length} are left.");
        var value = _rest[..(int)length];
        _rest = _rest[(int)length..];
        return value;
    }

    /// <summary>A string of UTF-8 text.</summary>
    public string Text()
    {
        var bytes = Bytes();
        try
        {
            return new System.Text.UTF8Encoding(false, true).GetString(bytes);
        }
        catch (System.Text.DecoderFallbackException)
        {
            throw new FormatException("An SSH string is not UTF-8.");
        }
    }

    /// <summary>A non-negative mpint as big-endian unsigned bytes without leading zeros.</summary>
    public byte[] MPInt()
    {
        var bytes = Bytes();
        if (bytes.Length > 0 && (bytes[0] & 0x80) != 0) throw new FormatException("An SSH mpint is negative.");
        var start = 0;
        while (start < bytes.Length && bytes[start] == 0) start++;
        return bytes[start..].ToArray();
    }

    /// <summary>Throws unless every byte has been read.</summary>
    public readonly void End()
    {
        if (!_rest.IsEmpty) throw new FormatException($"{_rest.Length} unexpected bytes follow the SSH value.");
    }

    /// <summary>The bytes left, read.</summary>
    public ReadOnlySpan<byte> Rest()
    {
        var rest = _rest;
        _rest = [];
        return rest;
    }
}
