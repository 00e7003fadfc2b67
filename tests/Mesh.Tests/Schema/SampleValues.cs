using System.Reflection;
using System.Text.Json;
using Mesh.Schema;

namespace Mesh.Tests.Schema;

/// <summary>Builds an instance of a wire type with every field set, so round trips cover every field.</summary>
internal static class SampleValues
{
    public static object Create(Type type, int depth = 0)
    {
        var instance = Activator.CreateInstance(ConcreteFor(type))!;
        foreach (var property in instance.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is null || property.Name == "EqualityContract") continue;
            var value = ValueFor(property.PropertyType, property.Name, depth);
            if (value is not null) property.SetValue(instance, value);
        }
        return instance;
    }

    private static Type ConcreteFor(Type type) =>
        type == typeof(Entry) ? typeof(DeviceProfile) : type;

    private static object? ValueFor(Type type, string name, int depth)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(string)) return $"{name}-value";
        if (underlying == typeof(long)) return 42L;
        if (underlying == typeof(bool)) return true;
        if (underlying == typeof(DateTimeOffset)) return new DateTimeOffset(2016, 9, 19, 12, 0, 0, 123, TimeSpan.Zero);
        if (underlying == typeof(byte[])) return new byte[] { 0xFB, 0xFF, 0x00, 0x3E };
        if (underlying == typeof(JsonElement)) return JsonDocument.Parse("""{"kid":"MB4A-KID"}""").RootElement.Clone();
        if (underlying.IsGenericType && underlying.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            var item = underlying.GetGenericArguments()[0];
            var element = ValueFor(item, name, depth);
            if (element is null) return null;
            var list = Array.CreateInstance(item, 2);
            list.SetValue(element, 0);
            list.SetValue(ValueFor(item, name, depth), 1);
            return list;
        }
        if (underlying.Namespace == "Mesh.Schema" && depth < 3) return Create(underlying, depth + 1);
        if (underlying == typeof(object) && depth < 3) return Create(typeof(AccountProfile), depth + 1);
        return null;
    }
}
