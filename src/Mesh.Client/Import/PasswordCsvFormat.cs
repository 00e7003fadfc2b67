namespace Mesh.Client.Import;

/// <summary>The password managers whose CSV exports can be imported.</summary>
public enum PasswordCsvFormat
{
    /// <summary>Tell the format from the header.</summary>
    Auto,

    /// <summary>Chrome (and Edge, Brave): <c>name,url,username,password,note</c>.</summary>
    Chrome,

    /// <summary>Firefox: <c>url,username,password,httpRealm,formActionOrigin,guid,timeCreated,timeLastUsed,timePasswordChanged</c>.</summary>
    Firefox,

    /// <summary>Bitwarden: <c>folder,favorite,type,name,notes,fields,reminder,login_uri,login_username,login_password,login_totp</c>.</summary>
    Bitwarden,

    /// <summary>KeePassXC: <c>"Group","Title","Username","Password","URL","Notes","TOTP","Icon","Last Modified","Created"</c>.</summary>
    KeePassXC,

    /// <summary>Apple Passwords and Safari: <c>Title,URL,Username,Password,Notes,OTPAuth</c>.</summary>
    Apple,

    /// <summary>LastPass: <c>url,username,password,totp,extra,name,grouping,fav</c>; secure notes have the URL <c>http://sn</c>.</summary>
    LastPass,

    /// <summary>Bitwarden's unencrypted JSON export (<c>{"encrypted":false,"items":[…]}</c>), not CSV: read by <see cref="BitwardenJson"/>.</summary>
    BitwardenJson,

    /// <summary>KeePass 2's XML export (<c>&lt;KeePassFile&gt;</c>, also KeePassXC's), not CSV: read by <see cref="KeePassXml"/>.</summary>
    KeePassXml,

    /// <summary>The FIDO Alliance's Credential Exchange Format (CXF v1.0) JSON, not CSV: read by <see cref="CxfReader"/>.</summary>
    Cxf,

    /// <summary>1Password's <c>.1pux</c> export (a zip holding <c>export.data</c> JSON), not CSV: read by <see cref="OnePasswordPux"/>.</summary>
    OnePassword,
}

/// <summary>Where a format keeps a login's parts: column names, compared ignoring case.</summary>
/// <param name="Url">the site's URL</param>
/// <param name="Username">the username</param>
/// <param name="Password">the password</param>
/// <param name="Kind">the column telling logins from other items, with the value that marks a login (Bitwarden)</param>
/// <param name="Group">the column of the folder an item is in (KeePassXC)</param>
/// <param name="Notes">the column of the login's notes, when the format has one</param>
/// <param name="Totp">the column of its authenticator secret (an otpauth URI or base32), when the format has one</param>
/// <param name="NoteUrl">the URL that marks an item as a note rather than a login (LastPass's secure notes)</param>
internal sealed record PasswordCsvColumns(string Url, string Username, string Password, (string Column, string Login)? Kind = null, string? Group = null,
    string? Notes = null, string? Totp = null, string? NoteUrl = null)
{
    public static PasswordCsvColumns For(PasswordCsvFormat format) => format switch
    {
        PasswordCsvFormat.Chrome => new("url", "username", "password", Notes: "note"),
        PasswordCsvFormat.Firefox => new("url", "username", "password"),
        PasswordCsvFormat.Bitwarden => new("login_uri", "login_username", "login_password", ("type", "login"), Notes: "notes", Totp: "login_totp"),
        PasswordCsvFormat.KeePassXC => new("URL", "Username", "Password", Group: "Group", Notes: "Notes", Totp: "TOTP"),
        PasswordCsvFormat.Apple => new("URL", "Username", "Password", Notes: "Notes", Totp: "OTPAuth"),
        PasswordCsvFormat.LastPass => new("url", "username", "password", Notes: "extra", Totp: "totp", NoteUrl: "http://sn"),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Auto is not a format; BitwardenJson, KeePassXml, Cxf and OnePassword are not CSV."),
    };

    /// <summary>
    /// The format a header row belongs to, by the columns only it has: Bitwarden's login_ prefix,
    /// KeePassXC's Group and Title, Apple's OTPAuth, LastPass's extra and grouping, Firefox's
    /// httpRealm/formActionOrigin/guid, Chrome's name. A bare
    /// <c>url,username,password</c> (what <c>mesh password export</c> writes, and Chrome imports) is read as Chrome's.
    /// </summary>
    public static PasswordCsvFormat? Detect(IReadOnlyCollection<string> header)
    {
        bool Has(params string[] names) => names.All(n => header.Contains(n, StringComparer.OrdinalIgnoreCase));
        if (Has("login_uri", "login_password")) return PasswordCsvFormat.Bitwarden;
        if (Has("group", "title", "url", "password")) return PasswordCsvFormat.KeePassXC;
        if (Has("title", "url", "username", "password", "otpauth")) return PasswordCsvFormat.Apple;
        if (Has("url", "username", "password", "extra", "grouping")) return PasswordCsvFormat.LastPass;
        if (Has("url", "password") && (Has("httpRealm") || Has("formActionOrigin") || Has("guid"))) return PasswordCsvFormat.Firefox;
        if (Has("url", "username", "password")) return PasswordCsvFormat.Chrome;
        return null;
    }
}
