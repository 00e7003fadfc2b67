// Writes the CXF v1.0 header that CxfReader reads (see there for the structure).
using System.Security.Cryptography;
using System.Text.Json;
using Mesh.Applications;
using Mesh.Encoding;
using Mesh.Schema;
using Mesh.Ssh;

namespace Mesh.Client.Import;

/// <summary>Writes logins and SSH keys as a CXF v1.0 export.</summary>
public static class CxfWriter
{
    /// <summary>The relying-party identifier this exporter names itself with.</summary>
    public const string ExporterRpId = "mathmesh.com";

    /// <summary>
    /// One account (<paramref name="account"/>) holding an item per password entry (a <c>basic-auth</c>
    /// credential, with a <c>totp</c> and a <c>note</c> when it has them; its sites as the scope's URLs,
    /// wildcard patterns as written) and an item per SSH key given with its private half (<c>ssh-key</c>,
    /// PKCS#8) and per Wi-Fi network (<c>wifi</c>). Item identifiers are derived from the contents, so
    /// exporting twice gives the same items.
    /// </summary>
    public static void Write(Stream output, string account, IEnumerable<PasswordEntry> entries, IEnumerable<SshKeyEntry> sshKeys,
        IEnumerable<WiFiNetwork> wifi, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(wifi);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(sshKeys);
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteStartObject("version");
        w.WriteNumber("major", 1);
        w.WriteNumber("minor", 0);
        w.WriteEndObject();
        w.WriteString("exporterRpId", ExporterRpId);
        w.WriteString("exporterDisplayName", "Mathematical Mesh");
        w.WriteNumber("timestamp", time.ToUnixTimeSeconds());
        w.WriteStartArray("accounts");
        w.WriteStartObject();
        w.WriteString("id", Id(account));
        w.WriteString("username", account.Split('@')[0]);
        w.WriteString("email", account);
        w.WriteStartArray("collections");
        w.WriteEndArray();
        w.WriteStartArray("items");
        foreach (var entry in entries) WriteLogin(w, entry);
        foreach (var key in sshKeys.Where(k => k.PrivateKey is not null)) WriteSshKey(w, key);
        foreach (var network in wifi) WriteWiFi(w, network);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteLogin(Utf8JsonWriter w, PasswordEntry entry)
    {
        var sites = entry.Sites ?? [];
        w.WriteStartObject();
        w.WriteString("id", Id($"login\n{entry.Username}\n{string.Join('\n', sites)}"));
        w.WriteString("title", sites.Count > 0 ? sites[0] : "");
        w.WriteStartObject("scope");
        w.WriteStartArray("urls");
        foreach (var site in sites) w.WriteStringValue(SitePattern.IsWildcard(site) ? site : $"https://{site}/");
        w.WriteEndArray();
        w.WriteStartArray("androidApps");
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartArray("credentials");
        w.WriteStartObject();
        w.WriteString("type", "basic-auth");
        WriteField(w, "username", "string", entry.Username ?? "");
        WriteField(w, "password", "concealed-string", entry.Password ?? "");
        w.WriteEndObject();
        if (entry.OtpAuth is { } otp && Totp.TryParse(otp, out var secret, out _))
        {
            w.WriteStartObject();
            w.WriteString("type", "totp");
            w.WriteString("secret", Base32.Encode(secret!.Secret));
            w.WriteNumber("period", secret.Period);
            w.WriteNumber("digits", secret.Digits);
            // The key URI's label is "Issuer:account"; CXF has the two apart.
            if (secret.Label is { } label) w.WriteString("username", secret.Issuer is { } i && label.StartsWith(i + ":", StringComparison.Ordinal) ? label[(i.Length + 1)..] : label);
            w.WriteString("algorithm", secret.Algorithm.Name!.ToLowerInvariant());
            if (secret.Issuer is { } issuer) w.WriteString("issuer", issuer);
            w.WriteEndObject();
        }
        if (entry.Notes is { Length: > 0 } notes)
        {
            w.WriteStartObject();
            w.WriteString("type", "note");
            WriteField(w, "content", "string", notes);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteSshKey(Utf8JsonWriter w, SshKeyEntry key)
    {
        var comment = key.Comment ?? "";
        w.WriteStartObject();
        w.WriteString("id", Id($"ssh\n{Convert.ToBase64String(key.PublicKey ?? [])}"));
        if (key.Created is { } created) w.WriteNumber("creationAt", created.ToUnixTimeSeconds());
        w.WriteString("title", comment.Length > 0 ? comment : "SSH key");
        w.WriteStartArray("credentials");
        w.WriteStartObject();
        w.WriteString("type", "ssh-key");
        w.WriteString("keyType", key.PublicKey is { } blob && SshPublicKey.TryParseBlob(blob, out var parsed, out _) ? parsed!.AlgorithmName : "");
        w.WriteString("privateKey", Base64Url.Encode(key.PrivateKey));
        if (comment.Length > 0) w.WriteString("keyComment", comment);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteWiFi(Utf8JsonWriter w, WiFiNetwork network)
    {
        w.WriteStartObject();
        w.WriteString("id", Id($"wifi\n{network.SSID}"));
        w.WriteString("title", network.SSID);
        w.WriteStartArray("credentials");
        w.WriteStartObject();
        w.WriteString("type", "wifi");
        WriteField(w, "ssid", "string", network.SSID ?? "");
        if (network.Security is { } security) WriteField(w, "networkSecurityType", "wifi-network-security-type", security);
        if (network.Passphrase is { } passphrase) WriteField(w, "passphrase", "concealed-string", passphrase);
        WriteField(w, "hidden", "boolean", network.Hidden == true ? "true" : "false");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteField(Utf8JsonWriter w, string name, string type, string value)
    {
        w.WriteStartObject(name);
        w.WriteString("fieldType", type);
        w.WriteString("value", value);
        w.WriteEndObject();
    }

    // An opaque identifier of at most 64 bytes: the first 16 of a SHA-256 of what the item is.
    private static string Id(string what) => Base64Url.Encode(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(what)).AsSpan(0, 16));
}
