// This implementation's connection URI (docs/connecting-devices.md, "By camera"): what a QR code
// shown by `mesh device pin --qr` holds, for a new device to join with a PIN.
using System.Diagnostics.CodeAnalysis;

namespace Mesh.Client;

/// <summary>
/// <c>mesh:join?account=ACCOUNT&amp;pin=PIN[&amp;portal=URL]</c>: the account to join, a one-time PIN from
/// <see cref="ConnectionPin"/>, and the portal's URL when it is not found from the account's domain.
/// Values are percent-encoded (RFC 3986); unknown parameters are ignored.
/// </summary>
public static class JoinUri
{
    /// <summary>The URI's scheme and path.</summary>
    public const string Prefix = "mesh:join?";

    /// <summary>The URI for an account, a PIN and optionally a portal URL.</summary>
    public static string Format(string account, string pin, string? portalUrl = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(account);
        ArgumentException.ThrowIfNullOrEmpty(pin);
        var uri = $"{Prefix}account={Uri.EscapeDataString(account)}&pin={Uri.EscapeDataString(pin)}";
        return portalUrl is null ? uri : $"{uri}&portal={Uri.EscapeDataString(portalUrl)}";
    }

    /// <summary>Whether text looks like a join URI (rather than an account name).</summary>
    public static bool IsJoinUri(string text) => text.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads a join URI; false with the reason when it is not one, or lacks the account, a well-formed PIN or an http(s) portal.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out string? account, [NotNullWhen(true)] out string? pin, out string? portalUrl,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        (account, pin, portalUrl, error) = (null, null, null, null);
        if (!IsJoinUri(text.Trim()))
        {
            error = $"A join URI starts with {Prefix}.";
            return false;
        }
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in text.Trim()[Prefix.Length..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            if (at > 0) values.TryAdd(pair[..at], Uri.UnescapeDataString(pair[(at + 1)..]));
        }
        if (!values.TryGetValue("account", out account) || !account.Contains('@', StringComparison.Ordinal)) error = "The join URI names no account (NAME@DOMAIN).";
        else if (!values.TryGetValue("pin", out var typed) || !ConnectionPin.TryNormalize(typed, out pin)) error = "The join URI has no well-formed PIN.";
        else if (values.TryGetValue("portal", out portalUrl)
                 && !(Uri.TryCreate(portalUrl, UriKind.Absolute, out var portal) && portal.Scheme is "https" or "http"))
            error = "The join URI's portal is not an http or https URL.";
        if (error is null && account is not null && pin is not null) return true;
        (account, pin, portalUrl) = (null, null, null);
        error ??= "The join URI is not complete.";
        return false;
    }
}
