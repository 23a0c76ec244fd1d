using Microsoft.Extensions.DependencyInjection;

namespace WorkOrders.Tests.TestSupport;

/// <summary>
/// A Core service test that runs on every engine the product supports. The class is abstract; it declares its runs
/// as nested classes, which say nothing but the engine:
/// <code>
/// public sealed class OnSqlite : MyTests { protected override TestDatabase Database => TestDatabase.Sqlite; }
/// public sealed class OnPostgreSQL : MyTests { protected override TestDatabase Database => TestDatabase.PostgreSQL; }
/// </code>
/// Every test starts its Core through <see cref="StartCoreAsync"/>; the guard in Data/EveryEngineGuardTests checks
/// that no test class under Core or Data starts one any other way or leaves an engine out.
/// </summary>
public abstract class DatabaseTest
{
    protected abstract TestDatabase Database { get; }

    protected Task<CoreHost> StartCoreAsync(bool seedDemoData = true, Action<IServiceCollection>? configure = null, IDictionary<string, string?>? settings = null) =>
        CoreHost.StartAsync(seedDemoData, configure, settings, Database);
}
