using Mesh.Applications;

namespace Mesh.Tests.Applications;

public class PasswordGeneratorTests
{
    private const string Lower = "abcdefghijklmnopqrstuvwxyz";
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Digits = "0123456789";

    [Fact]
    public void The_default_is_20_characters_of_every_class()
    {
        for (var i = 0; i < 200; i++)
        {
            var password = PasswordGenerator.Generate().Password;
            Assert.Equal(20, password.Length);
            Assert.Contains(password, c => Lower.Contains(c, StringComparison.Ordinal));
            Assert.Contains(password, c => Upper.Contains(c, StringComparison.Ordinal));
            Assert.Contains(password, c => Digits.Contains(c, StringComparison.Ordinal));
            Assert.Contains(password, c => PasswordGenerator.Symbols.Contains(c, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(CharacterClasses.Lower, 1)]
    [InlineData(CharacterClasses.Digits, 12)]
    [InlineData(CharacterClasses.Lower | CharacterClasses.Digits, 2)]
    [InlineData(CharacterClasses.All, 4)]
    [InlineData(CharacterClasses.Upper | CharacterClasses.Symbols, 64)]
    public void Every_password_has_the_length_and_one_character_of_each_chosen_class_and_nothing_else(CharacterClasses classes, int length)
    {
        var policy = new PasswordPolicy { Length = length, Classes = classes };
        var sets = Sets(classes);
        for (var i = 0; i < 500; i++)
        {
            var password = PasswordGenerator.Generate(policy).Password;
            Assert.Equal(length, password.Length);
            Assert.All(sets, set => Assert.Contains(password, c => set.Contains(c, StringComparison.Ordinal)));
            Assert.All(password, c => Assert.Contains(sets, set => set.Contains(c, StringComparison.Ordinal)));
        }
    }

    [Fact]
    public void Look_alikes_can_be_left_out()
    {
        var policy = new PasswordPolicy { Length = 64, ExcludeLookAlikes = true };
        for (var i = 0; i < 200; i++)
            Assert.DoesNotContain(PasswordGenerator.Generate(policy).Password, c => PasswordGenerator.LookAlikes.Contains(c, StringComparison.Ordinal));
    }

    [Fact]
    public void Symbols_leave_out_characters_that_break_forms_and_shells()
    {
        Assert.Equal(28, PasswordGenerator.Symbols.Length);
        Assert.DoesNotContain(PasswordGenerator.Symbols, c => "\"'`\\ ".Contains(c, StringComparison.Ordinal));
        Assert.Equal(PasswordGenerator.Symbols.Length, PasswordGenerator.Symbols.Distinct().Count());
    }

    [Fact]
    public void Entropy_with_one_class_is_length_times_log2_of_its_size()
    {
        var bits = PasswordGenerator.Entropy(new PasswordPolicy { Length = 12, Classes = CharacterClasses.Digits });
        Assert.Equal(12 * Math.Log2(10), bits, 9);
        Assert.Equal(bits, PasswordGenerator.Generate(new PasswordPolicy { Length = 12, Classes = CharacterClasses.Digits }).EntropyBits, 9);
    }

    [Fact]
    public void Entropy_counts_exactly_the_passwords_with_every_class()
    {
        // Length 2 over lower and digits: 26*10*2 passwords have one of each.
        var bits = PasswordGenerator.Entropy(new PasswordPolicy { Length = 2, Classes = CharacterClasses.Lower | CharacterClasses.Digits });
        Assert.Equal(Math.Log2(26 * 10 * 2), bits, 9);

        // Length 3: 36^3 - 26^3 - 10^3.
        bits = PasswordGenerator.Entropy(new PasswordPolicy { Length = 3, Classes = CharacterClasses.Lower | CharacterClasses.Digits });
        Assert.Equal(Math.Log2(36 * 36 * 36 - 26 * 26 * 26 - 10 * 10 * 10), bits, 9);
    }

    [Fact]
    public void Entropy_of_the_default_is_a_little_under_length_times_log2_of_the_alphabet()
    {
        var full = 20 * Math.Log2(26 + 26 + 10 + 28);
        var bits = PasswordGenerator.Entropy(new PasswordPolicy());
        Assert.InRange(bits, full - 1, full);
        Assert.True(bits > 128);
        var noLookAlikes = PasswordGenerator.Entropy(new PasswordPolicy { ExcludeLookAlikes = true });
        Assert.True(noLookAlikes < bits);
        Assert.InRange(noLookAlikes, 20 * Math.Log2(24 + 24 + 8 + 27) - 1, 20 * Math.Log2(24 + 24 + 8 + 27));
    }

    [Fact]
    public void Characters_are_drawn_uniformly()
    {
        // 20,000 digits: each of 10 appears about 2,000 times; a chi-square over 9 degrees of
        // freedom above 40 happens by chance about once in 100,000 runs.
        var policy = new PasswordPolicy { Length = 200, Classes = CharacterClasses.Digits };
        var counts = new int[10];
        for (var i = 0; i < 100; i++)
            foreach (var c in PasswordGenerator.Generate(policy).Password) counts[c - '0']++;
        var expected = 20000 / 10.0;
        var chiSquare = counts.Sum(n => (n - expected) * (n - expected) / expected);
        Assert.True(chiSquare < 40, $"chi-square {chiSquare}");
    }

    [Fact]
    public void The_password_is_not_shown_by_ToString()
    {
        var generated = PasswordGenerator.Generate();
        Assert.DoesNotContain(generated.Password, generated.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Policies_that_allow_no_password_are_refused()
    {
        Assert.Throws<ArgumentException>(() => PasswordGenerator.Generate(new PasswordPolicy { Classes = CharacterClasses.None }));
        Assert.Throws<ArgumentException>(() => PasswordGenerator.Generate(new PasswordPolicy { Classes = (CharacterClasses)16 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => PasswordGenerator.Generate(new PasswordPolicy { Length = 3 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => PasswordGenerator.Generate(new PasswordPolicy { Length = 0, Classes = CharacterClasses.Lower }));
        Assert.Throws<ArgumentOutOfRangeException>(() => PasswordGenerator.Generate(new PasswordPolicy { Length = PasswordGenerator.MaxLength + 1 }));
    }

    private static List<string> Sets(CharacterClasses classes)
    {
        var sets = new List<string>();
        if (classes.HasFlag(CharacterClasses.Lower)) sets.Add(Lower);
        if (classes.HasFlag(CharacterClasses.Upper)) sets.Add(Upper);
        if (classes.HasFlag(CharacterClasses.Digits)) sets.Add(Digits);
        if (classes.HasFlag(CharacterClasses.Symbols)) sets.Add(PasswordGenerator.Symbols);
        return sets;
    }
}
