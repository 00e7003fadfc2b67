using Mesh.Schema;

namespace Mesh.Portal.Accounts;

/// <summary>
/// The rules for account names (draft 7.6): NAME or NAME@PORTAL, where NAME is 3 to 32 of
/// a-z, 0-9, '.', '-' and '_', begins and ends with a letter or digit, has no two punctuation
/// marks in a row, and is not reserved. Names are compared in lower case.
/// </summary>
public static class AccountNames
{
    /// <summary>The shortest name.</summary>
    public const int Minimum = 3;

    /// <summary>The longest name.</summary>
    public const int Maximum = 32;

    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "admin", "administrator", "root", "postmaster", "hostmaster", "webmaster", "abuse", "security",
        "support", "info", "noreply", "no-reply", "mesh", "portal", "system", "mmm", "www", "mail",
    };

    /// <summary>
    /// Checks a proposed name; returns the canonical account id (name@portal, lower case), or
    /// null with the reason and the offending characters.
    /// </summary>
    public static string? Check(string? proposed, string portal, out string? reason, out string? invalidCharacters)
    {
        ArgumentNullException.ThrowIfNull(portal);
        reason = null;
        invalidCharacters = null;
        if (string.IsNullOrWhiteSpace(proposed)) return Fail("No account name was given.", out reason);
        var name = proposed.Trim().ToLowerInvariant();
        var at = name.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            if (!string.Equals(name[(at + 1)..], portal, StringComparison.OrdinalIgnoreCase))
                return Fail($"Accounts on this portal end in @{portal}, not @{name[(at + 1)..]}.", out reason);
            name = name[..at];
        }
        var bad = new string([.. name.Where(c => !IsAllowed(c)).Distinct()]);
        if (bad.Length > 0)
        {
            invalidCharacters = bad;
            return Fail($"An account name may contain only a-z, 0-9, '.', '-' and '_'; '{bad}' is not allowed.", out reason);
        }
        if (name.Length < Minimum) return Fail($"An account name must have at least {Minimum} characters.", out reason);
        if (name.Length > Maximum) return Fail($"An account name must have at most {Maximum} characters.", out reason);
        if (!char.IsAsciiLetterOrDigit(name[0]) || !char.IsAsciiLetterOrDigit(name[^1]))
            return Fail("An account name must begin and end with a letter or a digit.", out reason);
        for (var i = 1; i < name.Length; i++)
            if (!char.IsAsciiLetterOrDigit(name[i]) && !char.IsAsciiLetterOrDigit(name[i - 1]))
                return Fail("An account name may not have two of '.', '-' and '_' in a row.", out reason);
        if (Reserved.Contains(name)) return Fail($"The name '{name}' is reserved.", out reason);
        return $"{name}@{portal.ToLowerInvariant()}";
    }

    /// <summary>The canonical id of an account named in a request, or a 400 MeshException naming the problem.</summary>
    public static string Require(string? proposed, string portal) =>
        Check(proposed, portal, out var reason, out _) ?? throw new MeshException(reason!);

    /// <summary>The lower-case form of an account id used for lookups (no rules applied).</summary>
    public static string Normalize(string? account, string portal)
    {
        if (string.IsNullOrWhiteSpace(account)) throw new MeshException("No account was given.");
        var name = account.Trim().ToLowerInvariant();
        return name.Contains('@', StringComparison.Ordinal) ? name : $"{name}@{portal.ToLowerInvariant()}";
    }

    /// <summary>The ValidateResponse limits shared by every answer.</summary>
    public static ValidateResponse Limits(ValidateResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response with { Minimum = Minimum, Maximum = Maximum };
    }

    private static bool IsAllowed(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-' or '_';

    private static string? Fail(string message, out string? reason)
    {
        reason = message;
        return null;
    }
}
