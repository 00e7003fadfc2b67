// Draft section 5.7.2 (AutoGenerate): strong, not memorable, passwords for a password profile.
using System.Numerics;
using System.Security.Cryptography;

namespace Mesh.Applications;

/// <summary>The character classes a generated password draws from.</summary>
[Flags]
public enum CharacterClasses
{
    /// <summary>No class.</summary>
    None = 0,
    /// <summary>a to z.</summary>
    Lower = 1,
    /// <summary>A to Z.</summary>
    Upper = 2,
    /// <summary>0 to 9.</summary>
    Digits = 4,
    /// <summary>The punctuation of <see cref="PasswordGenerator.Symbols"/>.</summary>
    Symbols = 8,
    /// <summary>Every class.</summary>
    All = Lower | Upper | Digits | Symbols,
}

/// <summary>What a generated password is made of.</summary>
public sealed record PasswordPolicy
{
    /// <summary>The number of characters: at least the number of classes, at most <see cref="PasswordGenerator.MaxLength"/>. 20 unless set.</summary>
    public int Length { get; init; } = 20;

    /// <summary>The classes to draw from; the password has at least one character of each. All unless set.</summary>
    public CharacterClasses Classes { get; init; } = CharacterClasses.All;

    /// <summary>Whether to leave out characters easily mistaken for one another (<see cref="PasswordGenerator.LookAlikes"/>).</summary>
    public bool ExcludeLookAlikes { get; init; }
}

/// <summary>A generated password and the entropy of the process that made it. Its ToString does not show the password.</summary>
public sealed class GeneratedPassword
{
    internal GeneratedPassword(string password, double entropyBits)
    {
        Password = password;
        EntropyBits = entropyBits;
    }

    /// <summary>The password.</summary>
    public string Password { get; }

    /// <summary>log2 of the number of passwords the policy allows, each equally likely.</summary>
    public double EntropyBits { get; }

    /// <inheritdoc/>
    public override string ToString() => $"a password of {Password.Length} characters, {EntropyBits:F1} bits";
}

/// <summary>
/// Generates passwords with <see cref="RandomNumberGenerator"/> alone. Every character is drawn
/// uniformly from the union of the chosen classes (<see cref="RandomNumberGenerator.GetInt32(int)"/>,
/// which has no modulo bias), and a password lacking a chosen class is thrown away and drawn again.
/// The result is uniform over exactly the passwords that have every chosen class, so its entropy is
/// log2 of their number N, counted by inclusion–exclusion:
/// N = Σ over subsets S of the classes of (−1)^|S| (A − |S's characters|)^L, for an alphabet of A and length L.
/// That is L·log2(A) less the (small) adjustment for the passwords refused; placing one character of
/// each class at a random position instead would be biased and give less than it claims.
/// </summary>
public static class PasswordGenerator
{
    /// <summary>The longest password generated.</summary>
    public const int MaxLength = 256;

    /// <summary>
    /// The symbols: ASCII punctuation without space, quotes, backquote and backslash, which break
    /// naive web forms, configuration files and shells.
    /// </summary>
    public const string Symbols = "!#$%&()*+,-./:;<=>?@[]^_{|}~";

    /// <summary>Characters left out when <see cref="PasswordPolicy.ExcludeLookAlikes"/> is set.</summary>
    public const string LookAlikes = "0Oo1lI|";

    /// <summary>Generates a password; throws <see cref="ArgumentException"/> for a policy that allows none.</summary>
    public static GeneratedPassword Generate(PasswordPolicy? policy = null)
    {
        policy ??= new PasswordPolicy();
        var classes = Alphabets(policy);
        var alphabet = string.Concat(classes);
        var chars = new char[policy.Length];
        try
        {
            do
            {
                for (var i = 0; i < chars.Length; i++) chars[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
            }
            while (!classes.All(c => chars.AsSpan().IndexOfAny(c) >= 0));
            return new GeneratedPassword(new string(chars), EntropyBits(classes, policy.Length));
        }
        finally
        {
            Array.Clear(chars);
        }
    }

    /// <summary>The entropy in bits of a password generated under the policy.</summary>
    public static double Entropy(PasswordPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return EntropyBits(Alphabets(policy), policy.Length);
    }

    private static List<string> Alphabets(PasswordPolicy policy)
    {
        if (policy.Classes == CharacterClasses.None || (policy.Classes & ~CharacterClasses.All) != 0)
            throw new ArgumentException("Choose one or more of the character classes Lower, Upper, Digits and Symbols.", nameof(policy));
        var classes = new List<string>();
        void Add(CharacterClasses c, string characters)
        {
            if (policy.Classes.HasFlag(c))
                classes.Add(policy.ExcludeLookAlikes ? string.Concat(characters.Where(ch => !LookAlikes.Contains(ch, StringComparison.Ordinal))) : characters);
        }
        Add(CharacterClasses.Lower, "abcdefghijklmnopqrstuvwxyz");
        Add(CharacterClasses.Upper, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
        Add(CharacterClasses.Digits, "0123456789");
        Add(CharacterClasses.Symbols, Symbols);
        if (policy.Length < classes.Count || policy.Length > MaxLength)
            throw new ArgumentOutOfRangeException(nameof(policy), policy.Length,
                $"The length must be from {classes.Count} (one character of each class) to {MaxLength}.");
        return classes;
    }

    private static double EntropyBits(List<string> classes, int length)
    {
        var total = classes.Sum(c => c.Length);
        var count = BigInteger.Zero;
        for (var subset = 0; subset < 1 << classes.Count; subset++)
        {
            var left = total - classes.Where((_, i) => (subset & (1 << i)) != 0).Sum(c => c.Length);
            var term = BigInteger.Pow(left, length);
            count += BitOperations.PopCount((uint)subset) % 2 == 0 ? term : -term;
        }
        return BigInteger.Log(count, 2);
    }
}
