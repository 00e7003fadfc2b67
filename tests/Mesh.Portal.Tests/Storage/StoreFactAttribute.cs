using Xunit.Abstractions;
using Xunit.Sdk;

namespace Mesh.Portal.Tests.Storage;

/// <summary>
/// A fact of the store contract. It runs like any fact, except in a test class marked
/// <see cref="RequiresPostgresAttribute"/> when no server is configured: there it is skipped with
/// the reason, or, in CI (CI=true), runs and fails loudly, since .ci/run starts a server.
/// </summary>
[XunitTestCaseDiscoverer("Mesh.Portal.Tests.Storage.StoreFactDiscoverer", "Mesh.Portal.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreFactAttribute : FactAttribute;

/// <summary>Marks a test class whose store is a PostgreSQL database (see <see cref="PostgresDatabase"/>).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresPostgresAttribute : Attribute;

/// <summary>Finds <see cref="StoreFactAttribute"/> tests; the class, not the base method, decides whether to skip.</summary>
public sealed class StoreFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        ArgumentNullException.ThrowIfNull(discoveryOptions);
        ArgumentNullException.ThrowIfNull(testMethod);
        if (testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresPostgresAttribute)).Any() && PostgresDatabase.SkipReason is { } reason)
            return [new XunitSkippedDataRowTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(),
                discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason)];
        return base.Discover(discoveryOptions, testMethod, factAttribute);
    }
}
