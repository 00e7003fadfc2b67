// The SIGNED{} shape shared by Certificate (RFC 5280 section 4.1) and CertificationRequest
// (RFC 2986 section 4.2): SEQUENCE { toBeSigned, signatureAlgorithm, signature BIT STRING }.
using System.Formats.Asn1;
using Org.BouncyCastle.Asn1;

namespace Mesh.X509;

/// <summary>
/// A signed structure split into the exact bytes that were signed, the DER AlgorithmIdentifier
/// and the signature, so signatures are verified over the bytes received, never a re-encoding.
/// </summary>
internal readonly record struct SignedEnvelope(ReadOnlyMemory<byte> ToBeSigned, ReadOnlyMemory<byte> Algorithm, ReadOnlyMemory<byte> Signature)
{
    /// <summary>Splits DER input; throws <see cref="MeshException"/> naming <paramref name="what"/> when it is not that shape in DER.</summary>
    internal static SignedEnvelope Parse(ReadOnlyMemory<byte> der, string what)
    {
        try
        {
            var reader = new AsnReader(der, AsnEncodingRules.DER);
            var outer = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            if (outer.PeekTag() != Asn1Tag.Sequence) throw new AsnContentException("The signed part is not a SEQUENCE.");
            var toBeSigned = outer.ReadEncodedValue();
            if (outer.PeekTag() != Asn1Tag.Sequence) throw new AsnContentException("The algorithm is not a SEQUENCE.");
            var algorithm = outer.ReadEncodedValue();
            var signature = outer.ReadBitString(out var unusedBits);
            outer.ThrowIfNotEmpty();
            if (unusedBits != 0) throw new AsnContentException("The signature is not a whole number of bytes.");
            return new SignedEnvelope(toBeSigned, algorithm, signature);
        }
        catch (AsnContentException e)
        {
            throw new MeshException($"The {what} is not DER: {e.Message}", e);
        }
    }

    /// <summary>
    /// Decodes DER with BouncyCastle and checks that re-encoding gives back the same bytes, so
    /// what is read is exactly what was signed. Every failure becomes a <see cref="MeshException"/>.
    /// <paramref name="read"/> should touch every field it needs, so that lazy decoding fails here.
    /// </summary>
    internal static T Decode<T>(ReadOnlyMemory<byte> der, Func<Asn1Object, T> read, string what) where T : Asn1Encodable
    {
        try
        {
            var value = read(Asn1Object.FromByteArray(der.ToArray()));
            if (!value.GetEncoded(Asn1Encodable.Der).AsSpan().SequenceEqual(der.Span))
                throw new MeshException($"The {what} is not in DER.");
            return value;
        }
        catch (Exception e) when (IsDecodingFailure(e))
        {
            throw new MeshException($"The {what} is malformed: {e.Message}", e);
        }
    }

    /// <summary>Runs a BouncyCastle read of untrusted data, turning its exceptions into <see cref="MeshException"/>.</summary>
    internal static T Guard<T>(Func<T> read, string what)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (IsDecodingFailure(e))
        {
            throw new MeshException($"The {what} is malformed: {e.Message}", e);
        }
    }

    // What BouncyCastle throws for bad encodings: Asn1Exception (an IOException) for the syntax,
    // ArgumentException from GetInstance for a wrong type, Asn1ParsingException (an
    // InvalidOperationException), FormatException for times and ArithmeticException for integers.
    private static bool IsDecodingFailure(Exception e) =>
        e is IOException or ArgumentException or InvalidCastException or InvalidOperationException
            or FormatException or ArithmeticException;
}
