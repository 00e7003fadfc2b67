// The FIDO Alliance's Credential Exchange Format (CXF v1.0): a header {version, exporterRpId,
// exporterDisplayName, timestamp, accounts[]}, each account with items[], each item with a title,
// a scope {urls[], androidApps[]} and credentials[] tagged by "type" (basic-auth, totp, note,
// ssh-key, wifi, credit-card, passkey, …). Field values are "editable fields": {fieldType, value}.
using System.Security.Cryptography;
using System.Text.Json;
using Mesh.Applications;
using Mesh.Encoding;
using Mesh.Schema;
using Mesh.Ssh;

namespace Mesh.Client.Import;

/// <summary>An SSH key read from an export (a CXF <c>ssh-key</c> credential).</summary>
/// <param name="Item">the item's number in the file</param>
/// <param name="Pkcs8">its private key, PKCS#8 DER, already checked to be one this implementation signs with</param>
/// <param name="Comment">its comment (the key's, else the item's title)</param>
public sealed record ImportedSshKey(int Item, byte[] Pkcs8, string Comment);

/// <summary>What was read from a CXF file: the logins (with the file's problems), the SSH keys and the Wi-Fi networks.</summary>
/// <param name="Passwords">the logins, and the items not imported (bad, or holding nothing this implementation keeps)</param>
/// <param name="SshKeys">the SSH keys, for the SSH profile</param>
/// <param name="WiFi">the Wi-Fi networks, for the network profile</param>
/// <param name="KeptInNotes">credentials of a login's item that have no place of their own, kept in that login's notes</param>
public sealed record CxfImport(PasswordImport Passwords, IReadOnlyList<ImportedSshKey> SshKeys, IReadOnlyList<WiFiNetwork> WiFi, IReadOnlyList<ImportProblem> KeptInNotes);

/// <summary>Reads CXF v1.0 JSON.</summary>
public static class CxfReader
{
    /// <summary>Whether a JSON text is a CXF header (rather than another manager's JSON).</summary>
    public static bool Looks(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var start = text.AsSpan(0, Math.Min(text.Length, 4096));
        return start.Contains("\"exporterRpId\"", StringComparison.Ordinal) || start.Contains("\"exporterDisplayName\"", StringComparison.Ordinal);
    }

