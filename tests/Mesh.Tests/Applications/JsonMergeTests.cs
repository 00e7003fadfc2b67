using System.Text.Json.Nodes;
using Mesh.Applications;

namespace Mesh.Tests.Applications;

public class JsonMergeTests
{
    private static string? Merge(string? @base, string mine, string? theirs) =>
        JsonMerge.ThreeWay(@base is null ? null : JsonNode.Parse(@base), JsonNode.Parse(mine), theirs is null ? null : JsonNode.Parse(theirs))?.ToJsonString();

    [Fact]
    public void What_only_one_side_changed_is_taken_from_it()
    {
        Assert.Equal("""{"A":2,"B":3}""", Merge("""{"A":1,"B":1}""", """{"A":2,"B":1}""", """{"A":1,"B":3}"""));
        Assert.Equal("""{"A":1}""", Merge("""{"A":1}""", """{"A":1}""", """{"A":1}"""));
        // Nothing there yet (an application never published): mine.
        Assert.Equal("""{"A":1}""", Merge(null, """{"A":1}""", null));
    }

    [Fact]
    public void Items_of_keyed_lists_merge_one_by_one()
    {
        const string Base = """{"WiFi":[{"SSID":"home","Passphrase":"a"},{"SSID":"old","Passphrase":"o"}]}""";
        const string Mine = """{"WiFi":[{"SSID":"home","Passphrase":"a"},{"SSID":"old","Passphrase":"o"},{"SSID":"mine","Passphrase":"m"}]}""";
        const string Theirs = """{"WiFi":[{"SSID":"home","Passphrase":"b"},{"SSID":"theirs","Passphrase":"t"}]}""";
        Assert.Equal("""{"WiFi":[{"SSID":"home","Passphrase":"b"},{"SSID":"theirs","Passphrase":"t"},{"SSID":"mine","Passphrase":"m"}]}""", Merge(Base, Mine, Theirs));
    }

    [Fact]
    public void An_item_deleted_on_one_side_and_changed_on_the_other_is_kept_and_a_setting_changed_on_both_takes_mine()
    {
        const string Base = """{"Keys":[{"PublicKey":"AAA","Comment":"x"}],"DNS":["a"]}""";
        Assert.Equal("""{"Keys":[{"PublicKey":"AAA","Comment":"y"}],"DNS":["m"]}""",
            Merge(Base, """{"Keys":[],"DNS":["m"]}""", """{"Keys":[{"PublicKey":"AAA","Comment":"y"}],"DNS":["t"]}"""));
        Assert.Equal("""{"Keys":[]}""", Merge("""{"Keys":[{"PublicKey":"AAA"}]}""", """{"Keys":[]}""", """{"Keys":[{"PublicKey":"AAA"}]}"""));
    }
}
