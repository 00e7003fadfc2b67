using System.Collections.Concurrent;
using System.Security.Cryptography;
using Mesh.Schema;

namespace Mesh.Profiles;

/// <summary>
/// Remembers master and device profiles already verified, so that verifying the next version of a
/// personal profile checks only what changed (a portal verifies every update; most updates change
/// neither the master profile nor the devices). Entries are keyed by the SHA-256 of the exact
/// signed JWS (protected header, payload and signature), so a different or altered object never
/// hits; they are kept for <see cref="Lifetime"/>, within which a certificate expiring is noticed
/// late. Thread-safe and bounded.
/// </summary>
public sealed class VerificationCache(int capacity = 10_000)
{
    /// <summary>How long a verification is remembered.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, (object Verified, DateTimeOffset Expires)> _entries = new(StringComparer.Ordinal);

    internal T GetOrVerify<T>(SignedProfile signed, DateTimeOffset now, Func<T> verify) where T : class
    {
        var key = Key(signed);
        if (key is not null && _entries.TryGetValue(key, out var hit) && hit.Expires > now && hit.Verified is T cached) return cached;
        var verified = verify();
        if (key is not null)
        {
            if (_entries.Count >= capacity) _entries.Clear();
            _entries[key] = (verified, now + Lifetime);
        }
        return verified;
    }

    private static string? Key(SignedProfile signed)
    {
        if (signed.SignedData is not { Payload: { } payload, Signatures: [{ Protected: { } header, Signature: { } signature }] }) return null;
        var text = $"{signed.GetType().Name}|{signed.Identifier}|{header}.{payload}.{signature}";
        return Convert.ToBase64String(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
    }
}
