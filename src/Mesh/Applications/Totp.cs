// RFC 6238 (TOTP) over RFC 4226 (HOTP), with secrets in the otpauth:// key URI format that
// authenticator apps read (Google Authenticator's "Key Uri Format").
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using Mesh.Encoding;

namespace Mesh.Applications;

/// <summary>A TOTP secret and its parameters.</summary>
/// <param name="Secret">the shared secret</param>
/// <param name="Algorithm">SHA1 (the default), SHA256 or SHA512</param>
/// <param name="Digits">6 (the default) to 8</param>
/// <param name="Period">the time step in seconds (30 by default)</param>
/// <param name="Issuer">who issued it, or null</param>
/// <param name="Label">the account name it is for, or null</param>
public sealed record TotpSecret(byte[] Secret, HashAlgorithmName Algorithm, int Digits, int Period, string? Issuer = null, string? Label = null);

/// <summary>Computes TOTP codes and reads and writes otpauth:// URIs.</summary>
public static class Totp
{
    /// <summary>
    /// Reads an <c>otpauth://totp/LABEL?secret=BASE32&amp;issuer=…&amp;algorithm=SHA1|SHA256|SHA512&amp;digits=6..8&amp;period=N</c>
    /// URI, or a bare base32 secret (spaces allowed) with the defaults; false with the reason otherwise (HOTP is not supported).
    /// </summary>
    public static bool TryParse(string text, out TotpSecret? secret, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        secret = null;
        text = text.Trim();
        if (!text.StartsWith("otpauth:", StringComparison.OrdinalIgnoreCase))
            return TryDecodeSecret(text, out var bare, out error) && Make(bare, "SHA1", "6", "30", null, null, out secret, out error);
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || !string.Equals(uri.Host, "totp", StringComparison.OrdinalIgnoreCase))
        {
            error = "An authenticator secret is an otpauth://totp/… URI or a base32 secret (otpauth://hotp counters are not supported).";
            return false;
        }
        var query = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            if (at > 0) query.TryAdd(Uri.UnescapeDataString(pair[..at]), Uri.UnescapeDataString(pair[(at + 1)..].Replace('+', ' ')));
        }
        var label = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (!query.TryGetValue("secret", out var encoded))
        {
            error = "The otpauth URI has no secret.";
            return false;
        }
        if (!TryDecodeSecret(encoded, out var bytes, out error)) return false;
        return Make(bytes, query.GetValueOrDefault("algorithm", "SHA1"), query.GetValueOrDefault("digits", "6"), query.GetValueOrDefault("period", "30"),
            query.GetValueOrDefault("issuer"), label.Length == 0 ? null : label, out secret, out error);
    }

    /// <summary>Reads a secret as <see cref="TryParse"/> does; throws <see cref="ArgumentException"/> with the reason when it is not one.</summary>
    public static TotpSecret Parse(string text) => TryParse(text, out var secret, out var error) ? secret! : throw new ArgumentException(error, nameof(text));

    /// <summary>The secret as an otpauth://totp URI (the form a password entry keeps).</summary>
    public static string ToUri(TotpSecret secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var label = Uri.EscapeDataString(secret.Label ?? "");
        var uri = $"otpauth://totp/{label}?secret={Base32.Encode(secret.Secret)}";
        if (secret.Issuer is { } issuer) uri += $"&issuer={Uri.EscapeDataString(issuer)}";
        if (secret.Algorithm != HashAlgorithmName.SHA1) uri += $"&algorithm={secret.Algorithm.Name}";
        if (secret.Digits != 6) uri += $"&digits={secret.Digits.ToString(CultureInfo.InvariantCulture)}";
        if (secret.Period != 30) uri += $"&period={secret.Period.ToString(CultureInfo.InvariantCulture)}";
        return uri;
    }

    /// <summary>The code at a time (RFC 6238 section 4: T = floor(unix time / period), HOTP of T), zero-padded to the digits.</summary>
    public static string Code(TotpSecret secret, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(secret);
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, Math.DivRem(time.ToUnixTimeSeconds(), secret.Period).Quotient);
        var mac = secret.Algorithm == HashAlgorithmName.SHA512 ? HMACSHA512.HashData(secret.Secret, counter)
            : secret.Algorithm == HashAlgorithmName.SHA256 ? HMACSHA256.HashData(secret.Secret, counter)
            : Sha1Mac(secret.Secret, counter);
        // RFC 4226 section 5.3: dynamic truncation.
        var offset = mac[^1] & 0x0f;
        var binary = BinaryPrimitives.ReadInt32BigEndian(mac.AsSpan(offset)) & 0x7fffffff;
        return (binary % (int)Math.Pow(10, secret.Digits)).ToString(CultureInfo.InvariantCulture).PadLeft(secret.Digits, '0');
    }

    /// <summary>How many seconds the code of <paramref name="time"/> stays valid.</summary>
    public static int SecondsLeft(TotpSecret secret, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return secret.Period - (int)(time.ToUnixTimeSeconds() % secret.Period);
    }

    // RFC 6238's default, fixed by every authenticator that reads these URIs.
#pragma warning disable CA5350
    private static byte[] Sha1Mac(byte[] key, ReadOnlySpan<byte> data) => HMACSHA1.HashData(key, data);
#pragma warning restore CA5350

    private static bool TryDecodeSecret(string text, out byte[] bytes, out string? error)
    {
        var symbols = text.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).TrimEnd('=');
        if (symbols.Length == 0 || !Base32.TryDecode(symbols, out bytes) || bytes.Length < 10)
        {
            bytes = [];
            error = "The authenticator secret is not base32 of at least 80 bits.";
            return false;
        }
        error = null;
        return true;
    }

    private static bool Make(byte[] bytes, string algorithm, string digits, string period, string? issuer, string? label, out TotpSecret? secret, out string? error)
    {
        secret = null;
        HashAlgorithmName? hash = algorithm.ToUpperInvariant() switch
        {
            "SHA1" => HashAlgorithmName.SHA1,
            "SHA256" => HashAlgorithmName.SHA256,
            "SHA512" => HashAlgorithmName.SHA512,
            _ => null,
        };
        error = hash is null ? $"The TOTP algorithm {algorithm} is not SHA1, SHA256 or SHA512."
            : !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var d) || d is < 6 or > 8 ? $"A TOTP code has 6 to 8 digits, not {digits}."
            : !int.TryParse(period, NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p is < 1 or > 3600 ? $"The TOTP period {period} is not 1 to 3600 seconds."
            : null;
        if (error is not null) return false;
        secret = new TotpSecret(bytes, hash!.Value, int.Parse(digits, CultureInfo.InvariantCulture), int.Parse(period, CultureInfo.InvariantCulture), issuer, label);
        return true;
    }
}
