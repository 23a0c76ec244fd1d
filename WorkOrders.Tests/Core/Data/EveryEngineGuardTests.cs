using System.Reflection;
using WorkOrders.Tests.TestSupport;

namespace WorkOrders.Tests.Core.Data;

/// <summary>Every Core service test runs on SQLite and on PostgreSQL: this guard fails when a test class does not.</summary>
public sealed class EveryEngineGuardTests
{
    private static readonly MethodInfo StartCore = typeof(CoreHost).GetMethod(nameof(CoreHost.StartAsync))!;

    [Fact]
    public void CoreAndDataTests_AnyThatStartsADatabase_RunsOnSqliteAndPostgreSQL()
    {
        var types = typeof(EveryEngineGuardTests).Assembly.GetTypes()
            .Where(t => t.Namespace is { } ns && ns.StartsWith("WorkOrders.Tests.Core", StringComparison.Ordinal))
            .Where(t => !t.FullName!.StartsWith(typeof(EveryEngineGuardTests).FullName!, StringComparison.Ordinal)); // its samples break the rule on purpose

        Assert.Empty(Violations(types, IsXunitTest));
    }

    [Fact]
    public void Guard_ClassesThatLeaveAnEngineOut_AreEachReported()
    {
        var violations = Violations(typeof(Samples).GetNestedTypes(), m => m.IsDefined(typeof(SampleTestAttribute)));

        Assert.Contains(violations, v => v.Contains(nameof(Samples.OnlySqlite), StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains(nameof(Samples.StartsCoreDirectly), StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains(nameof(Samples.NotNested), StringComparison.Ordinal));
        Assert.DoesNotContain(violations, v => v.Contains(nameof(Samples.BothEngines), StringComparison.Ordinal));
        Assert.DoesNotContain(violations, v => v.Contains(nameof(Samples.NoDatabase), StringComparison.Ordinal));
    }

    private static bool IsXunitTest(MethodInfo method) => method.IsDefined(typeof(FactAttribute), inherit: true);

    internal static List<string> Violations(IEnumerable<Type> types, Func<MethodInfo, bool> isTest)
    {
        var violations = new List<string>();
        foreach (var type in types.Where(t => t.IsClass && !t.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute))))
        {
            var hasTests = type.GetMethods(BindingFlags.Public | BindingFlags.Instance).Any(isTest);
            if (typeof(DatabaseTest).IsAssignableFrom(type))
            {
                if (type.IsAbstract)
                {
                    if (!hasTests) continue;
                    foreach (var engine in new[] { "OnSqlite", "OnPostgreSQL" })
                    {
                        var run = type.GetNestedType(engine);
                        if (run is null || run.BaseType != type || run.IsAbstract) violations.Add($"{type.FullName} has no nested class {engine} deriving from it");
                    }
                }
                else if (type.DeclaringType is null || type.BaseType != type.DeclaringType || type.Name is not ("OnSqlite" or "OnPostgreSQL"))
                {
                    violations.Add($"{type.FullName} is a database test but not one of its abstract class's nested OnSqlite/OnPostgreSQL runs");
                }
            }
            else if (hasTests && !type.IsAbstract && StartsCore(type))
            {
                violations.Add($"{type.FullName} starts a CoreHost without running on both engines: derive from {nameof(DatabaseTest)}");
            }
        }
        return violations;
    }

    /// <summary>Whether any method of the type (its lambdas and async bodies included) calls CoreHost.StartAsync.</summary>
    private static bool StartsCore(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            var il = method.GetMethodBody()?.GetILAsByteArray();
            if (il is null) continue;
            for (var i = 0; i + 4 < il.Length; i++)
            {
                if (il[i] is not (0x28 or 0x6F)) continue; // call, callvirt
                try
                {
                    if (type.Module.ResolveMethod(BitConverter.ToInt32(il, i + 1)) is MethodInfo called && called.Equals(StartCore)) return true;
                }
                catch (Exception ex) when (ex is ArgumentException or BadImageFormatException)
                {
                    // Not a method token: the byte was an operand, not a call.
                }
            }
        }
        return type.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic).Any(StartsCore);
    }

    [AttributeUsage(AttributeTargets.Method)]
    private sealed class SampleTestAttribute : Attribute;

    /// <summary>Shapes the guard must catch or let pass; their methods are no xunit tests.</summary>
    private static class Samples
    {
        public abstract class BothEngines : DatabaseTest
        {
            [SampleTest] public Task Run() => StartCoreAsync();
            public sealed class OnSqlite : BothEngines { protected override TestDatabase Database => TestDatabase.Sqlite; }
            public sealed class OnPostgreSQL : BothEngines { protected override TestDatabase Database => TestDatabase.PostgreSQL; }
        }

        public abstract class OnlySqlite : DatabaseTest
        {
            [SampleTest] public Task Run() => StartCoreAsync();
            public sealed class OnSqlite : OnlySqlite { protected override TestDatabase Database => TestDatabase.Sqlite; }
        }

        public sealed class NotNested : DatabaseTest
        {
            protected override TestDatabase Database => TestDatabase.Sqlite;
            [SampleTest] public Task Run() => StartCoreAsync();
        }

        public sealed class StartsCoreDirectly
        {
            [SampleTest] public Task Run() => CoreHost.StartAsync();
        }

        public sealed class NoDatabase
        {
            [SampleTest] public void Run() => Assert.True(true);
        }
    }
}
