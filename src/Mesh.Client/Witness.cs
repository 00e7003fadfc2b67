// docs/connecting-devices.md: the witness code of a connection request.
using System.Security.Cryptography;
using Mesh.Encoding;

namespace Mesh.Client;

/// <summary>
/// The witness code of a connection request: a short code the new device shows when it asks to
/// connect and the administering device shows beside the pending request. When the two agree, the
/// request the administrator is about to accept is the one the user made, for the profile the user
/// meant: anyone who substituted a device, a profile or a request in between would have to find
/// another input with the same 100-bit code.
/// <para>
/// The code is the first 100 bits, in Base32 with a dash after every 4 symbols
/// (<c>XXXX-XXXX-XXXX-XXXX-XXXX</c>), of SHA-512 over the UTF-8 of these lines, each ended by LF:
/// <c>mesh-connection-witness</c>, the personal profile's UDF, the device's UDF, the device's nonce
/// (<c>ConnectionRequest.DeviceNonce</c>), and the TransactionID of the log entry recording the
/// request (<c>ConnectStartResponse.TransactionID</c>). UDFs are written in upper case without
/// dashes, the TransactionID in lower case. The nonce must be a nonce UDF (<see cref="Udf.IsNonce"/>).
/// </para>
/// <para>
/// Each side contributes something the other cannot choose: the device's nonce is fresh for each
/// request, and the portal's part is fixed by the position of the request in its append-only log,
/// which the device cannot know before it asks, and which the portal cannot pick freely after
/// seeing the device's nonce (a freely chosen value would let a dishonest portal search for two
/// requests with equal codes).
/// </para>
/// </summary>
public static class Witness
{
    /// <summary>The number of bits of the code.</summary>
    public const int Bits = 100;

    /// <summary>The witness code of a request; throws <see cref="ArgumentException"/> when an input is missing or not a UDF, or the nonce is not a nonce UDF.</summary>
    public static string Compute(string profileUdf, string deviceUdf, string deviceNonce, string transactionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(transactionId);
        if (!Udf.IsNonce(deviceNonce)) throw new ArgumentException($"'{deviceNonce}' is not a nonce UDF.", nameof(deviceNonce));
        var text = $"mesh-connection-witness\n{Canonical(profileUdf)}\n{Canonical(deviceUdf)}\n{Canonical(deviceNonce)}\n{transactionId.ToLowerInvariant()}\n";
        var digest = SHA512.HashData(System.Text.Encoding.UTF8.GetBytes(text));
        return Group(Base32.Encode(digest, Bits));
    }

    /// <summary>Whether two codes are equal, ignoring case, dashes and spaces (as a user may type them).</summary>
    public static bool AreEqual(string? first, string? second) =>
        first is not null && second is not null && string.Equals(Strip(first), Strip(second), StringComparison.Ordinal);

    /// <summary>Upper-case Base32 symbols with a dash after every 4.</summary>
    internal static string Group(string symbols) =>
        string.Join('-', symbols.Chunk(4).Select(c => new string(c)));

    /// <summary>The text without dashes and spaces, in upper case.</summary>
    internal static string Strip(string text) =>
        new(text.Where(c => c is not ('-' or ' ')).Select(char.ToUpperInvariant).ToArray());

    private static string Canonical(string udf)
    {
        if (!Udf.TryParse(udf, out _)) throw new ArgumentException($"'{udf}' is not a UDF.", nameof(udf));
        return Strip(udf);
    }
}
