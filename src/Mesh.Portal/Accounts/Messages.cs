using System.Globalization;
using System.Resources;

namespace Mesh.Portal.Accounts;

/// <summary>
/// The portal's explanatory text in the user's language (draft 7.6.1 Language): the first language
/// of the request's list that the catalogue (Resources/Messages.*.resx) has, English otherwise.
/// </summary>
public static class Messages
{
    /// <summary>The languages the catalogue has, English first.</summary>
    public static readonly IReadOnlyList<string> Languages = ["en", "fr"];

    private static readonly Dictionary<string, Dictionary<string, string>> Catalogues = Languages.ToDictionary(l => l, Load);

    /// <summary>The message <paramref name="key"/> in the first language of <paramref name="preferred"/> the portal has.</summary>
    public static string Text(IReadOnlyList<string>? preferred, string key, params object[] args)
    {
        var catalogue = Catalogues[Choose(preferred)];
        var format = catalogue.GetValueOrDefault(key) ?? Catalogues["en"].GetValueOrDefault(key)
            ?? throw new InvalidOperationException($"The message '{key}' is missing from the catalogue.");
        return string.Format(CultureInfo.InvariantCulture, format, args);
    }

    private static Dictionary<string, string> Load(string language)
    {
        var name = $"Mesh.Portal.Resources.Messages.{language}.resources";
        using var stream = typeof(Messages).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The message catalogue {name} is missing.");
        using var reader = new ResourceReader(stream);
        var messages = new Dictionary<string, string>(StringComparer.Ordinal);
        var entries = reader.GetEnumerator();
        while (entries.MoveNext()) messages[(string)entries.Key] = (string)entries.Value!;
        return messages;
    }

    /// <summary>The first language of the list that the catalogue has ("fr-CA" matches "fr"), else "en".</summary>
    public static string Choose(IReadOnlyList<string>? preferred)
    {
        foreach (var tag in preferred ?? [])
        {
            var primary = (tag ?? "").Split('-', '_')[0].Trim().ToLowerInvariant();
            if (Languages.Contains(primary)) return primary;
        }
        return "en";
    }
}
