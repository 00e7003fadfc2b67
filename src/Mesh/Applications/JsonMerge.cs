// A three-way merge of two changes to one JSON document (an application's private part): what
// only one side changed is taken from it; lists of items that have an identity (SSH keys by public
// key, known hosts, Wi-Fi networks by name, site patterns) are merged item by item; an item one side
// deleted and the other changed is kept; a value both sides changed differently takes "mine".
using System.Text.Json.Nodes;

namespace Mesh.Applications;

/// <summary>Three-way merge of JSON documents.</summary>
public static class JsonMerge
{
    // The members whose arrays are sets of items, each with the key that identifies an item.
    private static readonly Dictionary<string, Func<JsonNode, string>> KeyedLists = new(StringComparer.Ordinal)
    {
        ["Keys"] = item => Text(item, "PublicKey"),
        ["KnownHosts"] = item => Text(item, "PublicKey") + " " + (item["Hosts"]?.ToJsonString() ?? ""),
        ["WiFi"] = item => Text(item, "SSID"),
        ["Sites"] = item => item.ToJsonString(),
        ["NeverAsk"] = item => item.ToJsonString(),
    };

    /// <summary>
    /// The result of applying the change from <paramref name="base"/> to <paramref name="mine"/> onto
    /// <paramref name="theirs"/> (null: absent). Equal to <paramref name="theirs"/> when mine changed nothing,
    /// to <paramref name="mine"/> when theirs did not change.
    /// </summary>
    public static JsonNode? ThreeWay(JsonNode? @base, JsonNode? mine, JsonNode? theirs) => Merge(@base, mine, theirs, "");

    private static JsonNode? Merge(JsonNode? b, JsonNode? m, JsonNode? t, string member)
    {
        if (JsonNode.DeepEquals(m, b)) return t?.DeepClone();
        if (JsonNode.DeepEquals(t, b) || JsonNode.DeepEquals(m, t)) return m?.DeepClone();
        // Deleted on one side and changed on the other: the change is kept.
        if (m is null) return t!.DeepClone();
        if (t is null) return m.DeepClone();
        if (m is JsonObject mine && t is JsonObject theirs)
        {
            var merged = new JsonObject();
            foreach (var name in theirs.Select(p => p.Key).Concat(mine.Select(p => p.Key)).Distinct(StringComparer.Ordinal))
                if (Merge((b as JsonObject)?[name], mine[name], theirs[name], name) is { } value) merged[name] = value;
            return merged;
        }
        if (m is JsonArray ma && t is JsonArray ta && KeyedLists.TryGetValue(member, out var key))
        {
            var bi = Index(b as JsonArray, key);
            var mi = Index(ma, key);
            var ti = Index(ta, key);
            var merged = new JsonArray();
            foreach (var k in ti.Keys.Concat(mi.Keys).Distinct(StringComparer.Ordinal))
                if (Merge(bi.GetValueOrDefault(k), mi.GetValueOrDefault(k), ti.GetValueOrDefault(k), member + "[]") is { } item) merged.Add(item);
            return merged;
        }
        return m.DeepClone();
    }

    private static Dictionary<string, JsonNode> Index(JsonArray? items, Func<JsonNode, string> key)
    {
        var index = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var item in items ?? []) if (item is not null) index.TryAdd(key(item), item);
        return index;
    }

    private static string Text(JsonNode item, string member) => item is JsonObject o && o[member] is JsonValue v && v.TryGetValue<string>(out var s) ? s : item.ToJsonString();
}
