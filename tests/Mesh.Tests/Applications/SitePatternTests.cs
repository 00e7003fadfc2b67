using Mesh.Applications;

namespace Mesh.Tests.Applications;

public class SitePatternTests
{
    [Theory]
    [InlineData("*.example.com", "www.example.com")]
    [InlineData("*.example.com", "a.b.example.com")]
    [InlineData("*.example.com", "WWW.Example.COM")]
    [InlineData("*.EXAMPLE.com", "www.example.com.")]
    [InlineData("example.com", "example.com")]
    [InlineData("Example.COM", "example.com")]
    [InlineData("example.com.", "example.com")]
    [InlineData("*.xn--bcher-kva.example", "www.xn--bcher-kva.example")]
    [InlineData("192.168.1.1", "192.168.1.1")]
    public void Matches(string pattern, string host) => Assert.True(SitePattern.Matches(pattern, host));

    [Theory]
    [InlineData("*.example.com", "example.com")]
    [InlineData("*.example.com", "example.com.evil.net")]
    [InlineData("*.example.com", "evilexample.com")]
    [InlineData("*.example.com", "www.evilexample.com")]
    [InlineData("*.example.com", "*.example.com")]
    [InlineData("example.com", "www.example.com")]
    [InlineData("www.example.com", "example.com")]
    [InlineData("example.com", "example.co")]
    [InlineData("example.com", "")]
    [InlineData("example.com", "example..com")]
    [InlineData("*", "example.com")]
    [InlineData("*.com", "example.com")]
    [InlineData("*.1.1", "1.1.1.1")]
    public void Does_not_match(string pattern, string host) => Assert.False(SitePattern.Matches(pattern, host));

    [Theory]
    [InlineData("*")]
    [InlineData("*.")]
    [InlineData("*.com")]
    [InlineData("*.*.example.com")]
    [InlineData("www.*.com")]
    [InlineData("w*.example.com")]
    [InlineData("**.example.com")]
    [InlineData("")]
    [InlineData(".")]
    [InlineData(".example.com")]
    [InlineData("example..com")]
    [InlineData("-example.com")]
    [InlineData("example-.com")]
    [InlineData("exa_mple.com")]
    [InlineData("exa mple.com")]
    [InlineData("https://example.com")]
    [InlineData("example.com:443")]
    [InlineData("example.com/path")]
    [InlineData("bücher.example")]
    [InlineData("example.123")]
    [InlineData("256.1.1.1")]
    [InlineData("01.1.1.1")]
    [InlineData("*.1.1.1")]
    public void Invalid_patterns_are_refused(string pattern)
    {
        Assert.False(SitePattern.TryNormalize(pattern, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
        Assert.Throws<ArgumentException>(() => SitePattern.Normalize(pattern));
    }

    [Fact]
    public void Length_limits_are_those_of_dns()
    {
        var label63 = new string('a', 63);
        Assert.True(SitePattern.IsValid(label63 + ".com"));
        Assert.False(SitePattern.IsValid(label63 + "a.com"));
        var longest = string.Join('.', Enumerable.Repeat("abc", 63)) + ".a";
        Assert.Equal(253, longest.Length);
        Assert.True(SitePattern.IsValid(longest));
        Assert.True(SitePattern.IsValid(longest + "."));
        Assert.False(SitePattern.IsValid("x" + longest));
    }

    [Fact]
    public void Normal_form_is_lower_case_without_the_trailing_dot()
    {
        Assert.Equal("*.example.com", SitePattern.Normalize("*.Example.COM."));
        Assert.True(SitePattern.IsWildcard("*.example.com"));
        Assert.False(SitePattern.IsWildcard("example.com"));
    }

    [Fact]
    public void A_non_ascii_name_is_refused_with_a_hint_to_use_punycode()
    {
        Assert.False(SitePattern.TryNormalize("bücher.example", out _, out var error));
        Assert.Contains("punycode", error, StringComparison.Ordinal);
        Assert.False(SitePattern.TryNormalize("*.com", out _, out error));
        Assert.Contains("two labels", error, StringComparison.Ordinal);
    }
}