    /// <summary>
    /// Every item of every account: each <c>basic-auth</c> credential becomes a login for each web URL of
    /// the item's scope, with the item's <c>totp</c> (the first; others go to the notes) and <c>note</c>;
    /// <c>ssh-key</c> credentials become SSH keys and <c>wifi</c> ones Wi-Fi networks; any other credential of an item with a login is kept in
    /// its notes (as its JSON), and an item with nothing this implementation keeps is reported, by number
    /// and title, with its credential types. Throws <see cref="MeshException"/> (400) for text that is not
    /// CXF v1.
    /// </summary>
    public static CxfImport Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var document = Parse(text);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("accounts", out var accounts) || accounts.ValueKind != JsonValueKind.Array)
            throw new MeshException("The JSON file is not a Credential Exchange (CXF) export: it has no \"accounts\" list.");
        var major = root.TryGetProperty("version", out var version) && version.ValueKind == JsonValueKind.Object
            && version.TryGetProperty("major", out var m) && m.TryGetInt32(out var v) ? v : -1;
        if (major != 1)
            throw new MeshException($"The CXF export is of version {(major < 0 ? "(none)" : major)}; this reads version 1.");

        var state = new State();
        foreach (var account in accounts.EnumerateArray())
            if (account.ValueKind == JsonValueKind.Object && account.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
                foreach (var item in items.EnumerateArray()) ReadItem(item, ++state.Number, state);
        return new CxfImport(new PasswordImport(PasswordCsvFormat.Cxf, state.Logins, state.Bad, state.Ignored), state.SshKeys, state.WiFi, state.Kept);
    }

    private sealed class State
    {
        public int Number;
        public readonly List<ImportedLogin> Logins = [];
        public readonly List<ImportedSshKey> SshKeys = [];
        public readonly List<WiFiNetwork> WiFi = [];
        public readonly List<ImportProblem> Bad = [];
        public readonly List<ImportProblem> Ignored = [];
        public readonly List<ImportProblem> Kept = [];
    }

    private static void ReadItem(JsonElement item, int number, State state)
    {
        var title = Text(item, "title") ?? "";
        var place = $"item {number} ({title})";
        if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("credentials", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            state.Bad.Add(new(number, "not an item with a credentials list.", place));
            return;
        }
        var credentials = list.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.Object).ToList();
        string TypeOf(JsonElement c) => Text(c, "type") ?? "(untyped)";
        var logins = credentials.Where(c => TypeOf(c) == "basic-auth").ToList();
        var totps = credentials.Where(c => TypeOf(c) == "totp").ToList();
        var notes = credentials.Where(c => TypeOf(c) == "note").Select(c => Field(c, "content")).OfType<string>().ToList();
        var others = credentials.Where(c => TypeOf(c) is not ("basic-auth" or "totp" or "note" or "ssh-key" or "wifi")).ToList();

        foreach (var key in credentials.Where(c => TypeOf(c) == "ssh-key"))
            if (SshKey(key, title, out var read, out var error)) state.SshKeys.Add(new(number, read!.Value.Pkcs8, read.Value.Comment));
            else state.Bad.Add(new(number, error!, place));
        foreach (var wifi in credentials.Where(c => TypeOf(c) == "wifi"))
        {
            var network = new WiFiNetwork
            {
                SSID = Field(wifi, "ssid"), Security = Field(wifi, "networkSecurityType"), Passphrase = Field(wifi, "passphrase"),
                Hidden = Field(wifi, "hidden") == "true" ? true : null,
            };
            if (string.IsNullOrEmpty(network.SSID) || System.Text.Encoding.UTF8.GetByteCount(network.SSID) > 32)
                state.Bad.Add(new(number, "a wifi credential without a network name (ssid) of 1 to 32 bytes.", place));
            else state.WiFi.Add(network);
        }

        if (logins.Count == 0)
        {
            var left = others.Concat(totps).Select(TypeOf).Concat(notes.Select(_ => "note")).Distinct().ToList();
            if (left.Count > 0)
                state.Ignored.Add(new(number, $"not imported: {string.Join(", ", left)} (a login is a basic-auth credential; {Unmapped(left)}).", place));
            return;
        }

        var sites = new List<string>();
        var apps = new List<string>();
        string? problem = null;
        if (item.TryGetProperty("scope", out var scope) && scope.ValueKind == JsonValueKind.Object)
        {
            if (scope.TryGetProperty("urls", out var urls) && urls.ValueKind == JsonValueKind.Array)
                foreach (var url in urls.EnumerateArray().Where(u => u.ValueKind == JsonValueKind.String).Select(u => u.GetString()!.Trim()).Where(u => u.Length > 0))
                {
                    if (PasswordCsv.TrySite(url, out var site, out var error)) { if (!sites.Contains(site)) sites.Add(site); }
                    else problem ??= error;
                }
            if (scope.TryGetProperty("androidApps", out var android) && android.ValueKind == JsonValueKind.Array)
                apps.AddRange(android.EnumerateArray().Select(a => Text(a, "bundleId")).OfType<string>());
        }
        if (problem is not null) { state.Bad.Add(new(number, problem, place)); return; }
        if (sites.Count == 0) { state.Bad.Add(new(number, "no web URL in its scope.", place)); return; }

        // What has no field of its own is kept, readable, in the notes.
        var extra = new List<string>(notes);
        string? otp = null;
        foreach (var totp in totps)
        {
            if (otp is null && TotpUri(totp, out var uri)) otp = uri;
            else extra.Add($"CXF totp: {totp.GetRawText()}");
        }
        if (apps.Count > 0) extra.Add($"Android apps: {string.Join(", ", apps)}");
        foreach (var other in others)
        {
            extra.Add($"CXF {TypeOf(other)}: {other.GetRawText()}");
            state.Kept.Add(new(number, $"a {TypeOf(other)} credential, kept in the login's notes.", place));
        }
        var note = extra.Count == 0 ? null : string.Join('\n', extra);
        foreach (var login in logins)
        {
            var password = Field(login, "password") ?? "";
            if (password.Length == 0) { state.Bad.Add(new(number, "a basic-auth credential with no password.", place)); continue; }
            state.Logins.AddRange(sites.Select(s => new ImportedLogin(number, new Login(s, Field(login, "username") ?? "", password, note, otp))));
        }
    }

    private static string Unmapped(List<string> types) =>
        types.Contains("passkey") ? "a passkey's private key cannot be moved into a password vault" : "this implementation has no place for these";

    // RFC 4648 base32 secret, period, digits and algorithm, as a TOTP credential holds them.
    private static bool TotpUri(JsonElement totp, out string? uri)
    {
        uri = null;
        var secret = Text(totp, "secret");
        if (secret is null || !Base32.TryDecode(secret.Replace(" ", "", StringComparison.Ordinal).TrimEnd('='), out var bytes) || bytes.Length == 0) return false;
        var algorithm = (Text(totp, "algorithm") ?? "sha1").ToLowerInvariant() switch
        {
            "sha1" => HashAlgorithmName.SHA1,
            "sha256" => HashAlgorithmName.SHA256,
            "sha512" => HashAlgorithmName.SHA512,
            _ => default,
        };
        var digits = Number(totp, "digits") ?? 6;
        var period = Number(totp, "period") ?? 30;
        // Importers must ignore a TOTP of an unknown algorithm; it stays in the notes.
        if (algorithm == default || digits is < 6 or > 8 || period is < 1 or > 3600) return false;
        var (issuer, account) = (Text(totp, "issuer"), Text(totp, "username"));
        uri = Totp.ToUri(new TotpSecret(bytes, algorithm, digits, period, issuer, issuer is not null && account is not null ? $"{issuer}:{account}" : account));
        return true;
    }

    private static bool SshKey(JsonElement key, string title, out (byte[] Pkcs8, string Comment)? read, out string? error)
    {
        read = null;
        if (Text(key, "privateKey") is not { } encoded || !Base64Url.TryDecode(encoded.TrimEnd('='), out var der))
        {
            error = "an ssh-key credential whose privateKey is not base64url.";
            return false;
        }
        try
        {
            using var pair = SshKeyPair.FromPkcs8(der);
            read = (der, Text(key, "keyComment") is { Length: > 0 } comment ? comment : title);
            error = null;
            return true;
        }
        catch (Exception e) when (e is FormatException or CryptographicException or NotSupportedException or ArgumentException)
        {
            error = $"an ssh-key credential that cannot be used: {e.Message}";
            return false;
        }
    }

    // An editable field's value: {"fieldType": "string", "value": "…"} (a bare string is accepted too).
    private static string? Field(JsonElement credential, string property) =>
        credential.TryGetProperty(property, out var field) ? field.ValueKind switch
        {
            JsonValueKind.String => field.GetString(),
            JsonValueKind.Object => Text(field, "value"),
            _ => null,
        } : null;

    private static int? Number(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : null;

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    internal static JsonDocument Parse(string text)
    {
        try
        {
            return JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            throw new MeshException($"The file is not JSON: {e.Message}");
        }
    }
}
