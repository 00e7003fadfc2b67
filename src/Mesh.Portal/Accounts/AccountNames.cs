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
    /// null with the reason (in the first of <paramref name="languages"/> the portal has) and the offending characters.
    /// </summary>
    public static string? Check(string? proposed, string portal, out string? reason, out string? invalidCharacters, IReadOnlyList<string>? languages = null)
    {
        ArgumentNullException.ThrowIfNull(portal);
        var (id, key, args) = Rules(proposed, portal);
        invalidCharacters = key == "NameBadCharacters" ? (string)args[0] : null;
        reason = key is null ? null : Messages.Text(languages, key, args);
        return id;
    }

    private static (string? Id, string? Key, object[] Args) Rules(string? proposed, string portal)
    {
        if (string.IsNullOrWhiteSpace(proposed)) return (null, "NameMissing", []);
        var name = proposed.Trim().ToLowerInvariant();
        var at = name.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            if (!string.Equals(name[(at + 1)..], portal, StringComparison.OrdinalIgnoreCase))
                return (null, "NameWrongPortal", [portal, name[(at + 1)..]]);
            name = name[..at];
        }
        var bad = new string([.. name.Where(c => !IsAllowed(c)).Distinct()]);
        if (bad.Length > 0) return (null, "NameBadCharacters", [bad]);
        if (name.Length < Minimum) return (null, "NameTooShort", [Minimum]);
        if (name.Length > Maximum) return (null, "NameTooLong", [Maximum]);
        if (!char.IsAsciiLetterOrDigit(name[0]) || !char.IsAsciiLetterOrDigit(name[^1])) return (null, "NameBadEnds", []);
        for (var i = 1; i < name.Length; i++)
            if (!char.IsAsciiLetterOrDigit(name[i]) && !char.IsAsciiLetterOrDigit(name[i - 1])) return (null, "NameDoublePunctuation", []);
        if (Reserved.Contains(name)) return (null, "NameReserved", [name]);
        return ($"{name}@{portal.ToLowerInvariant()}", null, []);
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
}
